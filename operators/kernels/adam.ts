/**
 * One Adam/AdamW step over all parameters in one kernel call (elementwise-kernels.ts): every
 * weight with its gradient and both moments in, the new weights and moments out. Returns new
 * tensors; the caller assigns them (and disposes what it replaces).
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
  m: readonly tf.Tensor[],
  v: readonly tf.Tensor[],
  args: AdamStepArgs,
): { weights: tf.Tensor[]; m: tf.Tensor[]; v: tf.Tensor[] } {
  registerElementwiseKernels();
  const k = weights.length;
  const inputs: Record<string, tf.Tensor> = {};
  weights.forEach((w, i) => {
    inputs[`w${i}`] = w;
    inputs[`g${i}`] = grads[i]!;
    inputs[`m${i}`] = m[i]!;
    inputs[`v${i}`] = v[i]!;
  });
  const attrs: AdamAttrs = { count: k, ...args };
  const out = tf.engine().runKernel(ADAM, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { weights: out.slice(0, k), m: out.slice(k, 2 * k), v: out.slice(2 * k) };
}
