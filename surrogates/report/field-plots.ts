/**
 * Solution fields of test samples: truth, the predictions of one or more models, and their
 * errors. 1-D: lines (truth black, each model dashed in its colour) over an error panel.
 * 2-D: heatmaps; truth and every prediction share one colour scale (a prediction 30× too small
 * looks 30× too small), the errors share one diverging scale centred on zero.
 */
import type { TopLevelSpec } from "vega-lite";
import { coloursFor, modelColours } from "./axes.js";

export interface FieldSeries {
  /** Model name (the legend entry and the colour key). */
  name: string;
  values: ArrayLike<number>;
}

export interface FieldPlotOptions {
  /** Axis title of the field values. Default "u". */
  valueLabel?: string;
  /** Axis title of x. Default "x". */
  xLabel?: string;
  /** Colour map for the models (share one across a report). Default: category order. */
  colours?: { domain: string[]; range: string[] };
  /** Plot width in pixels. Default 460. */
  width?: number;
  /** Show the series legend. Default true. */
  legend?: boolean;
  /** Where the legend goes. Default "top". */
  legendOrient?: "top" | "right";
}

const asSeries = (pred: ArrayLike<number> | readonly FieldSeries[]): FieldSeries[] =>
  Array.isArray(pred) && (pred.length === 0 || typeof pred[0] === "object") ? [...(pred as readonly FieldSeries[])] : [{ name: "prediction", values: pred as ArrayLike<number> }];

/** 1-D sample: truth and prediction(s) over x (top), prediction − truth per model (bottom). */
export function fieldLineSpec(x: ArrayLike<number>, truth: ArrayLike<number>, pred: ArrayLike<number> | readonly FieldSeries[], title: string, opts: FieldPlotOptions = {}): TopLevelSpec {
  const series = asSeries(pred);
  const colours = coloursFor(opts.colours ?? modelColours(series.map((s) => s.name)), series.map((s) => s.name));
  const values: Array<Record<string, number | string>> = [];
  const errors: Array<Record<string, number | string>> = [];
  for (let j = 0; j < x.length; j++) {
    values.push({ x: x[j]!, value: truth[j]!, series: "truth" });
    for (const s of series) {
      values.push({ x: x[j]!, value: s.values[j]!, series: s.name });
      errors.push({ x: x[j]!, error: s.values[j]! - truth[j]!, series: s.name });
    }
  }
  const names = series.map((s) => s.name);
  const colourOf = (n: string) => colours.range[colours.domain.indexOf(n)] ?? "#d62728";
  const xEnc = { field: "x", type: "quantitative" as const, title: opts.xLabel ?? "x", scale: { nice: false } };
  const width = opts.width ?? 460;
  const legend = opts.legend === false ? null : opts.legendOrient === "right" ? { orient: "right" as const } : { orient: "top" as const, direction: "horizontal" as const };
  return {
    title: { text: title, anchor: "start" },
    vconcat: [
      {
        width,
        height: 170,
        data: { values },
        mark: { type: "line", strokeWidth: 1.6 },
        encoding: {
          x: { ...xEnc, axis: { title: null, labels: false } },
          y: { field: "value", type: "quantitative", title: opts.valueLabel ?? "u", scale: { zero: false } },
          // Colour and dash encode the same field, so vega-lite draws one legend showing both.
          color: { field: "series", type: "nominal", title: null, scale: { domain: ["truth", ...names], range: ["#111111", ...names.map(colourOf)] }, legend },
          strokeDash: { field: "series", type: "nominal", title: null, scale: { domain: ["truth", ...names], range: [[1, 0], ...names.map(() => [5, 3])] }, legend },
        },
      },
      {
        width,
        height: 80,
        data: { values: errors },
        layer: [
          { mark: { type: "rule", color: "#999", strokeWidth: 0.8 }, encoding: { y: { datum: 0, type: "quantitative" } } },
          {
            mark: { type: "line", strokeWidth: 1.2 },
            encoding: {
              x: xEnc,
              y: { field: "error", type: "quantitative", title: "pred − truth" },
              color: { field: "series", type: "nominal", legend: null, scale: { domain: names, range: names.map(colourOf) } },
            },
          },
        ],
      },
    ],
    spacing: 4,
    // The error panel has no truth line: its colours are its own (same colours per model).
    resolve: { scale: { color: "independent", strokeDash: "independent" }, legend: { color: "independent", strokeDash: "independent" } },
  };
}

export interface LineSample {
  title: string;
  truth: ArrayLike<number>;
  series: readonly FieldSeries[];
}

/** Several 1-D samples side by side (fieldLineSpec each), one legend right of the last (so the panels stay aligned). */
export function fieldLineRowSpec(x: ArrayLike<number>, samples: readonly LineSample[], title?: string, opts: FieldPlotOptions = {}): TopLevelSpec {
  const width = opts.width ?? (samples.length > 1 ? 250 : 460);
  return {
    // Without an overall title the per-sample titles line up (the caption says what it is).
    ...(title ? { title: { text: title, anchor: "start" as const } } : {}),
    hconcat: samples.map((smp, k) => {
      const { title: t, vconcat, spacing, resolve } = fieldLineSpec(x, smp.truth, smp.series, smp.title, { ...opts, width, legend: k === samples.length - 1 && opts.legend !== false, legendOrient: "right" }) as {
        title: unknown;
        vconcat: unknown[];
        spacing: number;
        resolve: unknown;
      };
      return { title: t, vconcat, spacing, resolve } as never;
    }),
    spacing: 18,
  };
}

/** Every `step`-th index so a heatmap has at most `max` cells per axis (keeps the SVG small). */
function strideFor(n: number, max: number): number {
  return Math.max(1, Math.ceil(n / max));
}

/** Symmetric range [−m, m] of the errors, and [min, max] over truth and all predictions. */
function ranges(truth: ArrayLike<number>, series: readonly FieldSeries[]): { lo: number; hi: number; err: number } {
  let lo = Infinity;
  let hi = -Infinity;
  let err = 0;
  for (let k = 0; k < truth.length; k++) {
    lo = Math.min(lo, truth[k]!);
    hi = Math.max(hi, truth[k]!);
    for (const s of series) {
      lo = Math.min(lo, s.values[k]!);
      hi = Math.max(hi, s.values[k]!);
      err = Math.max(err, Math.abs(s.values[k]! - truth[k]!));
    }
  }
  if (!(hi > lo)) hi = lo + 1;
  return { lo, hi, err: err > 0 ? err : 1 };
}

/**
 * 2-D sample (row-major [n0, n1]): top row truth and each prediction on one shared colour
 * scale; bottom row each prediction's error on one diverging scale symmetric about zero.
 */
export function fieldHeatmapSpec(shape: readonly [number, number], truth: ArrayLike<number>, pred: ArrayLike<number> | readonly FieldSeries[], title: string, maxCells = 32): TopLevelSpec {
  const series = asSeries(pred);
  const [n0, n1] = shape;
  const s0 = strideFor(n0, maxCells);
  const s1 = strideFor(n1, maxCells);
  const fields: Array<Record<string, number | string>> = [];
  const errors: Array<Record<string, number | string>> = [];
  for (let i = 0; i < n0; i += s0) {
    for (let j = 0; j < n1; j += s1) {
      const k = i * n1 + j;
      fields.push({ i, j, panel: "truth", value: truth[k]! });
      for (const s of series) {
        fields.push({ i, j, panel: s.name, value: s.values[k]! });
        errors.push({ i, j, panel: `${s.name} − truth`, value: s.values[k]! - truth[k]! });
      }
    }
  }
  const r = ranges(truth, series);
  const size = series.length > 2 ? 150 : 190;
  const cell = (values: typeof fields, order: string[], scale: Record<string, unknown>, legendTitle: string) => ({
    data: { values },
    facet: { column: { field: "panel", type: "nominal" as const, sort: order, title: null, header: { labelFontSize: 12 } } },
    spec: {
      width: size,
      height: size,
      mark: { type: "rect" as const },
      encoding: {
        x: { field: "j", type: "ordinal" as const, axis: null },
        y: { field: "i", type: "ordinal" as const, axis: null, sort: "descending" as const },
        color: { field: "value", type: "quantitative" as const, title: legendTitle, scale },
      },
    },
  });
  return {
    title: { text: title, anchor: "start" },
    vconcat: [
      cell(fields, ["truth", ...series.map((s) => s.name)], { scheme: "viridis", domain: [r.lo, r.hi] }, "u"),
      cell(errors, series.map((s) => `${s.name} − truth`), { scheme: "redblue", reverse: true, domain: [-r.err, r.err] }, "error"),
    ],
    resolve: { scale: { color: "independent" } },
  };
}
