/**
 * 2-D matrix products whose gradients use only untransposed products.
 *
 * Why: on the tfjs wasm backend (4.22) only the 2-D, untransposed matMul runs through XNNPACK
 * (~25 GFLOP/s measured here); a transposed or batched matMul falls back to a naive loop
 * (~2.4 GFLOP/s). tfjs's own matMul gradient is dA = dY·Bᵀ and dB = Aᵀ·dY with the transpose
 * folded into the product, so a plain Dense layer trains ~10× slower than it runs forward.
 * Materialising the transpose (a copy, memory-bound) and then multiplying is much cheaper.
 */
import * as tf from "@tensorflow/tfjs";

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

const linearNoBias = tf.customGrad(((...args: Args) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g)];
    },
  };
}) as CustomGradientFunc);

const linearBias = tf.customGrad(((...args: Args) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x, b: w, bias: b }),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      // Bias gradient as ones·dY: a reduction over axis 0 transposes first on wasm.
      const db = tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]]);
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g), db];
    },
  };
}) as CustomGradientFunc);

let fast = true;

/**
 * Switch the hand-written gradients off (stock tfjs matMul gradients) or back on. For A/B
 * benchmarks only (bench/models.ts); results are the same either way up to round-off.
 */
export function setFastMatMulGradients(on: boolean): void {
  fast = on;
}

/** y = x·w (+ bias): x [r, k], w [k, n], bias [n]; gradients for all of them. */
export function linear2d(x: tf.Tensor2D, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  if (!fast) return (bias === undefined ? tf.matMul(x, w) : tf.add(tf.matMul(x, w), bias)) as tf.Tensor2D;
  return (bias === undefined ? linearNoBias(x, w) : linearBias(x, w, bias)) as tf.Tensor2D;
}

/**
 * y = A·x for a constant A (a transform basis) with its transpose `at` precomputed: the
 * gradient goes to x only (dx = Aᵀ·dy), never to the basis.
 */
export function constMatMul(a: tf.Tensor2D, at: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
  if (!fast) return tf.matMul(a, x);
  const f = tf.customGrad(((...args: Args) => {
    const [xi, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([]);
    return { value: tf.matMul(a, xi), gradFunc: (dy: tf.Tensor) => tf.matMul(at, dy as tf.Tensor2D) };
  }) as CustomGradientFunc);
  return f(x) as tf.Tensor2D;
}
