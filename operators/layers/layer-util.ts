/**
 * The one set of small helpers every custom tfjs layer here uses (GSNN's and the baselines'):
 * the layer config type, the single input shape and tensor of a one-input layer, its channel
 * count, and PyTorch's default uniform initialisation.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeMismatchError } from "../../core/index.js";

/** tfjs' base layer config (name, trainable, ...); custom layer configs extend it. */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
// tfjs-layers' own Kwargs type is not exported from the package root.
export type Kwargs = Record<string, unknown>;

/** The single input shape of a one-input layer. */
export function oneShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

/** The single input tensor of a one-input layer's call. */
export function oneTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0]! : inputs;
}

/** Last-axis (channel) size of a layer's input shape, or an error naming the layer. */
export function lastDim(inputShape: tf.Shape | tf.Shape[], layer: string): number {
  const s = oneShape(inputShape);
  const c = s[s.length - 1];
  if (c === null || c === undefined) throw new ShapeMismatchError(`${layer} input`, [], "a known channel count");
  return c;
}

/**
 * U(−bound, bound), PyTorch's default for nn.Linear weights and biases with bound = 1/√fan_in
 * (what the papers' reference scripts use). A seed makes model construction reproducible.
 */
export function uniformInit(bound: number, seed?: number): ReturnType<typeof tf.initializers.randomUniform> {
  return tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
}
