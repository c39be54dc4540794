/** Small shared pieces for the custom tfjs layers of the baselines. */
import * as tf from "@tensorflow/tfjs";

export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
// tfjs-layers' own Kwargs type is not exported from the package root.
export type Kwargs = Record<string, unknown>;

/** The single input shape of a one-input layer. */
export function oneShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

export function oneTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0]! : inputs;
}

/**
 * U(−bound, bound), PyTorch's default for nn.Linear weights and biases with bound = 1/√fan_in
 * (what the papers' reference scripts use). A seed makes model construction reproducible.
 */
export function uniformInit(bound: number, seed?: number): ReturnType<typeof tf.initializers.randomUniform> {
  return tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
}
