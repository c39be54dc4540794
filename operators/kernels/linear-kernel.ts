/**
 * Dense-layer products as tfjs kernels on wasm/cpu (matmul-wat.ts):
 * - weight and bias gradients of y = x·W + b: dW = xᵀ·dy [k, n] and db = Σ_rows dy [n], without
 *   transposing the activations, vectorised along whichever of n and k is wider (dW or dWᵀ);
 * - the product a·b (+ bias) itself, reading b as it is: XNNPACK packs its right operand on
 *   first use, which for weights that change every step costs about as much as a product with
 *   few rows (measured in docs/operators-spectral.md §Fused kernels).
 */
import * as tf from "@tensorflow/tfjs";
import { MATMUL_WAT } from "./matmul-wat.js";
import { kernelRuntime, type KernelRuntime } from "./runtime.js";

export const LINEAR_WEIGHT_GRAD = "PdesLinearWeightGrad";
export const MATMUL = "PdesMatMul";
export const DENSE_GRAD = "PdesDenseGrad";

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
const source = (): string => `(module ${MATMUL_WAT})`;
const up = (v: number, m: number): number => Math.ceil(v / m) * m;

/** Q [R, cols] with its rows padded to `stride` floats (a copy only when cols ≠ stride). */
function padded(rt: KernelRuntime, ptr: number, R: number, cols: number, stride: number): number {
  if (cols === stride) return ptr;
  const q = rt.region("lin:pad", R * stride * 4 + 16);
  const heap = rt.f32();
  for (let r = 0; r < R; r++) {
    heap.copyWithin(q / 4 + r * stride, ptr / 4 + r * cols, ptr / 4 + (r + 1) * cols);
    heap.fill(0, q / 4 + r * stride + cols, q / 4 + (r + 1) * stride);
  }
  return q;
}

/** dW = xᵀ·dy [k, n] (and db = Σ_rows dy [n]) over R rows: new outputs, not yet finished. */
function weightGrads(rt: KernelRuntime, xp: number, gp: number, R: number, k: number, n: number, bias: boolean): TensorInfo[] {
  // Orientation: C = Pᵀ·Q is vectorised along Q's columns.
  const direct = n >= 8 || n >= k;
  const [P, A, Qp, B] = direct ? [xp, k, gp, n] : [gp, n, xp, k];
  const Bp = up(B, 8);
  const Q = padded(rt, Qp, R, B, Bp);
  const C = rt.region("lin:C", up(A, 4) * Bp * 4);
  rt.exports.atb!(P, A, Q, Bp, R, C);
  const dw = rt.output([k, n], "lin:dw");
  const outs = [dw.info];
  let heap = rt.f32();
  const c0 = C / 4;
  const d0 = dw.ptr / 4;
  if (direct) for (let i = 0; i < k; i++) heap.copyWithin(d0 + i * n, c0 + i * Bp, c0 + i * Bp + n);
  else for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) heap[d0 + i * n + j] = heap[c0 + j * Bp + i]!;
  if (bias) {
    const S = rt.region("lin:S", up(n, 4) * 4);
    rt.exports.colsum!(gp, n, up(n, 4), R, S);
    const db = rt.output([n], "lin:db");
    heap = rt.f32();
    heap.copyWithin(db.ptr / 4, S / 4, S / 4 + n);
    outs.push(db.info);
  }
  return outs;
}

function kernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: object; attrs: { bias: boolean } }): TensorInfo[] {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const [R, k] = x.shape as [number, number];
  const n = dy.shape[1]!;
  const rt = kernelRuntime("linear-grad", source, backend);
  const xp = rt.input(x, "lin:x");
  const gp = rt.input(dy, "lin:dy");
  return rt.finish(weightGrads(rt, xp, gp, R, k, n, attrs.bias));
}

/** out [R, N] = A [R, K] · B (rows padded to Np floats, at bp) + bias (padded, or 0). */
function productInto(rt: KernelRuntime, ap: number, K: number, bp: number, N: number, Np: number, R: number, out: number, biasp: number): void {
  const direct = N === Np;
  const C = direct ? out : rt.region("mm:cpad", R * Np * 4);
  const R4 = R & ~3;
  if (R4 > 0) rt.exports.ab4!(ap, K, bp, Np, R, C, biasp, 0);
  if (R4 < R) rt.exports.ab1!(ap, K, bp, Np, R, C, biasp, R4);
  if (!direct) {
    const heap = rt.f32();
    for (let r = 0; r < R; r++) heap.copyWithin(out / 4 + r * N, C / 4 + r * Np, C / 4 + r * Np + N);
  }
}

/** Outputs narrower than the 8-wide column block go through dotrows/xtdy (K a multiple of 4). */
const narrow = (K: number, N: number): boolean => N < 8 && K % 4 === 0;

/** wᵀ [N, K] of w [K, N] (at wp) into a named region. */
function transposed(rt: KernelRuntime, wp: number, K: number, N: number, name: string): number {
  const wt = rt.region(name, N * K * 4);
  const h = rt.f32();
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) h[wt / 4 + n * K + k] = h[wp / 4 + k * N + n]!;
  return wt;
}

function matMulKernel({ inputs, backend }: { inputs: Record<string, TensorInfo>; backend: object }): TensorInfo {
  const { a, b, bias } = inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo };
  // a [..., K] is R = size / K rows (the layout of tfjs tensors is row-major), so an N-D
  // activation needs no reshape; the output keeps a's leading axes.
  const K = a.shape[a.shape.length - 1]!;
  const R = a.shape.slice(0, -1).reduce((p, q) => p * q, 1);
  const N = b.shape[1]!;
  const Np = up(N, 8);
  const rt = kernelRuntime("linear-grad", source, backend);
  if (narrow(K, N)) {
    const ap = rt.input(a, "mm:a");
    const wt = transposed(rt, rt.input(b, "mm:b"), K, N, "mm:bt");
    const biasp = bias ? rt.input(bias, "mm:bias-in") : 0;
    const c = rt.output([...a.shape.slice(0, -1), N], "mm:c");
    rt.exports.dotrows!(ap, K, wt, N, R, c.ptr, biasp);
    return rt.finish([c.info])[0]!;
  }
  const ap = rt.input(a, "mm:a");
  const bp = padded(rt, rt.input(b, "mm:b"), K, N, Np);
  let biasp = 0;
  if (bias) {
    biasp = rt.region("mm:bias", Np * 4);
    const heap = rt.f32();
    const src = rt.input(bias, "mm:bias-in");
    heap.fill(0, biasp / 4, biasp / 4 + Np);
    heap.copyWithin(biasp / 4, src / 4, src / 4 + N);
  }
  const c = rt.output([...a.shape.slice(0, -1), N], "mm:c");
  productInto(rt, ap, K, bp, N, Np, R, c.ptr, biasp);
  return rt.finish([c.info])[0]!;
}

/**
 * All gradients of y = x·w (+ b) for x [..., K], w [K, N], dy [..., N] in one call: dx = dy·wᵀ
 * (wᵀ formed here, rows padded for the product kernel), dW = xᵀ·dy and db = Σ_rows dy.
 */
function denseGradKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: object; attrs: { bias: boolean } }): TensorInfo[] {
  const { x, w, dy } = inputs as { x: TensorInfo; w: TensorInfo; dy: TensorInfo };
  const [K, N] = w.shape as [number, number];
  const R = x.shape.slice(0, -1).reduce((p, q) => p * q, 1);
  const rt = kernelRuntime("linear-grad", source, backend);
  if (narrow(K, N)) return rt.finish(narrowDenseGrads(rt, x, w, dy, R, K, N, attrs.bias));
  const Kp = up(K, 8);
  const wt = rt.region("dense:wt", N * Kp * 4);
  const wp = rt.input(w, "dense:w");
  const heap = rt.f32();
  const [w0, t0] = [wp / 4, wt / 4];
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) heap[t0 + n * Kp + k] = heap[w0 + k * N + n]!;
    for (let k = K; k < Kp; k++) heap[t0 + n * Kp + k] = 0;
  }
  const gp = rt.input(dy, "lin:dy");
  const dx = rt.output(x.shape, "dense:dx");
  productInto(rt, gp, N, wt, K, Kp, R, dx.ptr, 0);
  const xp = rt.input(x, "lin:x");
  return rt.finish([dx.info, ...weightGrads(rt, xp, gp, R, K, N, attrs.bias)]);
}

/** dx = dy·wᵀ (the product kernel, K wide), dW via xtdy, db by a host loop over R·N values. */
function narrowDenseGrads(rt: KernelRuntime, x: TensorInfo, w: TensorInfo, dy: TensorInfo, R: number, K: number, N: number, bias: boolean): TensorInfo[] {
  const Kp = up(K, 8);
  const wt = rt.region("dense:wt", N * Kp * 4);
  const wp = rt.input(w, "dense:w");
  let h = rt.f32();
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) h[wt / 4 + n * Kp + k] = h[wp / 4 + k * N + n]!;
    for (let k = K; k < Kp; k++) h[wt / 4 + n * Kp + k] = 0;
  }
  const gp = rt.input(dy, "lin:dy");
  const dx = rt.output(x.shape, "dense:dx");
  productInto(rt, gp, N, wt, K, Kp, R, dx.ptr, 0);
  const xp = rt.input(x, "lin:x");
  const S = rt.region("dense:S", N * K * 4);
  rt.exports.xtdy!(xp, K, gp, N, R, S);
  const dw = rt.output([K, N], "lin:dw");
  const outs = [dx.info, dw.info];
  h = rt.f32();
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) h[dw.ptr / 4 + k * N + n] = h[S / 4 + n * K + k]!;
  if (bias) {
    const db = rt.output([N], "lin:db");
    h = rt.f32();
    const g0 = gp / 4;
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += h[g0 + r * N + n]!;
      h[db.ptr / 4 + n] = s;
    }
    outs.push(db.info);
  }
  return outs;
}

let registered = false;

/** Registers the dense kernels for the wasm and cpu backends (idempotent). */
export function registerLinearKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ["wasm", "cpu"]) {
    tf.registerKernel({ kernelName: LINEAR_WEIGHT_GRAD, backendName, kernelFunc: kernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: MATMUL, backendName, kernelFunc: matMulKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: DENSE_GRAD, backendName, kernelFunc: denseGradKernel as unknown as tf.KernelFunc });
  }
}

/** a [R, K] · b [K, N] (+ bias [N]) without packing b (no gradient: linear2d wires its own). */
export function fusedMatMul(a: tf.Tensor2D, b: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  registerLinearKernels();
  return tf.engine().runKernel(MATMUL, bias ? { a, b, bias } : { a, b }) as tf.Tensor2D;
}

/** dW (and db) of a dense layer from its input x [R, k] and output cotangent dy [R, n]. */
export function linearWeightGrad(x: tf.Tensor2D, dy: tf.Tensor2D, bias: boolean): tf.Tensor[] {
  registerLinearKernels();
  const out = tf.engine().runKernel(LINEAR_WEIGHT_GRAD, { x, dy }, { bias } as unknown as tf.NamedAttrMap);
  return Array.isArray(out) ? out : [out];
}

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * The dense op with its gradient. tfjs saves a tensor for the backward pass as a clone (one
 * Identity kernel call and one tape node each); a weight that is a tf.Variable outlives the step
 * and keeps its value until the optimizer runs after the gradients, so `held` ops read it at
 * backward time instead of saving it: one kernel call less per dense layer and step
 * (docs/operators.md §Where a step's fixed cost goes).
 */
function denseOp(bias: boolean, held: boolean): (...t: tf.Tensor[]) => tf.Tensor {
  return tf.customGrad(((...args: Args) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [x, w, b] = args as tf.Tensor[];
    save(held ? [x!] : [x!, w!]);
    return {
      value: tf.engine().runKernel(MATMUL, bias ? { a: x!, b: w!, bias: b! } : { a: x!, b: w! }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(DENSE_GRAD, { x: saved[0]!, w: held ? w! : saved[1]!, dy }, { bias } as unknown as tf.NamedAttrMap) as tf.Tensor[],
    };
  }) as CustomGradientFunc) as (...t: tf.Tensor[]) => tf.Tensor;
}
type DenseFn = (...t: tf.Tensor[]) => tf.Tensor;
const dense: Record<"plain" | "bias" | "plainHeld" | "biasHeld", DenseFn | null> = { plain: null, bias: null, plainHeld: null, biasHeld: null };

/**
 * y = x·w (+ bias) for x [..., K] (any rank ≥ 2), w [K, N], bias [N], with its gradients: one
 * kernel forward (PdesMatMul on the rows of x) and one backward (dx, dW, db together), no
 * reshapes or transposes around them (docs/operators.md §Where a step's fixed cost goes).
 * wasm and cpu backends; the caller checks `fusedKernelsAvailable("linear")`.
 */
export function fusedDense(x: tf.Tensor, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor {
  registerLinearKernels();
  const held = w instanceof tf.Variable;
  if (bias) return held ? (dense.biasHeld ??= denseOp(true, true))(x, w, bias) : (dense.bias ??= denseOp(true, false))(x, w, bias);
  return held ? (dense.plainHeld ??= denseOp(false, true))(x, w) : (dense.plain ??= denseOp(false, false))(x, w);
}
