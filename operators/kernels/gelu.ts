/** The fused GELU op (forward and gradient kernels of elementwise-kernels.ts) on wasm/cpu. */
import * as tf from "@tensorflow/tfjs";
import { GELU, GELU_GRAD, registerElementwiseKernels } from "./elementwise-kernels.js";

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

const ops: Partial<Record<"exact" | "tanh", (x: tf.Tensor) => tf.Tensor>> = {};

/** GELU of a float32 tensor (exact x·Φ(x), or the tanh form); needs the wasm or cpu backend. */
export function fusedGelu(x: tf.Tensor, approximate: boolean): tf.Tensor {
  const key = approximate ? "tanh" : "exact";
  let op = ops[key];
  if (!op) {
    registerElementwiseKernels();
    const attrs = { approximate } as unknown as tf.NamedAttrMap;
    op = tf.customGrad(((...args: Args) => {
      const [xi, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([xi]);
      return {
        value: tf.engine().runKernel(GELU, { x: xi }, attrs) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(GELU_GRAD, { x: saved[0]!, dy }, attrs) as tf.Tensor,
      };
    }) as CustomGradientFunc) as (x: tf.Tensor) => tf.Tensor;
    ops[key] = op;
  }
  return op(x);
}
