/**
 * The fused heat-kernel derivative filter as tfjs kernels on wasm and cpu: channel j of
 * x [B, ...spatial, C'] is multiplied in spectral space by
 *   h_j(f) = (i k)^{m_j} e^{−t_j|k|²} · (τ_j^{|m_j|} if normalized),  t_j = τ_j² = e^{2ℓ_j},
 * with the pack → FFT → multiply → inverse FFT → unpack machinery of the symmetric filter
 * (symmetric-filter-kernel.ts) and complex per-frequency tables (derivative-wat.ts). Channel
 * j = c·D + d takes derivative d and ℓ = logTau[d, c].
 *
 * Gradients: the adjoint of a Fourier multiplier is the conjugate multiplier, so dx is the same
 * filter with conj h; and with X, Δ the (extended-grid) DFTs of x and dy,
 *   dℓ_j = Σ_f Re(h_j X_j conj Δ_j) · (|m_j|·[normalized] − 2 t_j |k|²) / (N · 2^e),
 * N the extended size and e the number of extended (sine/cosine) axes, as for dm of the
 * symmetric filter. On sine/cosine axes only even orders occur, whose multiplier is even in f,
 * so the odd/even extension is preserved (docs/operators-spectral.md §Fused kernels).
 */
import * as tf from "@tensorflow/tfjs";
import type { AxisBasis } from "../spectral/index.js";
import type { AxisGeometry } from "./filter-geometry.js";
import { modeClasses } from "./filter-geometry.js";
import type { KernelRuntime } from "./runtime.js";
import { dft, filterRuntime, forwardSpectrum, geometry, readSmall, type Geometry, type TensorInfo } from "./symmetric-filter-kernel.js";

export const DERIVATIVE_FILTER = "PdesHeatDerivativeFilter";
export const DERIVATIVE_FILTER_GRAD = "PdesHeatDerivativeFilterGrad";

export interface DerivativeAttrs {
  bases: string;
  lengths: number[];
  /** Orders, D rows of one entry per spatial axis, flattened. */
  orders: number[];
  D: number;
  normalized: boolean;
}

/** Per extended-grid index of one axis: angular wavenumber, kept (a mode of the grid) and Nyquist flags. */
function axisWaves(ax: AxisGeometry, length: number): { k: Float64Array; kept: Uint8Array; nyq: Uint8Array } {
  const { N } = ax;
  const kappa = (ax.basis === "fourier" ? 2 * Math.PI : Math.PI) / length;
  const k = new Float64Array(N);
  const kept = new Uint8Array(N);
  const nyq = new Uint8Array(N);
  for (let e = 0; e < N; e++) {
    k[e] = kappa * (2 * e <= N ? e : e - N);
    kept[e] = ax.cls[e]! >= 0 ? 1 : 0;
    nyq[e] = ax.basis === "fourier" && N % 2 === 0 && 2 * e === N ? 1 : 0;
  }
  return { k, kept, nyq };
}

interface Multiplier {
  /** h_j(f), [Ntot, C'] row-major. */
  re: Float64Array;
  im: Float64Array;
  /** d log h_j / dℓ_j, [Ntot, C']. */
  w: Float64Array;
}

/** h and its log-derivative on the extended grid, in double precision. */
function multiplier(g: Geometry, attrs: DerivativeAttrs, logTau: Float32Array): Multiplier {
  const Cp = g.C;
  const D = attrs.D;
  const C = Cp / D;
  const d = attrs.lengths.length;
  // A 1-D grid runs as [unit axis, axis 0]; the unit axis has k = 0 and order 0.
  const waves = d === 1 ? [axisWaves(g.ax[0], 1), axisWaves(g.ax[1], attrs.lengths[0]!)] : [axisWaves(g.ax[0], attrs.lengths[0]!), axisWaves(g.ax[1], attrs.lengths[1]!)];
  const [N1, N2] = [g.ax[0].N, g.ax[1].N];
  const size = N1 * N2;
  const re = new Float64Array(size * Cp);
  const im = new Float64Array(size * Cp);
  const w = new Float64Array(size * Cp);
  const a0 = new Float64Array(N1);
  const a1 = new Float64Array(N2);
  for (let j = 0; j < Cp; j++) {
    const c = Math.floor(j / D);
    const dd = j % D;
    const l = logTau[dd * C + c]!;
    const t = Math.exp(2 * l);
    const m = d === 1 ? [0, attrs.orders[dd]!] : [attrs.orders[2 * dd]!, attrs.orders[2 * dd + 1]!];
    const total = m[0]! + m[1]!;
    const s = (attrs.normalized ? Math.exp(total * l) : 1) * (total === 2 ? -1 : 1);
    const fill = (out: Float64Array, wv: (typeof waves)[0], order: number): void => {
      for (let e = 0; e < out.length; e++) {
        const k = wv.k[e]!;
        out[e] = wv.kept[e] && !(order % 2 === 1 && wv.nyq[e]) ? k ** order * Math.exp(-t * k * k) : 0;
      }
    };
    fill(a0, waves[0]!, m[0]!);
    fill(a1, waves[1]!, m[1]!);
    const into = total % 2 === 1 ? im : re;
    const base = attrs.normalized ? total : 0;
    for (let e1 = 0; e1 < N1; e1++) {
      const k1 = waves[0]!.k[e1]!;
      const v1 = s * a0[e1]!;
      for (let e2 = 0; e2 < N2; e2++) {
        const k2 = waves[1]!.k[e2]!;
        const f = (e1 * N2 + e2) * Cp + j;
        into[f] = v1 * a1[e2]!;
        w[f] = base - 2 * t * (k1 * k1 + k2 * k2);
      }
    }
  }
  return { re, im, w };
}

/** The cmultiply table of `h` (or conj h): per flat f, α = (h₁+h₂)/(2N), β = (h₁−h₂)/(2N) per lane. */
function fillTable(rt: KernelRuntime, g: Geometry, h: Multiplier, conj: boolean): number {
  const { L, C, Lp } = g;
  const size = g.ax[0].N * g.ax[1].N;
  const tab = rt.region("derf:tab", size * 2 * g.E);
  const buf = new Float32Array(size * 4 * Lp);
  const s = 1 / (2 * g.Ntot);
  const sg = conj ? -1 : 1;
  for (let f = 0; f < size; f++) {
    const o = f * 4 * Lp;
    const hb = f * C;
    for (let q = 0; q < L; q++) {
      const r1 = h.re[hb + q]!;
      const i1 = sg * h.im[hb + q]!;
      const r2 = L + q < C ? h.re[hb + L + q]! : 0;
      const i2 = L + q < C ? sg * h.im[hb + L + q]! : 0;
      buf[o + q] = (r1 + r2) * s;
      buf[o + Lp + q] = (i1 + i2) * s;
      buf[o + 2 * Lp + q] = (r1 - r2) * s;
      buf[o + 3 * Lp + q] = (i1 - i2) * s;
    }
  }
  rt.f32().set(buf, tab / 4);
  return tab;
}

/** Multiply the spectrum in `P` by the table, inverse DFT, unpack into `dst`. */
function finish(rt: KernelRuntime, g: Geometry, tab: number, P: number, Q: number, dst: number): void {
  const [a1, a2] = g.ax;
  const t = g.tables;
  rt.exports.cmultiply!(P, g.B, a1.N, a2.N, g.V, tab);
  const res = dft(rt, g, P, Q, true);
  rt.exports.unpack!(res, dst, g.B, a1.N, a2.N, a1.n, a2.n, g.C, g.L, g.Lp, t.rmap1, t.rmap2);
}

function geometryOf(rt: KernelRuntime, shape: number[], attrs: DerivativeAttrs): Geometry {
  const bases = attrs.bases.split(",") as AxisBasis[];
  return geometry(rt, shape, bases, shape.slice(1, -1).map((n, a) => modeClasses(bases[a]!, n)));
}

type KernelArgs = { inputs: Record<string, TensorInfo>; backend: object; attrs: DerivativeAttrs };

function forwardKernel({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { x, logTau } = inputs as { x: TensorInfo; logTau: TensorInfo };
  const rt = filterRuntime(backend);
  const g = geometryOf(rt, x.shape, attrs);
  const h = multiplier(g, attrs, readSmall(rt, logTau, "derf:l"));
  const bytes = g.B * g.Ntot * g.E;
  const A = rt.region("symf:A", bytes);
  const Bf = rt.region("symf:B", bytes);
  const tab = fillTable(rt, g, h, false);
  const P = forwardSpectrum(rt, g, rt.input(x, "derf:x"), A, Bf);
  const spec = rt.output([g.B, g.Ntot * 2 * g.Lp], "derf:spec");
  rt.f32().copyWithin(spec.ptr / 4, P / 4, (P + bytes) / 4);
  const y = rt.output(x.shape, "derf:y");
  finish(rt, g, tab, P, P === A ? Bf : A, y.ptr);
  return rt.finish([y.info, spec.info]);
}

function gradKernel({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { dy, spec, logTau } = inputs as { dy: TensorInfo; spec: TensorInfo; logTau: TensorInfo };
  const rt = filterRuntime(backend);
  const g = geometryOf(rt, dy.shape, attrs);
  const h = multiplier(g, attrs, readSmall(rt, logTau, "derf:l"));
  const bytes = g.B * g.Ntot * g.E;
  const A = rt.region("symf:A", bytes);
  const Bf = rt.region("symf:B", bytes);
  const size = g.ax[0].N * g.ax[1].N;
  const acc = rt.region("derf:acc", size * 2 * g.E);
  rt.f32().fill(0, acc / 4, acc / 4 + size * 4 * g.Lp);
  const tab = fillTable(rt, g, h, true);
  const P = forwardSpectrum(rt, g, rt.input(dy, "derf:dy"), A, Bf);
  rt.exports.caccum!(rt.input(spec, "derf:spec-in"), P, g.B, g.ax[0].N, g.ax[1].N, g.V, acc);
  const dx = rt.output(dy.shape, "derf:dx");
  finish(rt, g, tab, P, P === A ? Bf : A, dx.ptr);
  // dℓ from the accumulated X conj Δ (lane halves: channel q re, im; channel L + q re, im).
  const S = rt.f32().subarray(acc / 4, acc / 4 + size * 4 * g.Lp);
  const { L, C: Cp, Lp } = g;
  const D = attrs.D;
  const C = Cp / D;
  const scale = 1 / (4 * g.Ntot * 2 ** g.extended);
  const dl = new Float64Array(D * C);
  for (let j = 0; j < Cp; j++) {
    const off = j < L ? j : 2 * Lp + j - L;
    let sum = 0;
    for (let f = 0; f < size; f++) {
      const hf = f * Cp + j;
      const o = f * 4 * Lp + off;
      sum += (h.re[hf]! * S[o]! - h.im[hf]! * S[o + Lp]!) * h.w[hf]!;
    }
    dl[(j % D) * C + Math.floor(j / D)] = sum * scale;
  }
  const out = rt.output(logTau.shape, "derf:dl");
  rt.f32().set(Float32Array.from(dl), out.ptr / 4);
  return rt.finish([dx.info, out.info]);
}

let registered = false;

/** Registers the kernels for the wasm and cpu backends (idempotent). */
export function registerDerivativeFilterKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ["wasm", "cpu"]) {
    tf.registerKernel({ kernelName: DERIVATIVE_FILTER, backendName, kernelFunc: forwardKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: DERIVATIVE_FILTER_GRAD, backendName, kernelFunc: gradKernel as unknown as tf.KernelFunc });
  }
}
