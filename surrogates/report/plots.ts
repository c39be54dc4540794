/**
 * vega-lite specs for the report figures. Each builder takes plain numbers and returns a spec;
 * rendering is separate (render-svg.ts). Log axes where the quantity spans decades.
 */
import type { TopLevelSpec } from "vega-lite";

const WIDTH = 420;
const HEIGHT = 260;

/** 1-D sample: truth and prediction over x (top), pointwise error (bottom). */
export function fieldLineSpec(x: ArrayLike<number>, truth: ArrayLike<number>, pred: ArrayLike<number>, title: string): TopLevelSpec {
  const values: Array<Record<string, number | string>> = [];
  const errors: Array<Record<string, number>> = [];
  for (let j = 0; j < x.length; j++) {
    values.push({ x: x[j]!, value: truth[j]!, series: "truth" }, { x: x[j]!, value: pred[j]!, series: "prediction" });
    errors.push({ x: x[j]!, error: pred[j]! - truth[j]! });
  }
  return {
    title,
    vconcat: [
      {
        width: WIDTH,
        height: 180,
        data: { values },
        mark: { type: "line", strokeWidth: 1.5 },
        encoding: {
          x: { field: "x", type: "quantitative", title: "x" },
          y: { field: "value", type: "quantitative", title: "u" },
          color: { field: "series", type: "nominal", title: null, scale: { domain: ["truth", "prediction"], range: ["#222", "#d62728"] } },
          strokeDash: { field: "series", type: "nominal", legend: null, scale: { domain: ["truth", "prediction"], range: [[1, 0], [5, 3]] } },
        },
      },
      {
        width: WIDTH,
        height: 90,
        data: { values: errors },
        mark: { type: "line", color: "#1f77b4", strokeWidth: 1 },
        encoding: {
          x: { field: "x", type: "quantitative", title: "x" },
          y: { field: "error", type: "quantitative", title: "prediction − truth" },
        },
      },
    ],
  };
}

/** Every `step`-th index so a heatmap has at most `max` cells per axis (keeps the SVG small). */
function strideFor(n: number, max: number): number {
  return Math.max(1, Math.ceil(n / max));
}

/** 2-D sample (row-major [n0, n1]): truth, prediction and error heatmaps side by side. */
export function fieldHeatmapSpec(shape: readonly [number, number], truth: ArrayLike<number>, pred: ArrayLike<number>, title: string, maxCells = 32): TopLevelSpec {
  const [n0, n1] = shape;
  const s0 = strideFor(n0, maxCells);
  const s1 = strideFor(n1, maxCells);
  const rows: Array<Record<string, number>> = [];
  for (let i = 0; i < n0; i += s0) {
    for (let j = 0; j < n1; j += s1) {
      const k = i * n1 + j;
      rows.push({ i, j, truth: truth[k]!, prediction: pred[k]!, error: pred[k]! - truth[k]! });
    }
  }
  const panel = (field: string, scheme: string, diverging = false) => ({
    width: 200,
    height: 200,
    title: field,
    mark: { type: "rect" as const },
    encoding: {
      x: { field: "j", type: "ordinal" as const, axis: null },
      y: { field: "i", type: "ordinal" as const, axis: null, sort: "descending" as const },
      color: { field, type: "quantitative" as const, title: null, scale: diverging ? { scheme, domainMid: 0, reverse: true } : { scheme } },
    },
  });
  return {
    title,
    data: { values: rows },
    hconcat: [panel("truth", "viridis"), panel("prediction", "viridis"), panel("error", "redblue", true)],
    resolve: { scale: { color: "independent" } },
  };
}

export interface CurvePoint {
  model: string;
  nTrain: number;
  error: number;
  dataset?: string;
}

/** Error vs training-set size, log-log; mean over seeds as a line, each seed as a point. */
export function learningCurveSpec(points: CurvePoint[], title = "Learning curves", errorLabel = "test relative L2"): TopLevelSpec {
  const values = points.map((p) => ({ ...p, dataset: p.dataset ?? "" }));
  const layer = {
    layer: [
      {
        mark: { type: "line" as const, point: false },
        encoding: {
          x: { field: "nTrain", type: "quantitative" as const, scale: { type: "log" as const }, title: "training samples" },
          y: { aggregate: "mean" as const, field: "error", type: "quantitative" as const, scale: { type: "log" as const }, title: errorLabel },
          color: { field: "model", type: "nominal" as const },
        },
      },
      {
        mark: { type: "point" as const, filled: true, size: 30 },
        encoding: {
          x: { field: "nTrain", type: "quantitative" as const, scale: { type: "log" as const } },
          y: { field: "error", type: "quantitative" as const, scale: { type: "log" as const } },
          color: { field: "model", type: "nominal" as const },
        },
      },
    ],
  };
  const datasets = new Set(values.map((v) => v.dataset));
  if (datasets.size <= 1) return { title, width: WIDTH, height: HEIGHT, data: { values }, ...layer };
  return { title, data: { values }, facet: { column: { field: "dataset", type: "nominal", title: null } }, spec: { width: 300, height: 220, ...layer }, resolve: { scale: { y: "independent" } } };
}

export interface ParetoPoint {
  name: string;
  kind: "solver" | "surrogate";
  msPerSample: number;
  error: number;
}

/** Accuracy vs cost: time per sample against error, log-log, labelled points. */
export function paretoSpec(points: ParetoPoint[], title = "Error vs time per sample", errorLabel = "relative L2 vs reference"): TopLevelSpec {
  const x = { field: "msPerSample", type: "quantitative" as const, scale: { type: "log" as const }, title: "time per sample (ms)" };
  const y = { field: "error", type: "quantitative" as const, scale: { type: "log" as const }, title: errorLabel };
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: points },
    layer: [
      { mark: { type: "point", filled: true, size: 60 }, encoding: { x, y, color: { field: "kind", type: "nominal", title: null }, shape: { field: "kind", type: "nominal", title: null } } },
      { mark: { type: "text", align: "left", dx: 6, dy: -6, fontSize: 10 }, encoding: { x, y, text: { field: "name", type: "nominal" } } },
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
  const dots = {
    mark: { type: "point" as const, filled: true, size: 40, opacity: 0.7 },
    encoding: {
      x: { field: "layer", type: "ordinal" as const, sort: null, title: "layer" },
      y: { field: "tau", type: "quantitative" as const, scale: { type: "log" as const }, title: "τ" },
    },
  };
  if (physicalTau === undefined) return { title, width: WIDTH, height: HEIGHT, data: { values: points }, ...dots };
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    layer: [
      { data: { values: points }, ...dots },
      { data: { values: [{ tau: physicalTau, label: "√(κT)" }] }, mark: { type: "rule", color: "#d62728", strokeDash: [4, 3] }, encoding: { y: { field: "tau", type: "quantitative" } } },
    ],
  };
}

export interface LossPoint {
  epoch: number;
  loss: number;
  split: string;
}

/** Training and validation loss per epoch (log y). */
export function lossCurveSpec(points: LossPoint[], title = "Loss per epoch"): TopLevelSpec {
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: points },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative" },
      y: { field: "loss", type: "quantitative", scale: { type: "log" } },
      color: { field: "split", type: "nominal", title: null },
    },
  };
}
