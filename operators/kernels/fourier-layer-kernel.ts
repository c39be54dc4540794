/**
 * fusedFourierLayer1d: a whole 1-D FNO Fourier layer, act(K x + x·Wp + b), as one kernel
 * forward and one backward on wasm and cpu (docs/operators-spectral.md §Fused kernels). The
 * tfjs-op path (transposes and reshapes around the DFT products, the mode mix, the pointwise
 * product, the add and the activation: ~13 ops each way) spends most of a small step in tfjs's
 * per-op engine work (docs/operators.md §Where a step's fixed cost goes).
 *
 * Per sample b, with F [2m, n] the truncated real DFT (rows Re then Im of modes 0..m−1) and
 * G [n, 2m] its inverse (weight 2 on the modes standing for a ± pair, 1/n):
 *   X_b = F·x_b [2m, C],  Y = mix(X; Wr, Wi) [2m, O],  z_b = G·Y_b + x_b·Wp + b,  y = act(z).
 * Backward: dz = dy ⊙ act'(z); dY_b = Gᵀ·dz_b; dX = mix_dx(dY); dWr, dWi = mix_dw(X, dY);
 * dx_b = Fᵀ·dX_b + dz_b·Wpᵀ; dWp = xᵀ·dz; db = Σ dz. The products are matmul-wat.ts's
 * unpacked register-blocked kernels; the forward keeps X, z and the weights for the backward
 * in one saved tensor (stateLayout).
 */
import * as tf from "@tensorflow/tfjs";
import { ELEMENTWISE_WAT } from "./elementwise-wat.js";
import { FOURIER_WAT } from "./fourier-layer-wat.js";
import { MATMUL_WAT } from "./matmul-wat.js";
import { fusedKernelsAvailable, kernelRuntime, type KernelRuntime } from "./runtime.js";

export const FOURIER_LAYER = "PdesFourierLayer1d";
export const FOURIER_LAYER_GRAD = "PdesFourierLayer1dGrad";

/** The activations the fused layer applies in its epilogue. */
export type FourierLayerActivation = "gelu" | "gelu_tanh" | "linear";
const ACT: Record<FourierLayerActivation, number> = { linear: 0, gelu: 1, gelu_tanh: 2 };

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
type KernelArgs = { inputs: Record<string, TensorInfo>; backend: object; attrs: { act: number; m: number; O: number } };
const source = (): string => `(module ${MATMUL_WAT} ${ELEMENTWISE_WAT} ${FOURIER_WAT})`;
const runtime = (backend: object): KernelRuntime => kernelRuntime("fourier-layer", source, backend);

/** out [R, Np] = A [R, K] · Bm [K, Np] (+ bias [Np] at biasp, or 0); Np a multiple of 8. */
function gemm(rt: KernelRuntime, A: number, K: number, Bm: number, Np: number, R: number, out: number, biasp = 0): void {
  const R4 = R & ~3;
  if (R4 > 0) rt.exports.ab4!(A, K, Bm, Np, R, out, biasp, 0);
  if (R4 < R) rt.exports.ab1!(A, K, Bm, Np, R, out, biasp, R4);
}

interface Tables {
  F: number;
  Ft: number;
  G: number;
  Gt: number;
}
const tables = new WeakMap<KernelRuntime, Map<string, Tables>>();

/** F, Fᵀ, G, Gᵀ for (n, m) in the runtime's memory, formed in double precision once. */
function dftTables(rt: KernelRuntime, n: number, m: number): Tables {
  let byRt = tables.get(rt);
  if (!byRt) tables.set(rt, (byRt = new Map()));
  const key = `${n}:${m}`;
  let t = byRt.get(key);
  if (t) return t;
  const bytes = 2 * m * n * 4;
  t = { F: rt.region(`F:${key}`, bytes), Ft: rt.region(`Ft:${key}`, bytes), G: rt.region(`G:${key}`, bytes), Gt: rt.region(`Gt:${key}`, bytes) };
  const h = rt.f32();
  const [F, Ft, G, Gt] = [t.F / 4, t.Ft / 4, t.G / 4, t.Gt / 4];
  const M2 = 2 * m;
  for (let k = 0; k < m; k++) {
    // A mode other than 0 and Nyquist stands for the pair ±k of the real signal.
    const w = (k === 0 || 2 * k === n ? 1 : 2) / n;
    for (let j = 0; j < n; j++) {
      const th = (2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(th);
      const s = -Math.sin(th);
      h[F + k * n + j] = c;
      h[F + (m + k) * n + j] = s;
      h[Ft + j * M2 + k] = c;
      h[Ft + j * M2 + m + k] = s;
      h[G + j * M2 + k] = w * c;
      h[G + j * M2 + m + k] = w * s;
      h[Gt + k * n + j] = w * c;
      h[Gt + (m + k) * n + j] = w * s;
    }
  }
  byRt.set(key, t);
  return t;
}

/**
 * Float offsets of the parts of the forward's saved state: X [B, 2m, C], z [B, n, O] (with an
 * activation), then copies of Wr, Wi [m, C, O] and Wp [C, O]. One saved tensor instead of five
 * saves four of tfjs's per-tensor clones per layer and step (each an Identity kernel call and a
 * tape entry: the per-op cost this kernel exists to cut); the copies are ~2·m·C·O floats.
 */
function stateLayout(B: number, n: number, C: number, m: number, O: number, act: number): { z: number; wr: number; wi: number; wp: number; size: number } {
  const z = B * 2 * m * C;
  const wr = z + (act === 0 ? 0 : B * n * O);
  const wi = wr + m * C * O;
  const wp = wi + m * C * O;
  return { z, wr, wi, wp, size: wp + C * O };
}

function forward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { x, wr, wi, wp, bp } = inputs as Record<"x" | "wr" | "wi" | "wp" | "bp", TensorInfo>;
  const [B, n, C] = x.shape as [number, number, number];
  const [m, , O] = wr.shape as [number, number, number];
  const rt = runtime(backend);
  const T = dftTables(rt, n, m);
  const [xp, wrp, wip, wpp, bpp] = [rt.input(x, "x"), rt.input(wr, "wr"), rt.input(wi, "wi"), rt.input(wp, "wp"), rt.input(bp, "bp")];
  const L = stateLayout(B, n, C, m, O, attrs.act);
  const state = rt.output([L.size], "state");
  const X = state.ptr;
  const Y = rt.region("Y", B * 2 * m * O * 4);
  const zs = rt.region("zs", B * n * O * 4);
  for (let b = 0; b < B; b++) gemm(rt, T.F, n, xp + b * n * C * 4, C, 2 * m, X + b * 2 * m * C * 4);
  rt.exports.fmix!(X, wrp, wip, Y, m, B, C, O);
  for (let b = 0; b < B; b++) gemm(rt, T.G, 2 * m, Y + b * 2 * m * O * 4, O, n, zs + b * n * O * 4);
  const N = B * n * O;
  const y = rt.output([B, n, O], "y");
  const z = attrs.act === 0 ? y.ptr : state.ptr + L.z * 4;
  gemm(rt, xp, C, wpp, O, B * n, z, bpp);
  rt.exports.vadd!(z, zs, z, N);
  if (attrs.act !== 0) rt.exports[attrs.act === 1 ? "gelu" : "gelu_tanh"]!(z, y.ptr, N);
  const h = rt.f32();
  h.copyWithin(state.ptr / 4 + L.wr, wrp / 4, wrp / 4 + m * C * O);
  h.copyWithin(state.ptr / 4 + L.wi, wip / 4, wip / 4 + m * C * O);
  h.copyWithin(state.ptr / 4 + L.wp, wpp / 4, wpp / 4 + C * O);
  return rt.finish([y.info, state.info]);
}

function backward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { dy, x, state } = inputs as Record<"dy" | "x" | "state", TensorInfo>;
  const [B, n, C] = x.shape as [number, number, number];
  const { m, O } = attrs;
  const N = B * n * O;
  const rt = runtime(backend);
  const T = dftTables(rt, n, m);
  const [dyp, xp, sp] = [rt.input(dy, "dy"), rt.input(x, "x"), rt.input(state, "state")];
  const L = stateLayout(B, n, C, m, O, attrs.act);
  const [Xp, wrp, wip, wpp] = [sp, sp + L.wr * 4, sp + L.wi * 4, sp + L.wp * 4];
  let dz = dyp;
  if (attrs.act !== 0) {
    dz = rt.region("dz", N * 4);
    rt.exports[attrs.act === 1 ? "gelu_grad" : "gelu_tanh_grad"]!(sp + L.z * 4, dyp, dz, N);
  }
  const db = rt.output([O], "db");
  rt.exports.colsum!(dz, O, O, B * n, db.ptr);
  const dwp = rt.output([C, O], "dwp");
  rt.exports.atb!(xp, C, dz, O, B * n, dwp.ptr);
  const dY = rt.region("dY", B * 2 * m * O * 4);
  for (let b = 0; b < B; b++) gemm(rt, T.Gt, n, dz + b * n * O * 4, O, 2 * m, dY + b * 2 * m * O * 4);
  const dX = rt.region("dX", B * 2 * m * C * 4);
  rt.exports.fmix_dx!(dY, wrp, wip, dX, m, B, C, O);
  const dwr = rt.output([m, C, O], "dwr");
  const dwi = rt.output([m, C, O], "dwi");
  rt.exports.fmix_dw!(Xp, dY, dwr.ptr, dwi.ptr, m, B, C, O);
  // dx = dz·Wpᵀ (Wpᵀ formed here: C·O floats) + Fᵀ·dX per sample.
  const wt = rt.region("wpT", O * C * 4);
  const h = rt.f32();
  for (let o = 0; o < O; o++) for (let c = 0; c < C; c++) h[wt / 4 + o * C + c] = h[wpp / 4 + c * O + o]!;
  const dx = rt.output([B, n, C], "dx");
  gemm(rt, dz, O, wt, C, B * n, dx.ptr);
  const dxs = rt.region("dxs", B * n * C * 4);
  for (let b = 0; b < B; b++) gemm(rt, T.Ft, 2 * m, dX + b * 2 * m * C * 4, C, n, dxs + b * n * C * 4);
  rt.exports.vadd!(dx.ptr, dxs, dx.ptr, B * n * C);
  return rt.finish([dx.info, dwr.info, dwi.info, dwp.info, db.info]);
}

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ["wasm", "cpu"]) {
    tf.registerKernel({ kernelName: FOURIER_LAYER, backendName, kernelFunc: forward as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: FOURIER_LAYER_GRAD, backendName, kernelFunc: backward as unknown as tf.KernelFunc });
  }
}

/**
 * Whether fusedFourierLayer1d serves x [B, n, C] → O channels with `modes` and `activation` on
 * the current backend: wasm or cpu with the "fourier" family on, C and O multiples of 8 (the
 * product kernels' column block), 1 ≤ modes ≤ ⌊n/2⌋ + 1, float32.
 */
export function fusedFourierLayerAvailable(xShape: readonly number[], outChannels: number, modes: number, activation: string): boolean {
  if (!fusedKernelsAvailable("fourier") || xShape.length !== 3) return false;
  const [, n, C] = xShape as [number, number, number];
  return C % 8 === 0 && outChannels % 8 === 0 && modes >= 1 && modes <= Math.floor(n / 2) + 1 && activation in ACT;
}

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];
type LayerOp = (x: tf.Tensor, wr: tf.Tensor, wi: tf.Tensor, wp: tf.Tensor, bp: tf.Tensor) => tf.Tensor;
const ops = new Map<string, LayerOp>();

/**
 * act(spectralConv1d(x; wr, wi) + x·wp + bp) for x [B, n, C], wr, wi [m, C, O], wp [C, O],
 * bp [O], differentiable w.r.t. all five. The caller checks fusedFourierLayerAvailable; the
 * reference is the FNO layer's op path (operators/fno/spectral-conv.ts), which the tests compare.
 */
export function fusedFourierLayer1d(x: tf.Tensor3D, wr: tf.Tensor3D, wi: tf.Tensor3D, wp: tf.Tensor2D, bp: tf.Tensor1D, activation: FourierLayerActivation): tf.Tensor3D {
  register();
  const act = ACT[activation];
  const [m, , O] = wr.shape;
  const key = `${act}:${m}:${O}`;
  let op = ops.get(key);
  if (!op) {
    const attrs = { act, m, O } as unknown as tf.NamedAttrMap;
    op = tf.customGrad(((...args: Args) => {
      const [xi, wri, wii, wpi, bpi, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const [y, state] = tf.engine().runKernel(FOURIER_LAYER, { x: xi, wr: wri, wi: wii, wp: wpi, bp: bpi }, attrs) as tf.Tensor[];
      save([xi, state!]);
      return {
        value: y!,
        gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) => tf.engine().runKernel(FOURIER_LAYER_GRAD, { dy, x: s[0]!, state: s[1]! }, attrs) as tf.Tensor[],
      };
    }) as CustomGradientFunc) as LayerOp;
    ops.set(key, op);
  }
  return op(x, wr, wi, wp, bp) as tf.Tensor3D;
}
