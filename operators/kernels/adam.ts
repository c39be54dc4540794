/**
 * One Adam/AdamW step over all parameters in one kernel call (elementwise-kernels.ts): the
 * moments live in two flat buffers, weights and gradients stay separate tensors. Returns new
 * tensors; the caller assigns them and disposes the old moments.
 */
import * as tf from "@tensorflow/tfjs";
import { ADAM, registerElementwiseKernels, type AdamAttrs } from "./elementwise-kernels.js";

export interface AdamStepArgs {
  beta1: number;
  beta2: number;
  /** Bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ. */
  c1: number;
  c2: number;
  epsilon: number;
  lr: number;
  weightDecay: number;
}

/** New weights (in order) and moments after one step; needs the wasm or cpu backend. */
export function fusedAdamStep(
  weights: readonly tf.Tensor[],
  grads: readonly tf.Tensor[],
  m: tf.Tensor,
  v: tf.Tensor,
  args: AdamStepArgs,
): { weights: tf.Tensor[]; m: tf.Tensor; v: tf.Tensor } {
  registerElementwiseKernels();
  const inputs: Record<string, tf.Tensor> = { m, v };
  weights.forEach((w, i) => {
    inputs[`w${i}`] = w;
    inputs[`g${i}`] = grads[i]!;
  });
  const attrs: AdamAttrs = { count: weights.length, ...args };
  const out = tf.engine().runKernel(ADAM, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { weights: out.slice(0, weights.length), m: out[weights.length]!, v: out[weights.length + 1]! };
}
