/**
 * Training losses on channels-last batches `[batch, ...spatial, C]`. The model sees normalised
 * values (x − mean_c)/std_c; the relative losses are taken in physical units all the same, given
 * the output channels' statistics (`LossContext.output`, docs/training.md "Losses"), since the
 * norm of a normalised target is that of the centred physical one, ‖y − ȳ‖, a different objective
 * wherever the mean is far from 0 (Darcy).
 *
 * - rel-l2: mean over the batch of ‖pred − y‖₂ / ‖y‖₂ in physical units (the per-sample relative
 *   "LpLoss" of the neural-operator literature, p = 2).
 * - rel-l2-normalized: the same ratio on the normalised values, ‖pred − y‖ / ‖y − ȳ‖ physically.
 * - mse: mean of (pred − y)² (normalised units: a per-channel scaling of the physical one).
 * - h1: mean over the batch of ‖pred − y‖_H1 / ‖y‖_H1 (physical units) with
 *   ‖e‖²_H1 = Σ e² + Σ_axes Σ (∂e)²; derivatives are spectral on periodic axes (a real n×n
 *   differentiation matrix, so autodiff works on every backend) and second-order finite
 *   differences otherwise.
 * - nll: Gaussian negative log-likelihood per value for probabilistic models whose output is
 *   `2·C` channels (means, then variances): ½·mean(log 2πσ² + (y − μ)²/σ²), σ² = max(v, 0) + 1e-6.
 *
 * For a probabilistic model the non-NLL losses use the mean channels only.
 */
import * as tf from "@tensorflow/tfjs";
import { gridSpacing, InvalidArgumentError, type Grid } from "../../core/index.js";
import type { LossKind } from "./config.js";
import type { ChannelStats } from "../../datasets/index.js";
import { fusedKernelsAvailable, fusedMseLoss, fusedRelL2Loss } from "../../operators/index.js";

export type LossFn = (pred: tf.Tensor, target: tf.Tensor) => tf.Scalar;

export interface LossContext {
  grid: Grid;
  outChannels: number;
  probabilistic: boolean;
  /**
   * The output channels' normalisation (mean, std): relative losses undo it, so they compare
   * physical fields. Without it they are taken on the tensors as given.
   */
  output?: ChannelStats;
}

/** Denominators below this are treated as this (an all-zero target would divide by zero). */
const NORM_FLOOR = 1e-12;
/** Added to the variances so a collapsing variance cannot make the NLL infinite. */
export const VARIANCE_FLOOR = 1e-6;

export function makeLoss(kind: LossKind, ctx: LossContext): LossFn {
  if (kind === "nll") {
    if (!ctx.probabilistic) throw new InvalidArgumentError("config.loss", kind, "needs a probabilistic model (GSNN with the variance path)");
    return (p, y) => gaussianNllLoss(p, y, ctx.outChannels);
  }
  const base: LossFn =
    kind === "mse" ? mseLoss
    : kind === "rel-l2" ? (p, y) => relativeL2Loss(p, y, ctx.output)
    : kind === "rel-l2-normalized" ? (p, y) => relativeL2Loss(p, y)
    : h1Loss(ctx.grid, ctx.output);
  if (!ctx.probabilistic) return base;
  return (p, y) => tf.tidy(() => base(meanChannels(p, ctx.outChannels), y));
}

/** The first `c` channels (the means of a probabilistic output). */
export function meanChannels(p: tf.Tensor, c: number): tf.Tensor {
  const begin = p.shape.map(() => 0);
  const size = p.shape.map((n, a) => (a === p.rank - 1 ? c : n));
  return tf.slice(p, begin, size);
}

/** Whether the fused loss kernels serve (p, y) here: wasm/cpu, same shape, float32. */
const fusedLoss = (p: tf.Tensor, y: tf.Tensor): boolean =>
  fusedKernelsAvailable("loss") && p.dtype === "float32" && y.dtype === "float32" && p.rank >= 2 && p.shape.every((n, a) => n === y.shape[a]) && p.rank === y.rank;

export function mseLoss(p: tf.Tensor, y: tf.Tensor): tf.Scalar {
  // One kernel each way on wasm/cpu (docs/operators.md §Where a step's fixed cost goes).
  if (fusedLoss(p, y)) return fusedMseLoss(p, y);
  return tf.tidy(() => tf.mean(tf.square(tf.sub(p, y))) as tf.Scalar);
}

function sumSqPerSample(t: tf.Tensor): tf.Tensor1D {
  return tf.sum(tf.reshape(tf.square(t), [t.shape[0]!, -1]), 1) as tf.Tensor1D;
}

/**
 * The error pred − y and the target y, in physical units when `stats` are given:
 * std⊙(pred − y) and std⊙y + mean (per channel, the last axis). Call inside tf.tidy.
 */
function physicalPair(p: tf.Tensor, y: tf.Tensor, stats?: ChannelStats): { e: tf.Tensor; target: tf.Tensor } {
  const e = tf.sub(p, y);
  if (stats === undefined) return { e, target: y };
  const std = tf.tensor1d(stats.std, "float32");
  return { e: tf.mul(e, std), target: tf.add(tf.mul(y, std), tf.tensor1d(stats.mean, "float32")) };
}

/** Mean over the batch of ‖pred − y‖₂ / ‖y‖₂; in physical units when `stats` (the outputs' normalisation) are given. */
export function relativeL2Loss(p: tf.Tensor, y: tf.Tensor, stats?: ChannelStats): tf.Scalar {
  const C = p.shape[p.rank - 1]!;
  if (fusedLoss(p, y) && (stats === undefined || (stats.std.length === C && stats.mean.length === C))) return fusedRelL2Loss(p, y, NORM_FLOOR, stats);
  return tf.tidy(() => {
    const { e, target } = physicalPair(p, y, stats);
    const num = tf.sqrt(sumSqPerSample(e));
    const den = tf.maximum(tf.sqrt(sumSqPerSample(target)), NORM_FLOOR);
    return tf.mean(tf.div(num, den)) as tf.Scalar;
  });
}

export function gaussianNllLoss(p: tf.Tensor, y: tf.Tensor, c: number): tf.Scalar {
  return tf.tidy(() => {
    const mu = meanChannels(p, c);
    const begin = p.shape.map((_, a) => (a === p.rank - 1 ? c : 0));
    const size = p.shape.map((n, a) => (a === p.rank - 1 ? c : n));
    // Added, not clamped: a clamp would have zero gradient wherever the variance is below it.
    const v = tf.add(tf.relu(tf.slice(p, begin, size)), VARIANCE_FLOOR);
    const t = tf.add(tf.log(tf.mul(v, 2 * Math.PI)), tf.div(tf.square(tf.sub(y, mu)), v));
    return tf.mul(tf.mean(t), 0.5) as tf.Scalar;
  });
}

/** Relative H1 loss for fields on `grid` (spatial axes 1..d of the batch); physical units when `stats` are given. */
export function h1Loss(grid: Grid, stats?: ChannelStats): LossFn {
  const mats = grid.shape.map((_, a) => derivativeMatrix(grid, a));
  let cached: tf.Tensor2D[] | null = null;
  return (p, y) =>
    tf.tidy(() => {
      // Kept outside tidy after the first call: the matrices are reused every step.
      if (cached === null) cached = tf.tidy(() => mats.map((m, a) => tf.keep(tf.transpose(tf.tensor2d(m, [grid.shape[a]!, grid.shape[a]!])) as tf.Tensor2D)));
      const { e, target } = physicalPair(p, y, stats);
      const sq = (t: tf.Tensor) => {
        let s = sumSqPerSample(t);
        cached!.forEach((dT, a) => (s = tf.add(s, sumSqPerSample(derivativeAlong(t, a + 1, dT)))));
        return s;
      };
      return tf.mean(tf.div(tf.sqrt(sq(e)), tf.maximum(tf.sqrt(sq(target)), NORM_FLOOR))) as tf.Scalar;
    });
}

/** Apply the derivative (matrix transposed, dT) along `axis`; returns `[batch, rest]` (axis order changed, batch kept first). */
function derivativeAlong(t: tf.Tensor, axis: number, dT: tf.Tensor2D): tf.Tensor {
  const perm = t.shape.map((_, a) => a).filter((a) => a !== axis);
  perm.push(axis);
  const moved = tf.transpose(t, perm);
  const n = t.shape[axis]!;
  return tf.reshape(tf.matMul(tf.reshape(moved, [-1, n]), dT), [t.shape[0]!, -1]);
}

/**
 * Row-major n×n first-derivative matrix along `axis`: spectral (trigonometric interpolation,
 * the Nyquist mode dropped) for periodic axes, central differences (one-sided at the ends)
 * otherwise. Float64, converted to float32 by tensor2d.
 */
export function derivativeMatrix(grid: Grid, axis: number): Float32Array {
  const n = grid.shape[axis]!;
  const L = grid.lengths[axis]!;
  const h = gridSpacing(grid, axis);
  const d = new Float64Array(n * n);
  if (grid.bc[axis] === "periodic") {
    for (let j = 0; j < n; j++)
      for (let l = 0; l < n; l++) {
        let s = 0;
        for (let m = 1; 2 * m < n; m++) s += (2 * Math.PI * m / L) * Math.sin((2 * Math.PI * m * (j - l)) / n);
        // Modes ±m together: (1/n)·Σ i k e^{ikx} → −(2/n)·Σ_{m>0} k_m sin(k_m (x_j − x_l)).
        d[j * n + l] = (-2 / n) * s;
      }
  } else if (n > 1) {
    for (let j = 0; j < n; j++) {
      if (j === 0) (d[0] = -1 / h), (d[1] = 1 / h);
      else if (j === n - 1) (d[j * n + j - 1] = -1 / h), (d[j * n + j] = 1 / h);
      else (d[j * n + j - 1] = -0.5 / h), (d[j * n + j + 1] = 0.5 / h);
    }
  }
  return Float32Array.from(d);
}
