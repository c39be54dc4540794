/**
 * The records that comparisons write and reports read: `compare.json` (models × datasets ×
 * n_train × seeds under one budget), the solver-vs-surrogate trade-off rows with the speed-up at
 * equal error, and the GSNN claims. The workflows that produce them are in surrogates/workflows/;
 * reports (surrogates/report/) render them without depending on those workflows.
 *
 * Speed-up at equal error, for a surrogate with error e: the time of the cheapest solver setting
 * whose error is ≤ e, divided by the surrogate's time. No interpolation between settings (a
 * step function, which never flatters the surrogate by more than one setting's spacing). When no
 * solver setting is as accurate, there is no equal-error solver and the speed-up is null.
 */
import type { CompareSpec } from "./compare-spec.js";

/** File name of a comparison's record in its output directory. */
export const COMPARE_FILE = "compare.json";

export interface CompareRow {
  dataset: string;
  model: string;
  kind: string;
  nTrain: number;
  seed: number;
  parameters: number;
  steps: number;
  trainSeconds: number;
  msPerSample: number;
  relL2Mean: number;
  relL2Median: number;
  relL2P95: number;
  relL2Max: number;
  nrmse: number;
  h1Mean: number;
  nll: number | null;
  coverage95: number | null;
  crps: number | null;
}

export interface CompareResult {
  format: "pdes-compare";
  version: 1;
  spec: CompareSpec;
  budget: string;
  backend: string;
  rows: CompareRow[];
}

/** Rows aggregated over seeds: mean, min and max of the mean relative L2. */
export interface CompareSummaryRow {
  dataset: string;
  model: string;
  nTrain: number;
  parameters: number;
  seeds: number;
  relL2: number;
  relL2Min: number;
  relL2Max: number;
  msPerSample: number;
  trainSeconds: number;
}

export function summarizeCompare(rows: readonly CompareRow[]): CompareSummaryRow[] {
  const groups = new Map<string, CompareRow[]>();
  for (const r of rows) {
    const k = `${r.dataset}\u0000${r.model}\u0000${r.nTrain}`;
    const g = groups.get(k) ?? [];
    g.push(r);
    groups.set(k, g);
  }
  const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
  return [...groups.values()].map((g) => ({
    dataset: g[0]!.dataset,
    model: g[0]!.model,
    nTrain: g[0]!.nTrain,
    parameters: g[0]!.parameters,
    seeds: g.length,
    relL2: mean(g.map((r) => r.relL2Mean)),
    relL2Min: Math.min(...g.map((r) => r.relL2Mean)),
    relL2Max: Math.max(...g.map((r) => r.relL2Mean)),
    msPerSample: mean(g.map((r) => r.msPerSample)),
    trainSeconds: mean(g.map((r) => r.trainSeconds)),
  }));
}

export interface TradeoffRow {
  name: string;
  kind: "solver" | "surrogate";
  msPerSample: number;
  relL2: number;
  /** Cheapest solver time at the surrogate's error / surrogate time (surrogates only). */
  speedup: number | null;
  /** The solver setting used for the speed-up. */
  versus: string | null;
}

export interface SolverVsSurrogateResult {
  problem: string;
  grid: number[];
  reference: string;
  nTrain: number;
  nTest: number;
  rows: TradeoffRow[];
  compare: CompareResult;
}

/** Speed-up of each surrogate row against the solver rows (see the module comment). */
export function equalErrorSpeedups(rows: TradeoffRow[]): TradeoffRow[] {
  const solvers = rows.filter((r) => r.kind === "solver");
  return rows.map((r) => {
    if (r.kind !== "surrogate") return r;
    const ok = solvers.filter((s) => s.relL2 <= r.relL2).sort((a, b) => a.msPerSample - b.msPerSample);
    if (ok.length === 0) return { ...r, speedup: null, versus: null };
    return { ...r, speedup: ok[0]!.msPerSample / r.msPerSample, versus: ok[0]!.name };
  });
}

export interface ClaimResult {
  claim: string;
  measurement: string;
  pass: boolean;
}
