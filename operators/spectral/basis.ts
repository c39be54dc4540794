/**
 * Transform matrices of the matMul implementation, built in Float64 from exact integer angle
 * reductions and cached as float32 tensors (one set per backend, kept out of tf.tidy).
 *
 * All matrices act on the left of a `[rows, n, C]` batch (tf.matMul with the basis as
 * `[1, out, in]`, broadcast over the batch), so channels never need a transpose.
 */
import * as tf from "@tensorflow/tfjs";
import { requireInteger } from "../../core/index.js";
import { axisFrequencies, maxModes } from "./layout.js";
import type { AxisBasis } from "./types.js";

const cache = new Map<string, tf.Tensor>();

/** Cached, kept float32 tensor of `shape` built on first use for the current backend. */
function cached(key: string, shape: number[], build: () => Float64Array): tf.Tensor {
  const k = `${tf.getBackend()}|${key}|${shape.join("x")}`;
  let t = cache.get(k);
  if (!t || t.isDisposed) {
    t = tf.keep(tf.tensor(Float32Array.from(build()), shape, "float32"));
    cache.set(k, t);
  }
  return t;
}

/** Dispose every cached basis tensor (they are rebuilt on demand). */
export function clearSpectralCache(): void {
  for (const t of cache.values()) if (!t.isDisposed) t.dispose();
  cache.clear();
}

/** Number of cached basis tensors (for leak tests). */
export function spectralCacheSize(): number {
  return cache.size;
}

const TWO_PI = 2 * Math.PI;
const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** cos and sin of 2π j f / n with the product reduced mod n exactly in integers. */
function fourierAngle(j: number, f: number, n: number): number {
  return (TWO_PI * mod(j * f, n)) / n;
}

/** Half-spectrum forward [2M, n]: rows cos(θ_jm) then −sin(θ_jm), θ = 2π j m / n. */
export function fourierHalfForward(n: number, M: number): Float64Array {
  const out = new Float64Array(2 * M * n);
  for (let m = 0; m < M; m++)
    for (let j = 0; j < n; j++) {
      const t = fourierAngle(j, m, n);
      out[m * n + j] = Math.cos(t);
      out[(M + m) * n + j] = -Math.sin(t);
    }
  return out;
}

/** Weight of half-spectrum mode m in the inverse: 1 for m = 0 and the Nyquist mode, else 2. */
export function halfSpectrumWeight(m: number, n: number): number {
  return m === 0 || 2 * m === n ? 1 : 2;
}

/** Half-spectrum inverse [n, 2M]: x_j = (1/n) Σ_m w_m (re_m cos θ − im_m sin θ). */
export function fourierHalfInverse(n: number, M: number): Float64Array {
  const out = new Float64Array(n * 2 * M);
  for (let j = 0; j < n; j++)
    for (let m = 0; m < M; m++) {
      const t = fourierAngle(j, m, n);
      const w = halfSpectrumWeight(m, n) / n;
      out[j * 2 * M + m] = w * Math.cos(t);
      out[j * 2 * M + M + m] = -w * Math.sin(t);
    }
  return out;
}

/** Complex forward on stacked [re; im] rows: [2K, 2n] = [[C, S], [−S, C]], C = cos, S = sin. */
export function fourierComplexForward(n: number, freqs: Int32Array): Float64Array {
  const K = freqs.length;
  const w = 2 * n;
  const out = new Float64Array(2 * K * w);
  for (let k = 0; k < K; k++)
    for (let j = 0; j < n; j++) {
      const t = fourierAngle(j, freqs[k]!, n);
      const c = Math.cos(t);
      const s = Math.sin(t);
      out[k * w + j] = c;
      out[k * w + n + j] = s;
      out[(K + k) * w + j] = -s;
      out[(K + k) * w + n + j] = c;
    }
  return out;
}

/** Complex inverse on stacked rows: [2n, 2K] = (1/n)[[Cᵀ, −Sᵀ], [Sᵀ, Cᵀ]]. */
export function fourierComplexInverse(n: number, freqs: Int32Array): Float64Array {
  const K = freqs.length;
  const w = 2 * K;
  const out = new Float64Array(2 * n * w);
  for (let j = 0; j < n; j++)
    for (let k = 0; k < K; k++) {
      const t = fourierAngle(j, freqs[k]!, n);
      const c = Math.cos(t) / n;
      const s = Math.sin(t) / n;
      out[j * w + k] = c;
      out[j * w + K + k] = -s;
      out[(n + j) * w + k] = s;
      out[(n + j) * w + K + k] = c;
    }
  return out;
}

/** Real basis function value: DST-I on Dirichlet points, DCT-II on cell centres. */
function realBasisValue(basis: "sine" | "cosine", j: number, f: number, n: number): number {
  if (basis === "sine") return Math.sin((Math.PI * mod(f * (j + 1), 2 * (n + 1))) / (n + 1));
  return Math.cos((Math.PI * mod(f * (2 * j + 1), 4 * n)) / (2 * n));
}

/** Real forward [M, n]: S_m = Σ_j x_j φ_m(x_j). */
export function realForward(basis: "sine" | "cosine", n: number, freqs: Int32Array): Float64Array {
  const M = freqs.length;
  const out = new Float64Array(M * n);
  for (let m = 0; m < M; m++) for (let j = 0; j < n; j++) out[m * n + j] = realBasisValue(basis, j, freqs[m]!, n);
  return out;
}

/** Real inverse [n, M]: DST-I x_j = 2/(n+1) Σ S_m φ_m; DCT-II x_j = (1/n)(C_0 + 2 Σ_{m≥1} C_m φ_m). */
export function realInverse(basis: "sine" | "cosine", n: number, freqs: Int32Array): Float64Array {
  const M = freqs.length;
  const out = new Float64Array(n * M);
  for (let j = 0; j < n; j++)
    for (let m = 0; m < M; m++) {
      const f = freqs[m]!;
      const w = basis === "sine" ? 2 / (n + 1) : (f === 0 ? 1 : 2) / n;
      out[j * M + m] = w * realBasisValue(basis, j, f, n);
    }
  return out;
}

// ---- cached tensors used by the matMul transforms (shape [1, out, in]) ----

const fkey = (f: Int32Array): string => `${f.length}:${f[0]}:${f[f.length - 1]}`;

export function halfForwardTensor(n: number, M: number): tf.Tensor3D {
  return cached(`hf|${n}|${M}`, [1, 2 * M, n], () => fourierHalfForward(n, M)) as tf.Tensor3D;
}
export function halfInverseTensor(n: number, M: number): tf.Tensor3D {
  return cached(`hi|${n}|${M}`, [1, n, 2 * M], () => fourierHalfInverse(n, M)) as tf.Tensor3D;
}
/** Rows [0, M) or [M, 2M) of the half forward basis: 'cos' or '-sin' parts, [1, M, n]. */
export function halfForwardPart(n: number, M: number, part: 0 | 1): tf.Tensor3D {
  return cached(`hfp${part}|${n}|${M}`, [1, M, n], () => fourierHalfForward(n, M).subarray(part * M * n, (part + 1) * M * n)) as tf.Tensor3D;
}
/** Columns of the half inverse basis: 'w cos / n' (0) or '−w sin / n' (1) parts, [1, n, M]. */
export function halfInversePart(n: number, M: number, part: 0 | 1): tf.Tensor3D {
  return cached(`hip${part}|${n}|${M}`, [1, n, M], () => {
    const full = fourierHalfInverse(n, M);
    const out = new Float64Array(n * M);
    for (let j = 0; j < n; j++) for (let m = 0; m < M; m++) out[j * M + m] = full[j * 2 * M + part * M + m]!;
    return out;
  }) as tf.Tensor3D;
}
export function complexForwardTensor(n: number, freqs: Int32Array): tf.Tensor3D {
  return cached(`cf|${n}|${fkey(freqs)}`, [1, 2 * freqs.length, 2 * n], () => fourierComplexForward(n, freqs)) as tf.Tensor3D;
}
export function complexInverseTensor(n: number, freqs: Int32Array): tf.Tensor3D {
  return cached(`ci|${n}|${fkey(freqs)}`, [1, 2 * n, 2 * freqs.length], () => fourierComplexInverse(n, freqs)) as tf.Tensor3D;
}
export function realForwardTensor(basis: "sine" | "cosine", n: number, freqs: Int32Array): tf.Tensor3D {
  return cached(`rf|${basis}|${n}|${fkey(freqs)}`, [1, freqs.length, n], () => realForward(basis, n, freqs)) as tf.Tensor3D;
}
export function realInverseTensor(basis: "sine" | "cosine", n: number, freqs: Int32Array): tf.Tensor3D {
  return cached(`ri|${basis}|${n}|${fkey(freqs)}`, [1, n, freqs.length], () => realInverse(basis, n, freqs)) as tf.Tensor3D;
}

/**
 * Public 1D DFT bases for per-mode work (e.g. FNO): `forward` [2M, n] maps a length-n signal to
 * (re_0..re_{M−1}, im_0..im_{M−1}) of its DFT, `inverse` [n, 2M] maps them back (numpy irfft of
 * the zero-padded half spectrum). Cached and kept; do not dispose.
 */
export function dftBasis1d(n: number, modes: number): { forward: tf.Tensor2D; inverse: tf.Tensor2D } {
  requireInteger("n", n, 1);
  requireInteger("modes", modes, 1, maxModes("fourier", n, true));
  return {
    forward: cached(`hf2|${n}|${modes}`, [2 * modes, n], () => fourierHalfForward(n, modes)) as tf.Tensor2D,
    inverse: cached(`hi2|${n}|${modes}`, [n, 2 * modes], () => fourierHalfInverse(n, modes)) as tf.Tensor2D,
  };
}

/** Public 1D sine (DST-I) or cosine (DCT-II) bases: `forward` [M, n], `inverse` [n, M]. */
export function realBasis1d(basis: "sine" | "cosine", n: number, modes: number): { forward: tf.Tensor2D; inverse: tf.Tensor2D } {
  requireInteger("n", n, 1);
  requireInteger("modes", modes, 1, n);
  const f = axisFrequencies(basis as AxisBasis, n, modes, true);
  return {
    forward: cached(`rf2|${basis}|${n}|${modes}`, [modes, n], () => realForward(basis, n, f)) as tf.Tensor2D,
    inverse: cached(`ri2|${basis}|${n}|${modes}`, [n, modes], () => realInverse(basis, n, f)) as tf.Tensor2D,
  };
}
