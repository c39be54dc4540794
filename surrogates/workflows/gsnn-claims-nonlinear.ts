/**
 * The GSNN claims on the nonlinear maps (docs/gsnn-claims.md): burgers1d (u0 → u(T), periodic)
 * and darcy2d (a → u, Dirichlet), with the deep GSNN only (no linear spectral path: a
 * closed-form linear fit cannot answer a nonlinear map) against FNO, DeepONet, MLP and ridge at
 * equal budgets. Each result: the claim, the measurement, pass or fail; a small budget can fail
 * a claim that a larger one would pass, so the budget is part of the record.
 *  - sample efficiency: every model at each n_train; GSNN ≤ FNO at each;
 *  - equal parameters: GSNN ≤ FNO with fewer parameters; GSNN below DeepONet, MLP and ridge;
 *  - depth 2…32: finite, deepest error ≤ 2× shallowest;
 *  - resolution transfer: trained at n, scored at the next finer grid;
 *  - calibration under input noise: the GSNN's linearised input-noise variance plus its
 *    model-error variance from held-out validation data.
 * No τ claim: neither map has one physical diffusion time (heat1d's claim covers τ recovery).
 */
import * as path from "node:path";
import { makeField, Rng, type Field } from "../../core/index.js";
import { generateDataset, openDataset } from "../../datasets/index.js";
import { loadSurrogate } from "../surrogate.js";
import {
  evaluateRun,
  evaluationSetFromDataset,
  gaussianScoresPerSample,
  parseCompareSpec,
  relativeL2PerSample,
  residualVariance,
  type BatchArray,
  type ClaimResult,
  type CompareRow,
  type CompareSpec,
} from "../evaluation/index.js";
import { runCompare, type CompareHooks } from "./compare.js";

export const NONLINEAR_CLAIM_PROBLEMS = ["burgers1d", "darcy2d"] as const;
export type NonlinearClaimProblem = (typeof NONLINEAR_CLAIM_PROBLEMS)[number];

/** The deep GSNN of the claims per problem (docs/gsnn-claims.md §Architecture says how it was chosen). */
export const NONLINEAR_CLAIMS_GSNN: Record<NonlinearClaimProblem, Record<string, unknown>> = {
  burgers1d: { width: 32, depth: 4, projectionWidth: 64, tauInit: "wide", derivativeFilters: true, derivativeBlocks: 1, derivativeTauInit: "block", linearPathTaus: 0 },
  darcy2d: { width: 16, depth: 4, projectionWidth: 64, tauInit: "wide", linearPathTaus: 0 },
};
/** The FNO of the claims: heat1d's claims' size, modes capped at the grid's n/2. */
const fnoConfig = (res: number) => ({ width: 16, modes: Math.min(12, Math.floor(res / 2)), depth: 3 });
const BASELINES = ["fno", "deeponet", "mlp", "ridge"] as const;
const LABEL: Record<string, string> = { gsnn: "GSNN", fno: "FNO", deeponet: "DeepONet", mlp: "MLP", ridge: "ridge" };

export interface NonlinearClaimsOptions {
  out: string;
  problem: NonlinearClaimProblem;
  /** Training grid (burgers1d default 64, solved on 4×; darcy2d default 31 interior points). */
  resolution?: number;
  nTrain?: number[];
  nTest?: number;
  epochs?: number;
  depths?: number[];
  backend?: CompareSpec["backend"];
  hooks?: CompareHooks;
}

const e = (x: number) => x.toExponential(2);
const asBatch = (f: Field): BatchArray => ({ data: f.data, shape: f.shape });
const asField = (b: BatchArray): Field => makeField([...b.shape], Float64Array.from(b.data));

async function store(out: string, problem: string, resolution: number, n: number, seed: number): Promise<string> {
  const p = path.join(out, "data", `${problem}-${resolution}-s${seed}`);
  await generateDataset({ problem, params: { resolution }, n, seed, out: p });
  return p;
}

/** The next finer grid of the same family: 2n periodic points, 2n+1 Dirichlet interior points. */
const finer = (problem: NonlinearClaimProblem, n: number): number => (problem === "darcy2d" ? 2 * n + 1 : 2 * n);

export async function runNonlinearClaims(o: NonlinearClaimsOptions): Promise<{ claims: ClaimResult[]; budget: string }> {
  const problem = o.problem;
  const res = o.resolution ?? (problem === "darcy2d" ? 31 : 64);
  const nTrain = o.nTrain ?? [16, 64];
  const nMax = Math.max(...nTrain);
  const nTest = o.nTest ?? 32;
  const epochs = o.epochs ?? 20;
  const hooks = o.hooks ?? {};
  const gsnn = NONLINEAR_CLAIMS_GSNN[problem];
  const FNO = fnoConfig(res);
  const train = await store(o.out, problem, res, nMax, 1);
  const test = await store(o.out, problem, res, nTest, 2);
  const base = { nTrain, seeds: [0], epochs, lr: 3e-3, ...(o.backend ? { backend: o.backend } : {}) };
  const datasets = [{ name: problem, train, test }];
  const claims: ClaimResult[] = [];
  const push = (c: ClaimResult) => {
    claims.push(c);
    hooks.log?.(`claim: ${c.claim}: ${c.measurement} — ${c.pass ? "pass" : "fail"}`);
  };

  const cmp = await runCompare(
    parseCompareSpec({ ...base, datasets, models: [{ kind: "gsnn", modelConfig: gsnn }, ...BASELINES.map((kind) => ({ kind, modelConfig: kind === "fno" ? FNO : {} }))] }),
    path.join(o.out, "sample-efficiency"),
    hooks,
  );
  const row = (m: string, n: number): CompareRow => cmp.rows.find((r) => r.model === m && r.nTrain === n)!;
  const models = ["gsnn", ...BASELINES];
  push({
    claim: `Better sample efficiency than FNO on ${problem} (deep GSNN, no linear path); every baseline beside it`,
    measurement: nTrain.map((n) => `n=${n}: ` + models.map((m) => `${LABEL[m]} ${e(row(m, n).relL2Mean)}`).join(", ")).join("; "),
    pass: nTrain.every((n) => row("gsnn", n).relL2Mean <= row("fno", n).relL2Mean),
  });
  const g = row("gsnn", nMax);
  const f = row("fno", nMax);
  push({
    claim: `Lower error than FNO at equal or lower parameter count (${problem})`,
    measurement: `n=${nMax}: GSNN ${g.parameters} params, ${e(g.relL2Mean)}; FNO ${f.parameters} params, ${e(f.relL2Mean)}`,
    pass: g.parameters <= f.parameters && g.relL2Mean <= f.relL2Mean,
  });
  const others = ["deeponet", "mlp", "ridge"].map((m) => row(m, nMax));
  push({
    claim: `Lower error than DeepONet, MLP and ridge (${problem}, n=${nMax})`,
    measurement: [g, ...others].map((r) => `${LABEL[r.model]} ${e(r.relL2Mean)} (${r.parameters} params)`).join(", "),
    pass: others.every((r) => g.relL2Mean <= r.relL2Mean),
  });

  const fine = finer(problem, res);
  const test2x = await store(o.out, problem, fine, nTest, 2);
  const runDir = path.join(o.out, "sample-efficiency", "runs", problem, "gsnn", `n${nMax}-s0`);
  const rt = await evaluateRun(runDir, [test, test2x]);
  const e1 = rt.entries[0]!.result!.metrics.relL2.mean;
  const e2 = rt.entries[1]!.result!.metrics.relL2.mean;
  push({
    claim: `Resolution transfer on ${problem}: trained at ${res}, error at ${fine} within 10% of the error at ${res}`,
    measurement: `${res}: ${e(e1)}; ${fine}: ${e(e2)} (ratio ${(e2 / e1).toFixed(2)})`,
    pass: e2 <= 1.1 * e1,
  });

  // Calibration: the predictive distribution a user gets from the claims' GSNN (trained at
  // nMax on clean data): the input noise propagated through its Jacobian plus a model-error
  // variance, its mean squared error on clean held-out validation data (docs/gsnn-claims.md
  // §Calibration protocol; the calibration comparison's recipe, docs/gsnn.md).
  const noiseVar = 0.01; // in normalised input units: σ = 0.1 sd(training inputs), as heat1d's claim
  const val = await store(o.out, problem, res, nTest, 3);
  const ps = await loadSurrogate(runDir);
  try {
    const valSet = await evaluationSetFromDataset(await openDataset(val));
    const set = await evaluationSetFromDataset(await openDataset(test));
    const sd = Math.sqrt(noiseVar) * ps.normalizer.input.std[0]!;
    const modelVar = residualVariance(asBatch(await ps.predict(asField(valSet.inputs))), valSet.outputs);
    const rng = new Rng(99);
    const noisy = makeField([...set.inputs.shape], Float64Array.from(set.inputs.data, (v) => v + sd * rng.normal()));
    const p = await ps.predictWithUncertainty(noisy, { method: "linearized", inputVariance: sd * sd, modelVariance: modelVar });
    const s = gaussianScoresPerSample(asBatch(p.mean), asBatch(p.variance), set.outputs);
    const avg = (a: Float64Array) => a.reduce((q, v) => q + v, 0) / a.length;
    const cov = avg(s.coverage95);
    push({
      claim: `Calibrated uncertainty under input noise on ${problem}: 95% interval coverage in [0.90, 0.99]`,
      measurement:
        `input noise σ = ${sd.toPrecision(2)}, GSNN n=${nMax}, variance = linearised input noise + model error ${modelVar.map((v) => e(v)).join(", ")} (clean validation MSE): ` +
        `coverage ${cov.toFixed(3)}, NLL ${avg(s.nll).toFixed(3)}, CRPS ${e(avg(s.crps))}, rel L2 ${e(avg(relativeL2PerSample(asBatch(p.mean), set.outputs)))}`,
      pass: cov >= 0.9 && cov <= 0.99,
    });
  } finally {
    ps.dispose();
  }
  // Depth last: its deepest stack costs the most, and the claims above are logged before it runs.
  const depths = o.depths ?? [2, 8, 32];
  const deep = await runCompare(
    parseCompareSpec({ ...base, nTrain: [nMax], datasets, models: depths.map((d) => ({ name: `gsnn-depth${d}`, kind: "gsnn", modelConfig: { ...gsnn, depth: d } })) }),
    path.join(o.out, "depth"),
    hooks,
  );
  const errs = depths.map((d) => deep.rows.find((r) => r.model === `gsnn-depth${d}`)!.relL2Mean);
  push({
    claim: `Stable training as depth grows on ${problem} (${depths.join(", ")} blocks): finite, deepest error ≤ 2× shallowest`,
    measurement: depths.map((d, i) => `depth ${d}: ${e(errs[i]!)}`).join("; "),
    pass: errs.every(Number.isFinite) && errs[errs.length - 1]! <= 2 * errs[0]!,
  });

  const budget =
    `${problem} at ${res} (transfer to ${fine}), n_train ${nTrain.join(", ")}, ${nTest} test, ${epochs} epochs, batch 16, Adam lr 3e-3 cosine, 1 seed; ` +
    `GSNN ${JSON.stringify(gsnn)}, FNO ${JSON.stringify(FNO)}, DeepONet and MLP with their defaults, ridge closed form; calibration: linearised input noise + model error on ${nTest} validation samples (seed 3); backend ${hooks.backend ?? base.backend ?? "default"}`;
  return { claims, budget };
}
