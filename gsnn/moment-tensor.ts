/**
 * How (mean, variance) pairs travel between GSNN layers: one channels-last tensor whose last
 * axis holds the C means followed by the C variances (`[batch, ...spatial, 2C]`), the same
 * layout as a probabilistic model's output (operators/model.ts). A deterministic GSNN passes
 * plain `[batch, ...spatial, C]` means.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeMismatchError } from "../core/index.js";

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

export function joinMoments(mean: tf.Tensor, variance: tf.Tensor): tf.Tensor {
  return tf.concat([mean, variance], mean.rank - 1);
}

/** Common config of the GSNN layers. */
export interface LayerBaseArgs {
  name?: string;
  trainable?: boolean;
}

/** Last-axis size of a layer input shape, or an error naming the layer. */
export function lastDim(inputShape: tf.Shape | tf.Shape[], layer: string): number {
  const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  const c = s[s.length - 1];
  if (c === null || c === undefined) throw new ShapeMismatchError(`${layer} input`, [], "a known channel count");
  return c;
}

/** The single input tensor of a layer call. */
export function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0]! : inputs;
}
