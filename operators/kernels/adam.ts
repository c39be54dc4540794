/**
 * One Adam/AdamW step over all parameters in one kernel call (elementwise-kernels.ts): every
 * weight with its gradient and both moments in, the new weights and moments out. Returns new
 * tensors; the caller assigns them (and disposes what it replaces).
 */
import * as tf from "@tensorflow/tfjs";
import { ADAM, registerElementwiseKernels, type AdamAttrs } from "./elementwise-kernels.js";

/** The step's hyperparameters: the kernel's attributes without the weight count. */
export type AdamStepArgs = Omit<AdamAttrs, "count">;

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
