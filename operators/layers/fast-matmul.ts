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
import { fusedDense, fusedKernelsAvailable, fusedMatMul, linearWeightGrad } from "../kernels/index.js";

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * dx = dY·wᵀ, dW and (optionally) db for x [r, k], dY [r, n]. Elsewhere one of x or dY has to be
 * transposed, and the right operand of each product gets packed by the wasm kernel: for narrow
 * outputs (n < k) dW = xᵀ·dY (pack the small dY); otherwise dW = (dYᵀ·x)ᵀ, which also makes
 * the bias gradient an innermost-axis sum of dYᵀ (a sum over axis 0, or ones·dY, is several
 * times slower on wasm).
 */
function linearGrads(x: tf.Tensor2D, w: tf.Tensor2D, g: tf.Tensor2D, bias: boolean): tf.Tensor[] {
  const dx = product(g, tf.transpose(w));
  // wasm/cpu: one fused kernel reduces over the rows for dW and db (operators/kernels).
  if (fusedKernelsAvailable("linear")) return [dx, ...linearWeightGrad(x, g, bias)];
  if (g.shape[1] < x.shape[1]) {
    const dw = tf.matMul(tf.transpose(x), g);
    return bias ? [dx, dw, tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]])] : [dx, dw];
  }
  const gt = tf.transpose(g);
  const dw = tf.transpose(tf.matMul(gt, x));
  return bias ? [dx, dw, tf.sum(gt, 1)] : [dx, dw];
}

/**
 * a·b (+ bias) for a weight-like b that changes every step: on wasm/cpu the fused kernel, which
 * reads b as it is, when the output is at least 8 wide (its register block); XNNPACK otherwise
 * (it packs b on first use, about the cost of a product with few rows; operators/kernels).
 */
function product(a: tf.Tensor2D, b: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  if (fusedKernelsAvailable("linear") && b.shape[1] >= 8) return fusedMatMul(a, b, bias);
  return (bias === undefined ? tf.matMul(a, b) : tf.fused.matMul({ a, b, bias })) as tf.Tensor2D;
}

const linearNoBias = tf.customGrad(((...args: Args) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: product(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => linearGrads(saved[0] as tf.Tensor2D, saved[1] as tf.Tensor2D, dy as tf.Tensor2D, false),
  };
}) as CustomGradientFunc);

const linearBias = tf.customGrad(((...args: Args) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: product(x, w, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => linearGrads(saved[0] as tf.Tensor2D, saved[1] as tf.Tensor2D, dy as tf.Tensor2D, true),
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
 * y = x·w (+ bias) over the last axis of x [..., k] (a dense layer applied per point, channels
 * last): on wasm/cpu one fused kernel per direction on the rows of x as they lie in memory (no
 * reshapes; docs/operators.md §Where a step's fixed cost goes) when the output is at least 8
 * wide (the product kernel's register block) or k is a multiple of 4 (narrow outputs: a dot
 * product per row); else linear2d between reshapes.
 */
export function linearNd(x: tf.Tensor, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor {
  const k = x.shape[x.rank - 1]!;
  const n = w.shape[1];
  if (fast && fusedKernelsAvailable("linear") && (n >= 8 || k % 4 === 0) && x.dtype === "float32") return fusedDense(x, w, bias);
  return tf.tidy(() => tf.reshape(linear2d(tf.reshape(x, [-1, k]) as tf.Tensor2D, w, bias), [...x.shape.slice(0, -1), n]));
}

/**
 * y = x·B for a constant B (a transform basis) with its transpose `bt` precomputed: the
 * gradient goes to x only (dx = dy·Bᵀ), never to the basis. The constant is the right operand
 * on purpose: the wasm kernel packs its right operand, and caches the packing per tensor, so
 * a fixed basis is packed once while activations on the left are never packed.
 */
export function constMatMul(x: tf.Tensor2D, b: tf.Tensor2D, bt: tf.Tensor2D): tf.Tensor2D {
  if (!fast) return tf.matMul(x, b);
  const f = tf.customGrad(((...args: Args) => {
    const [xi, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([]);
    return { value: tf.matMul(xi, b), gradFunc: (dy: tf.Tensor) => tf.matMul(dy as tf.Tensor2D, bt) };
  }) as CustomGradientFunc);
  return f(x) as tf.Tensor2D;
}

/**
 * y = A·x for a constant A with its transpose `at` precomputed (gradient to x only: dx = Aᵀ·dy).
 * Used where moving the contracted axis to the front keeps the channel axis innermost, which
 * makes the surrounding transposes block copies (2-D spectral convolution).
 */
export function constLeftMatMul(a: tf.Tensor2D, at: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
  if (!fast) return tf.matMul(a, x);
  const f = tf.customGrad(((...args: Args) => {
    const [xi, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([]);
    return { value: tf.matMul(a, xi), gradFunc: (dy: tf.Tensor) => tf.matMul(at, dy as tf.Tensor2D) };
  }) as CustomGradientFunc);
  return f(x) as tf.Tensor2D;
}
