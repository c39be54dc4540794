/**
 * How (mean, variance) pairs travel in one tensor: a channels-last tensor whose last axis holds
 * the C means followed by the C variances (`[batch, ...spatial, 2C]`), the layout of a
 * probabilistic model's output (model.ts) and of the tensors between GSNN layers.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeMismatchError } from "../../core/index.js";

export interface SplitMoments {
  mean: tf.Tensor;
  variance: tf.Tensor;
}

/** Splits `[..., 2C]` into means and variances (no copy semantics promised; call in tidy). */
export function splitMoments(x: tf.Tensor): SplitMoments {
  const c2 = x.shape[x.rank - 1]!;
  if (c2 % 2 !== 0) throw new ShapeMismatchError("moments", x.shape, "an even channel count (means then variances)");
  const [mean, variance] = tf.split(x, 2, x.rank - 1);
  return { mean: mean!, variance: variance! };
}

/** `[..., C]` means and `[..., C]` variances → `[..., 2C]`. */
export function joinMoments(mean: tf.Tensor, variance: tf.Tensor): tf.Tensor {
  return tf.concat([mean, variance], mean.rank - 1);
}
