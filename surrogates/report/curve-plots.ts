/**
 * Curves of the reports: learning curves (error vs n_train), loss per epoch, error spectra
 * (Fourier bins with the band edges) and learned τ. Axis conventions: axes.ts.
 */
import type { TopLevelSpec } from "vega-lite";
import { coloursFor, integerAxis, logAxis, logIntegerAxis, modelColours } from "./axes.js";

const WIDTH = 420;
const HEIGHT = 260;

type Colours = { domain: string[]; range: string[] };

export interface CurvePoint {
  model: string;
  nTrain: number;
  error: number;
  dataset?: string;
}

/**
 * Error vs training-set size, log-log: per model a line with a marker at each n_train through
 * the mean over seeds, and each seed as a small hollow point. One panel per dataset.
 */
export function learningCurveSpec(points: CurvePoint[], title = "Learning curves", errorLabel = "test relative L2", colours?: Colours): TopLevelSpec {
  const values = points.map((p) => ({ ...p, dataset: p.dataset ?? "" }));
  const models = [...new Set(values.map((v) => v.model))];
  const c = coloursFor(colours ?? modelColours(models), models);
  const x = { field: "nTrain", type: "quantitative" as const, ...logIntegerAxis(values.map((v) => v.nTrain), "training samples (n_train)") };
  const y = { type: "quantitative" as const, ...logAxis(values.map((v) => v.error), errorLabel) };
  const color = { field: "model", type: "nominal" as const, title: "model", scale: c };
  const layer = [
    {
      mark: { type: "line" as const, strokeWidth: 2, point: { filled: true, size: 55 } },
      encoding: { x, y: { ...y, field: "error", aggregate: "mean" as const }, color },
    },
    {
      mark: { type: "point" as const, filled: false, size: 25, opacity: 0.7 },
      encoding: { x, y: { ...y, field: "error" }, color },
    },
  ];
  const datasets = new Set(values.map((v) => v.dataset));
  if (datasets.size <= 1) return { title, width: WIDTH, height: HEIGHT, data: { values }, layer };
  return {
    title,
    data: { values },
    facet: { column: { field: "dataset", type: "nominal", title: null, header: { labelFontSize: 13 } } },
    spec: { width: 300, height: 230, layer },
    resolve: { scale: { y: "independent" }, axis: { y: "independent" } },
  };
}

export interface LossPoint {
  epoch: number;
  loss: number;
  split: string;
  /** Model name when several runs share one plot. */
  model?: string;
}

/** Training (solid) and validation (dashed) loss per epoch, log y; one colour per model. */
export function lossCurveSpec(points: LossPoint[], title = "Loss per epoch", colours?: Colours): TopLevelSpec {
  const values = points.map((p) => ({ ...p, model: p.model ?? "model" }));
  const models = [...new Set(values.map((v) => v.model))];
  const splits = [...new Set(values.map((v) => v.split))];
  const c = coloursFor(colours ?? modelColours(models), models);
  const oneModel = models.length === 1;
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: "line", strokeWidth: 1.6, point: values.length <= 60 ? { size: 18 } : false },
    encoding: {
      x: { field: "epoch", type: "quantitative", ...integerAxis("epoch") },
      y: { field: "loss", type: "quantitative", ...logAxis(values.map((v) => v.loss), "loss") },
      // One model: colour and dashes both show the split (one merged legend). Several: colour is
      // the model, dashes the split, with a split legend only when validation is drawn too.
      color: oneModel ? { field: "split", type: "nominal", title: null } : { field: "model", type: "nominal", title: "model", scale: c },
      strokeDash: {
        field: "split",
        type: "nominal",
        title: oneModel ? null : "split",
        scale: { domain: splits, range: splits.map((s) => (s === "train" ? [1, 0] : [5, 3])) },
        ...(!oneModel && splits.length < 2 ? { legend: null } : {}),
      },
      detail: { field: "split", type: "nominal" },
    },
  };
}

export interface SpectrumSeries {
  model: string;
  /** PDEBench's errF per wavenumber bin (evaluation/fourier-bands.ts). */
  perBin: ArrayLike<number>;
}

/**
 * Error spectrum: RMS error per Fourier wavenumber bin, log y, one line per model, with the
 * low / mid / high band edges (bins iLow and iHigh) as rules.
 */
export function errorSpectrumSpec(
  series: readonly SpectrumSeries[],
  title = "Error spectrum",
  bands: { iLow: number; iHigh: number } = { iLow: 4, iHigh: 12 },
  colours?: Colours,
  legendTitle = "model",
): TopLevelSpec {
  const values = series.flatMap((s) => Array.from(s.perBin, (e, bin) => ({ model: s.model, bin, error: e }))).filter((v) => v.error > 0 && Number.isFinite(v.error));
  const c = coloursFor(colours ?? modelColours(series.map((s) => s.model)), series.map((s) => s.model));
  const maxBin = Math.max(0, ...values.map((v) => v.bin));
  const edges = [bands.iLow, bands.iHigh].filter((b) => b <= maxBin).map((b, k) => ({ bin: b - 0.5, label: k === 0 ? "low | mid" : "mid | high" }));
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values },
        mark: { type: "line", strokeWidth: 1.6, point: { size: 14 } },
        encoding: {
          x: { field: "bin", type: "quantitative", ...integerAxis("wavenumber bin m (Fourier mode |k|L/2π)"), scale: { domain: [0, maxBin], nice: false } },
          y: { field: "error", type: "quantitative", ...logAxis(values.map((v) => v.error), "RMS error in bin") },
          color: { field: "model", type: "nominal", title: legendTitle, scale: c },
        },
      },
      ...(edges.length
        ? [
            { data: { values: edges }, mark: { type: "rule" as const, color: "#888", strokeDash: [3, 3] }, encoding: { x: { field: "bin", type: "quantitative" as const } } },
            {
              data: { values: edges },
              mark: { type: "text" as const, align: "left" as const, baseline: "top" as const, dx: 3, dy: 3, fontSize: 10, color: "#666", y: 0 },
              encoding: { x: { field: "bin", type: "quantitative" as const }, text: { field: "label", type: "nominal" as const } },
            },
          ]
        : []),
    ],
  };
}

export interface TauPoint {
  layer: string;
  channel: number;
  tau: number;
}

/** Learned τ per layer (one dot per channel), with the physical √(κT) as a rule when known. */
export function tauSpec(points: TauPoint[], physicalTau?: number, title = "Learned τ per layer"): TopLevelSpec {
  const y = { field: "tau", type: "quantitative" as const, ...logAxis([...points.map((p) => p.tau), ...(physicalTau ? [physicalTau] : [])], "τ") };
  const dots = {
    mark: { type: "point" as const, filled: true, size: 40, opacity: 0.7 },
    encoding: { x: { field: "layer", type: "ordinal" as const, sort: null, title: "layer", axis: { labelAngle: 0 } }, y },
  };
  if (physicalTau === undefined) return { title, width: WIDTH, height: HEIGHT, data: { values: points }, ...dots };
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    layer: [
      { data: { values: points }, ...dots },
      { data: { values: [{ tau: physicalTau }] }, mark: { type: "rule", color: "#d62728", strokeDash: [4, 3] }, encoding: { y: { field: "tau", type: "quantitative" } } },
      {
        data: { values: [{ tau: physicalTau, label: "physical √(κT)" }] },
        mark: { type: "text", align: "left", baseline: "bottom", dy: -3, x: 4, color: "#d62728", fontSize: 10 },
        encoding: { y: { field: "tau", type: "quantitative" }, text: { field: "label", type: "nominal" } },
      },
    ],
  };
}
