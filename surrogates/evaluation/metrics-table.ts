/** Metrics as table rows (for the CLI, Markdown and HTML reports). */
import type { PredictionMetrics } from "./evaluate-predictions.js";

export const METRIC_COLUMNS = [
  "rel L2 mean",
  "rel L2 median",
  "rel L2 p95",
  "rel L2 max",
  "nRMSE",
  "RMSE",
  "max err",
  "boundary RMSE",
  "fRMSE low",
  "fRMSE mid",
  "fRMSE high",
  "H1 rel mean",
] as const;

export const PROBABILISTIC_COLUMNS = ["NLL", "coverage 95%", "CRPS"] as const;

export function metricValues(m: PredictionMetrics): Array<number | null> {
  return [
    m.relL2.mean,
    m.relL2.median,
    m.relL2.p95,
    m.relL2.max,
    m.nrmse,
    m.rmse,
    m.maxError,
    m.boundaryRmse,
    m.fourier.low,
    m.fourier.mid,
    m.fourier.high,
    m.h1.mean,
  ];
}

export function probabilisticValues(m: PredictionMetrics): Array<number | null> {
  const p = m.probabilistic;
  return p ? [p.nll, p.coverage95, p.crps] : [null, null, null];
}

/** Plain-text table with aligned columns, for terminals. */
export function textTable(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const w = columns.map((c, j) => Math.max(c.length, ...rows.map((r) => (r[j] ?? "").length)));
  const line = (r: ReadonlyArray<string>) => r.map((c, j) => (j === 0 ? c.padEnd(w[j]!) : c.padStart(w[j]!))).join("  ");
  return [line(columns), w.map((x) => "-".repeat(x)).join("  "), ...rows.map(line)].join("\n");
}

