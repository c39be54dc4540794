/**
 * Building blocks of a predictive N(μ, σ²) from what each uncertainty method produces
 * (docs/gsnn.md §Calibration comparison): the moments of an ensemble or of Monte Carlo dropout
 * passes, and a constant per-channel variance fitted to residuals on validation data (a GSNN's
 * model error on clean inputs; a baseline's missing variance on noisy ones). Float64.
 */
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import { requireBatch, requireBatchPair, type BatchArray } from "./batch.js";

/** Mean and unbiased variance (1/(M − 1)) over M ≥ 2 predictions of the same shape. */
export function sampleMoments(members: readonly BatchArray[]): { mean: BatchArray; variance: BatchArray } {
  if (!Array.isArray(members) || members.length < 2) throw new InvalidArgumentError("members", members?.length, "must hold at least 2 predictions");
  const shape = [...members[0]!.shape];
  members.forEach((m, i) => {
    requireBatch(`members[${i}]`, m);
    if (m.shape.length !== shape.length || m.shape.some((s: number, a: number) => s !== shape[a])) throw new ShapeMismatchError(`members[${i}]`, [...m.shape], shape);
  });
  const L = members[0]!.data.length;
  const M = members.length;
  const mean = new Float64Array(L);
  const variance = new Float64Array(L);
  for (let k = 0; k < L; k++) {
    let s = 0;
    for (const m of members) s += m.data[k]!;
    const mu = s / M;
    let s2 = 0;
    for (const m of members) s2 += (m.data[k]! - mu) ** 2;
    mean[k] = mu;
    variance[k] = s2 / (M - 1);
  }
  return { mean: { data: mean, shape }, variance: { data: variance, shape } };
}

/**
 * Per output channel, the variance a predictive distribution lacks on this data:
 * max(floor, mean over samples and points of (y − μ)² − σ²), σ² = `variance` (0 when left out).
 * With σ² = 0 it is the model's mean squared error (the model-error variance).
 */
export function residualVariance(mean: BatchArray, target: BatchArray, variance?: BatchArray, floor = 0): number[] {
  const L = requireBatchPair(mean, target, "mean", "target");
  if (variance !== undefined) {
    requireBatch("variance", variance);
    if (variance.data.length !== target.data.length) throw new ShapeMismatchError("variance", [...variance.shape], [...target.shape]);
  }
  if (!(floor >= 0) || !Number.isFinite(floor)) throw new InvalidArgumentError("floor", floor, "must be a finite number >= 0");
  const C = L.channels;
  const sum = new Float64Array(C);
  for (let k = 0; k < target.data.length; k++) sum[k % C] += (target.data[k]! - mean.data[k]!) ** 2 - (variance ? variance.data[k]! : 0);
  const per = target.data.length / C;
  return Array.from(sum, (s) => Math.max(floor, s / per));
}

/** `variance` plus a per-channel constant, as a new Float64 batch. */
export function addChannelVariance(variance: BatchArray, add: readonly number[]): BatchArray {
  const L = requireBatch("variance", variance);
  if (add.length !== L.channels) throw new ShapeMismatchError("add", add.length, L.channels);
  return { data: Float64Array.from(variance.data, (v, k) => v + add[k % L.channels]!), shape: [...variance.shape] };
}
