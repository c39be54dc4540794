/**
 * The fused symmetric spectral filter as tfjs kernels on the wasm and cpu backends:
 *   y = R · IDFT( m ⊙ DFT( E x ) )
 * for x [B, ...spatial, C] (1 or 2 spatial axes), E the per-axis extension and R the read-back
 * of filter-geometry.ts, and m [...modes, C] a real multiplier per mode class (even in every
 * frequency). One call does pack → FFT → multiply → inverse FFT → unpack on the backend's
 * memory, two real channels per complex FFT lane (docs/operators-spectral.md §Fused kernels).
 *
 * Gradients (symmetric-filter.ts wires them): the filter is self-adjoint on the grid, so
 * dx = filter(dy); and dm[k, c] = Σ_b Σ_{f ∈ class k} Re(X_f conj D_f) / (N · 2^e), with X and D
 * the DFTs of the extended x and dy, N the extended size and e the number of extended axes.
 * The forward kernel returns the spectrum of x as a second output for that.
 */
import * as tf from "@tensorflow/tfjs";
import { FFT_STAGES_WAT } from "./fft-wat.js";
import { FILTER_WAT } from "./filter-wat.js";
import { DERIVATIVE_WAT } from "./derivative-wat.js";
import { fftPlan, runFft } from "./fft-plan.js";
import { axisGeometry, unitAxis, type AxisGeometry } from "./filter-geometry.js";
import { kernelRuntime, type KernelRuntime } from "./runtime.js";
import type { AxisBasis } from "../spectral/index.js";

export const SYMMETRIC_FILTER = "PdesSymmetricFilter";
export const SYMMETRIC_FILTER_GRAD = "PdesSymmetricFilterGrad";

export type TensorInfo = { dataId: object; shape: number[]; dtype: string };
// One module for the symmetric and the derivative filters: they share geometry, plans and scratch.
const source = (): string => `(module ${FFT_STAGES_WAT} ${FILTER_WAT} ${DERIVATIVE_WAT})`;

export interface Geometry {
  ax: [AxisGeometry, AxisGeometry];
  B: number;
  C: number;
  L: number;
  Lp: number;
  V: number;
  /** Bytes per lane element. */
  E: number;
  Ntot: number;
  extended: number;
  /** Byte addresses of the index tables in the runtime's memory. */
  tables: { map1: number; sgn1: number; map2: number; sgn2: number; rmap1: number; rmap2: number; cls1: number; cls2: number };
}

const geometries = new WeakMap<KernelRuntime, Map<string, Omit<Geometry, "B">>>();

export function geometry(rt: KernelRuntime, shape: number[], bases: AxisBasis[], modes: number[]): Geometry {
  const B = shape[0]!;
  const key = `${shape.slice(1).join("x")}|${bases.join(",")}|${modes.join("x")}`;
  let byRt = geometries.get(rt);
  if (!byRt) {
    byRt = new Map();
    geometries.set(rt, byRt);
  }
  let g = byRt.get(key);
  if (!g) {
    const spatial = shape.slice(1, -1);
    const C = shape[shape.length - 1]!;
    const axes = spatial.map((n, a) => axisGeometry(bases[a]!, n, modes[a]!));
    const ax: [AxisGeometry, AxisGeometry] = axes.length === 1 ? [unitAxis(), axes[0]!] : [axes[0]!, axes[1]!];
    const L = Math.ceil(C / 2);
    const Lp = Math.max(4, Math.ceil(L / 4) * 4);
    const put = (name: string, arr: Int32Array | Float32Array): number => {
      const ptr = rt.region(`symf:${key}:${name}`, arr.length * 4);
      if (arr instanceof Int32Array) rt.i32().set(arr, ptr / 4);
      else rt.f32().set(arr, ptr / 4);
      return ptr;
    };
    const tables = {
      map1: put("map1", ax[0].map), sgn1: put("sgn1", ax[0].sgn), map2: put("map2", ax[1].map), sgn2: put("sgn2", ax[1].sgn),
      rmap1: put("rmap1", ax[0].rmap), rmap2: put("rmap2", ax[1].rmap), cls1: put("cls1", ax[0].cls), cls2: put("cls2", ax[1].cls),
    };
    g = { ax, C, L, Lp, V: Lp / 4, E: 8 * Lp, Ntot: ax[0].N * ax[1].N, extended: axes.filter((a) => a.basis !== "fourier").length, tables };
    byRt.set(key, g);
  }
  return { ...g, B };
}

/** Packs `src` (tfjs layout) into A and runs the forward DFT; returns the buffer with the spectrum. */
export function forwardSpectrum(rt: KernelRuntime, g: Geometry, src: number, A: number, Bf: number): number {
  const [a1, a2] = g.ax;
  const t = g.tables;
  rt.exports.pack!(src, A, g.B, a1.N, a2.N, a1.n, a2.n, g.C, g.L, g.Lp, t.map1, t.sgn1, t.map2, t.sgn2);
  return dft(rt, g, A, Bf, false);
}

/** DFT along both axes of the lane buffer in `P` (other buffer `Q`); returns where the result is. */
export function dft(rt: KernelRuntime, g: Geometry, P: number, Q: number, inverse: boolean): number {
  const [a1, a2] = g.ax;
  let res = runFft(rt, fftPlan(rt, a2.N, inverse), P, Q, g.B * a1.N, a2.N * g.E, g.E, g.V);
  if (a1.N > 1) {
    const other = res === P ? Q : P;
    const plan = fftPlan(rt, a1.N, inverse);
    const slab = a1.N * a2.N * g.E;
    let out = res;
    for (let b = 0; b < g.B; b++) out = runFft(rt, plan, res + b * slab, other + b * slab, a2.N, g.E, a2.N * g.E, g.V) - b * slab;
    res = out;
  }
  return res;
}

/** Prepared multipliers by the multiplier array they came from (see prepareMultiplier). */
const prepared = new WeakMap<Float32Array, { Ntot: number; Lp: number; C: number; buf: Float32Array }>();

/**
 * α, β per class: (m₁ ± m₂)/(2N) for lane q (channels q and L + q), in the `ab` region. A caller
 * that passes the same (unchanged) array again, as the heat filter's backward does with its
 * forward's cached multiplier, gets the values prepared then.
 */
function prepareMultiplier(rt: KernelRuntime, g: Geometry, m: Float32Array): number {
  const K = g.ax[0].M * g.ax[1].M;
  const ab = rt.region("symf:ab", K * g.E);
  const hit = prepared.get(m);
  if (hit && hit.Ntot === g.Ntot && hit.Lp === g.Lp && hit.C === g.C && hit.buf.length === K * 2 * g.Lp) {
    rt.f32().set(hit.buf, ab / 4);
    return ab;
  }
  const buf = new Float32Array(K * 2 * g.Lp);
  const s = 1 / (2 * g.Ntot);
  // Fields in locals: read from `g` inside the loop they cost ~8× (measured; its map varies).
  const { L, C, Lp } = g;
  for (let k = 0; k < K; k++)
    for (let q = 0; q < L; q++) {
      const m1 = m[k * C + q]!;
      const m2 = L + q < C ? m[k * C + L + q]! : 0;
      buf[k * 2 * Lp + q] = (m1 + m2) * s;
      buf[k * 2 * Lp + Lp + q] = (m1 - m2) * s;
    }
  rt.f32().set(buf, ab / 4);
  prepared.set(m, { Ntot: g.Ntot, Lp: g.Lp, C: g.C, buf });
  return ab;
}

/** Multiply the spectrum in `P` by the prepared multiplier, inverse DFT, unpack into `dst`. */
function finishFilter(rt: KernelRuntime, g: Geometry, ab: number, P: number, Q: number, dst: number): void {
  const [a1, a2] = g.ax;
  const t = g.tables;
  rt.exports.multiply!(P, g.B, a1.N, a2.N, g.V, t.cls1, t.cls2, a2.M, ab);
  const res = dft(rt, g, P, Q, true);
  rt.exports.unpack!(res, dst, g.B, a1.N, a2.N, a1.n, a2.n, g.C, g.L, g.Lp, t.rmap1, t.rmap2);
}

export function readSmall(rt: KernelRuntime, t: TensorInfo, name: string): Float32Array {
  const ptr = rt.input(t, name);
  const size = t.shape.reduce((p, q) => p * q, 1);
  return rt.f32().slice(ptr / 4, ptr / 4 + size);
}

interface Attrs {
  bases: string;
}
const basesOf = (a: Attrs): AxisBasis[] => a.bases.split(",") as AxisBasis[];

/**
 * The forward filter of `x` by the multiplier values `mv` ([classes, C] row-major): the outputs
 * y and the spectrum of x (for the gradient), not yet finished (`rt.finish`).
 */
export function filterForward(rt: KernelRuntime, g: Geometry, mv: Float32Array, x: TensorInfo, tail?: Float32Array): [TensorInfo, TensorInfo] {
  const bytes = g.B * g.Ntot * g.E;
  const A = rt.region("symf:A", bytes);
  const Bf = rt.region("symf:B", bytes);
  const ab = prepareMultiplier(rt, g, mv);
  const xp = rt.input(x, "symf:x");
  const P = forwardSpectrum(rt, g, xp, A, Bf);
  // With a tail (values the gradient needs besides the spectrum), spec is flat with it at the end.
  const specShape = tail ? [bytes / 4 + tail.length] : [g.B, g.Ntot * 2 * g.Lp];
  const spec = rt.output(specShape, "symf:spec");
  const heap = rt.f32();
  heap.copyWithin(spec.ptr / 4, P / 4, (P + bytes) / 4);
  if (tail) heap.set(tail, spec.ptr / 4 + bytes / 4);
  const y = rt.output(x.shape, "symf:y");
  finishFilter(rt, g, ab, P, P === A ? Bf : A, y.ptr);
  return [y.info, spec.info];
}

/**
 * The gradient of the filter by `mv` for the upstream `dy`: dx (an output, not yet finished)
 * and dm as values ([classes, C] row-major).
 */
export function filterGrad(rt: KernelRuntime, g: Geometry, mv: Float32Array, dy: TensorInfo, spec: TensorInfo): { dx: TensorInfo; dm: Float32Array } {
  const bytes = g.B * g.Ntot * g.E;
  const A = rt.region("symf:A", bytes);
  const Bf = rt.region("symf:B", bytes);
  const ab = prepareMultiplier(rt, g, mv);
  const K = g.ax[0].M * g.ax[1].M;
  const acc = rt.region("symf:acc", K * g.E);
  rt.f32().fill(0, acc / 4, acc / 4 + K * 2 * g.Lp);
  const dyp = rt.input(dy, "symf:dy");
  const sp = rt.input(spec, "symf:spec-in");
  const P = forwardSpectrum(rt, g, dyp, A, Bf);
  const t = g.tables;
  rt.exports.accum!(sp, P, g.B, g.ax[0].N, g.ax[1].N, g.V, t.cls1, t.cls2, g.ax[1].M, acc);
  const dx = rt.output(dy.shape, "symf:dx");
  finishFilter(rt, g, ab, P, P === A ? Bf : A, dx.ptr);
  const S = rt.f32().subarray(acc / 4, acc / 4 + K * 2 * g.Lp);
  const scale = 1 / (4 * g.Ntot * 2 ** g.extended);
  const { L, C, Lp } = g;
  const dm = new Float32Array(K * C);
  // Channel c < L is lane c's first half, channel L + q its second: two loops, no branch per value.
  for (let k = 0; k < K; k++) {
    const [o, s0] = [k * C, k * 2 * Lp];
    for (let c = 0; c < L; c++) dm[o + c] = scale * S[s0 + c]!;
    for (let c = L; c < C; c++) dm[o + c] = scale * S[s0 + Lp + c - L]!;
  }
  return { dx: dx.info, dm };
}

/** The kernel module's runtime for `backend`. */
export const filterRuntime = (backend: object): KernelRuntime => kernelRuntime("symmetric-filter", source, backend);

function forwardKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: object; attrs: Attrs }): TensorInfo[] {
  const { x, m } = inputs as { x: TensorInfo; m: TensorInfo };
  const rt = filterRuntime(backend);
  const g = geometry(rt, x.shape, basesOf(attrs), m.shape.slice(0, -1));
  return rt.finish(filterForward(rt, g, readSmall(rt, m, "symf:m"), x));
}

function gradKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: object; attrs: Attrs }): TensorInfo[] {
  const { dy, spec, m } = inputs as { dy: TensorInfo; spec: TensorInfo; m: TensorInfo };
  const rt = filterRuntime(backend);
  const g = geometry(rt, dy.shape, basesOf(attrs), m.shape.slice(0, -1));
  const { dx, dm: dmv } = filterGrad(rt, g, readSmall(rt, m, "symf:m"), dy, spec);
  const dm = rt.output(m.shape, "symf:dm");
  rt.f32().set(dmv, dm.ptr / 4);
  return rt.finish([dx, dm.info]);
}

let registered = false;

/** Registers the kernels for the wasm and cpu backends (idempotent). */
export function registerSymmetricFilterKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ["wasm", "cpu"]) {
    tf.registerKernel({ kernelName: SYMMETRIC_FILTER, backendName, kernelFunc: forwardKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: SYMMETRIC_FILTER_GRAD, backendName, kernelFunc: gradKernel as unknown as tf.KernelFunc });
  }
}
