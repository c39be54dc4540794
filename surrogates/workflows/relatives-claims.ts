/**
 * The claims about GSNN's relatives, as the GSNN concept places it: between the RBF network (its
 * "shallow, unstructured special case") and the Gaussian process (its "infinite-width, stochastic
 * analogue"), beside the neural operators. On the claims' heat1d data and budget:
 * - every baseline (DeepONet, MLP, ridge, RBF network, kernel / GP operator) is scored at each
 *   n_train beside the GSNN and FNO rows, and GSNN should beat the RBF network at every n_train;
 * - under the same input noise as GSNN's calibration claim, the GP operator's predictive
 *   variance is scored the same way (NLL, CRPS, 95% coverage), and GSNN's coverage should be
 *   closer to 0.95 than the GP's (the GP's variance models its fitting error, not input noise).
 */
import * as path from "node:path";
import { loadSurrogate } from "../surrogate.js";
import { evaluatePredictor, parseCompareSpec, surrogatePredictor, type ClaimResult, type CompareRow, type CompareSpecInput, type EvaluationSet, type PredictionMetrics } from "../evaluation/index.js";
import { runCompare, type CompareHooks } from "./compare.js";

export const RELATIVE_BASELINES = ["deeponet", "mlp", "ridge", "rbf", "kernel"] as const;
const LABEL: Record<string, string> = { gsnn: "GSNN", fno: "FNO", deeponet: "DeepONet", mlp: "MLP", ridge: "ridge", rbf: "RBF", kernel: "GP" };

export interface RelativesClaimsInput {
  /** Directory for the relatives' runs. */
  out: string;
  /** The claims' compare spec fields (nTrain, seeds, epochs, backend, lr). */
  base: Omit<CompareSpecInput, "datasets" | "models">;
  train: string;
  test: string;
  hooks: CompareHooks;
  /** GSNN and FNO rows already measured on the same data and budget. */
  rows: readonly CompareRow[];
  /** Noisy test inputs of the calibration claim, and GSNN's metrics on them. */
  noisy: EvaluationSet;
  gsnnCalibration: PredictionMetrics;
  noiseLabel: string;
}

const e = (x: number) => x.toExponential(2);

export async function relativesClaims(o: RelativesClaimsInput): Promise<ClaimResult[]> {
  const spec = parseCompareSpec({ ...o.base, datasets: [{ name: "heat1d", train: o.train, test: o.test }], models: RELATIVE_BASELINES.map((kind) => ({ kind })) });
  const cmp = await runCompare(spec, o.out, o.hooks);
  const rows = [...o.rows, ...cmp.rows];
  const nTrain = spec.nTrain;
  const err = (m: string, n: number) => rows.find((r) => r.model === m && r.nTrain === n)?.relL2Mean ?? NaN;
  const models = ["gsnn", "fno", ...RELATIVE_BASELINES];
  const claims: ClaimResult[] = [
    {
      claim: "Better sample efficiency than its shallow special case, the RBF network (heat1d); every relative scored beside it",
      measurement: nTrain.map((n) => `n=${n}: ` + models.map((m) => `${LABEL[m]} ${e(err(m, n))}`).join(", ")).join("; "),
      pass: nTrain.every((n) => err("gsnn", n) <= err("rbf", n)),
    },
  ];

  const nMax = Math.max(...nTrain);
  const gp = await loadSurrogate(path.join(o.out, "runs", "heat1d", "kernel", `n${nMax}-s${spec.seeds[0]}`));
  let cal: PredictionMetrics;
  try {
    cal = (await evaluatePredictor(surrogatePredictor(gp), o.noisy)).metrics;
  } finally {
    gp.dispose();
  }
  const g = o.gsnnCalibration.probabilistic;
  const p = cal.probabilistic;
  const covG = g?.coverage95 ?? NaN;
  const covP = p?.coverage95 ?? NaN;
  const line = (name: string, m: PredictionMetrics) =>
    `${name}: coverage ${(m.probabilistic?.coverage95 ?? NaN).toFixed(3)}, NLL ${(m.probabilistic?.nll ?? NaN).toFixed(3)}, CRPS ${e(m.probabilistic?.crps ?? NaN)}, rel L2 ${e(m.relL2.mean)}`;
  claims.push({
    claim: "Under input noise, GSNN's 95% coverage is closer to 0.95 than that of its stochastic analogue, the GP operator",
    measurement: `${o.noiseLabel}, n=${nMax}; ${line("GSNN", o.gsnnCalibration)}; ${line("GP", cal)}`,
    pass: Math.abs(covG - 0.95) <= Math.abs(covP - 0.95),
  });
  return claims;
}
