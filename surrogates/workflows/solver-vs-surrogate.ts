/**
 * Solver vs surrogate: on one problem, the test store's outputs are the reference (generated
 * with the problem's reference-grade solver, optionally on a refined grid); every classical
 * solver setting and every trained surrogate is placed by (time per sample, relative L2 error),
 * and each surrogate gets its speed-up at equal error (defined with the record, in
 * surrogates/evaluation/comparison-records.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { resolveBackendPreference } from "../../core/index.js";
import { openDataset, generateDataset, getProblem } from "../../datasets/index.js";
import type { ModelKind } from "../../operators/index.js";
import {
  equalErrorSpeedups,
  evaluatePredictor,
  evaluationSetFromDataset,
  parseCompareSpec,
  type CompareSpec,
  type Predictor,
  type SolverVsSurrogateResult,
  type TradeoffRow,
} from "../evaluation/index.js";
import { runCompare } from "./compare.js";
import { solverSettings, type SolverSetting } from "./solver-settings.js";

export interface SolverVsSurrogateOptions {
  problem: string;
  /** Problem parameters for both stores (resolution, fine, kappa, ...). */
  params?: Record<string, unknown>;
  nTrain: number;
  nTest: number;
  models: ModelKind[];
  modelConfigs?: Partial<Record<ModelKind, Record<string, unknown>>>;
  epochs: number;
  batchSize?: number;
  lr?: number;
  backend?: CompareSpec["backend"];
  backendName?: string;
  /** Working directory: data/, runs; existing stores and finished runs are reused. */
  out: string;
  log?: (line: string) => void;
}

export function settingPredictor(s: SolverSetting, sampleIn: number, sampleOut: number): Predictor {
  return (inputs) => {
    const n = inputs.shape[0]!;
    const out = new Float64Array(n * sampleOut);
    for (let i = 0; i < n; i++) out.set(s.solve(Float64Array.from(inputs.data.subarray(i * sampleIn, (i + 1) * sampleIn))), i * sampleOut);
    return { mean: out };
  };
}


export async function runSolverVsSurrogate(o: SolverVsSurrogateOptions): Promise<SolverVsSurrogateResult> {
  const log = o.log ?? (() => {});
  fs.mkdirSync(o.out, { recursive: true });
  const params = o.params ?? {};
  const train = path.join(o.out, "data", `${o.problem}-train`);
  const test = path.join(o.out, "data", `${o.problem}-test`);
  // Float64 stores: a float32 reference would put a 1e-8 floor under every error, and a
  // float32-rounded periodic Poisson source is no longer zero-mean to round-off.
  await generateDataset({ problem: o.problem, params, n: o.nTrain, seed: 1, out: train, dtype: "float64" });
  await generateDataset({ problem: o.problem, params, n: o.nTest, seed: 2, out: test, dtype: "float64" });
  const ds = await openDataset(test);
  const set = await evaluationSetFromDataset(ds);
  const resolved = getProblem(o.problem).resolve(params);
  const reference = String(ds.attrs.solver ?? "") + (Number(resolved.params.fine ?? 1) > 1 ? `, solved on a grid refined ×${String(resolved.params.fine)} and subsampled` : "");
  log(`${o.problem}: reference = ${reference}`);

  const pts = set.grid.shape.reduce((a, b) => a * b, 1);
  const rows: TradeoffRow[] = [];
  for (const s of solverSettings(o.problem, resolved.params, set.grid)) {
    const ev = await evaluatePredictor(settingPredictor(s, pts * ds.inputs.channels, pts * ds.outputs.channels), set, { batchSize: 8, repeats: 5 });
    rows.push({ name: s.name, kind: "solver", msPerSample: ev.timing.msPerSample, relL2: ev.metrics.relL2.mean, speedup: null, versus: null });
    log(`${o.problem} solver ${s.name}: ${ev.timing.msPerSample.toPrecision(3)} ms/sample, rel L2 ${ev.metrics.relL2.mean.toExponential(2)}`);
  }

  const spec = parseCompareSpec({
    datasets: [{ name: o.problem, train, test }],
    models: o.models.map((kind) => ({ kind, modelConfig: o.modelConfigs?.[kind] ?? {} })),
    nTrain: [o.nTrain],
    seeds: [0],
    epochs: o.epochs,
    ...(o.batchSize ? { batchSize: o.batchSize } : {}),
    ...(o.lr ? { lr: o.lr } : {}),
    backend: resolveBackendPreference(o.backend),
  });
  const compare = await runCompare(spec, path.join(o.out, `compare-${o.problem}`), { log, ...(o.backendName ? { backend: o.backendName } : {}) });
  for (const r of compare.rows)
    rows.push({ name: r.model, kind: "surrogate", msPerSample: r.msPerSample, relL2: r.relL2Mean, speedup: null, versus: null });
  return { problem: o.problem, grid: [...set.grid.shape], reference, nTrain: o.nTrain, nTest: o.nTest, rows: equalErrorSpeedups(rows), compare };
}
