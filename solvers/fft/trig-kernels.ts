/**
 * Unchecked strided kernels for the real-to-real transforms, all built on the real FFT
 * (real-plan.ts). Definitions and scaling are scipy.fft's type 1/2/3 with norm="backward":
 *
 *   DST-I  y_k = 2 Σ_{j=0}^{n−1} x_j sin(π(j+1)(k+1)/(n+1))            dst1∘dst1 = 2(n+1)·I
 *   DCT-I  y_k = x_0 + (−1)^k x_{n−1} + 2 Σ_{j=1}^{n−2} x_j cos(πjk/(n−1))   dct1∘dct1 = 2(n−1)·I
 *   DCT-II y_k = 2 Σ_{j=0}^{n−1} x_j cos(πk(2j+1)/(2n))                 dct3∘dct2 = 2n·I
 *   DCT-III y_k = x_0 + 2 Σ_{j=1}^{n−1} x_j cos(π(2k+1)j/(2n))
 *
 * DST-I and DCT-I run a real FFT of the odd/even extension (length 2(n+1), 2(n−1)); DCT-II and
 * DCT-III use Makhoul's permutation, an n-point real FFT plus a quarter-wave twiddle.
 * Outputs go to caller-given arrays; inputs are not modified; output may alias the input.
 */
import { getRealPlan } from "./plan-cache.js";

let ext = new Float64Array(0);
let specRe = new Float64Array(0);
let specIm = new Float64Array(0);

function scratch(m: number): void {
  if (ext.length < m) {
    ext = new Float64Array(m);
    specRe = new Float64Array(m / 2 + 2);
    specIm = new Float64Array(m / 2 + 2);
  }
}

// Quarter-wave twiddles cos/sin(πk/(2n)), k = 0..n−1, for the last few n used.
const quarterCache = new Map<number, Float64Array>();
function quarterWave(n: number): Float64Array {
  let t = quarterCache.get(n);
  if (t === undefined) {
    t = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const th = (Math.PI * k) / (2 * n);
      t[2 * k] = Math.cos(th);
      t[2 * k + 1] = Math.sin(th);
    }
    if (quarterCache.size >= 16) quarterCache.delete(quarterCache.keys().next().value!);
    quarterCache.set(n, t);
  }
  return t;
}

/** DST-I of one line (n ≥ 1). */
export function dst1Strided(n: number, x: Float64Array, xs: number, xo: number, out: Float64Array, os: number, oo: number): void {
  if (n === 0) return;
  const m = 2 * (n + 1);
  scratch(m);
  ext[0] = 0;
  ext[n + 1] = 0;
  for (let j = 0, p = xo; j < n; j++, p += xs) {
    const v = x[p]!;
    ext[j + 1] = v;
    ext[m - 1 - j] = -v;
  }
  getRealPlan(m).forward(ext, 1, 0, specRe, specIm, 1, 0);
  // The odd extension's spectrum is −i·(DST-I), shifted by one.
  for (let k = 0, q = oo; k < n; k++, q += os) out[q] = -specIm[k + 1]!;
}

/** DCT-I of one line (n ≥ 2). */
export function dct1Strided(n: number, x: Float64Array, xs: number, xo: number, out: Float64Array, os: number, oo: number): void {
  if (n < 2) return;
  const m = 2 * (n - 1);
  scratch(m);
  for (let j = 0, p = xo; j < n; j++, p += xs) {
    const v = x[p]!;
    ext[j] = v;
    if (j > 0 && j < n - 1) ext[m - j] = v;
  }
  getRealPlan(m).forward(ext, 1, 0, specRe, specIm, 1, 0);
  for (let k = 0, q = oo; k < n; k++, q += os) out[q] = specRe[k]!;
}

/** DCT-II of one line (n ≥ 1). */
export function dct2Strided(n: number, x: Float64Array, xs: number, xo: number, out: Float64Array, os: number, oo: number): void {
  if (n === 0) return;
  scratch(n + (n % 2));
  // Makhoul: v = (x_0, x_2, x_4, ..., x_5, x_3, x_1)
  for (let j = 0, p = xo; j < n; j++, p += xs) {
    const v = x[p]!;
    if (j % 2 === 0) ext[j >> 1] = v;
    else ext[n - 1 - (j >> 1)] = v;
  }
  getRealPlan(n).forward(ext, 1, 0, specRe, specIm, 1, 0);
  const t = quarterWave(n);
  const half = n >> 1;
  for (let k = 0, q = oo; k < n; k++, q += os) {
    // V_k for k > n/2 is conj(V_{n−k})
    const vr = k <= half ? specRe[k]! : specRe[n - k]!;
    const vi = k <= half ? specIm[k]! : -specIm[n - k]!;
    out[q] = 2 * (t[2 * k]! * vr + t[2 * k + 1]! * vi);
  }
}

/** DCT-III of one line (n ≥ 1); dct3(dct2(x)) = 2n·x. */
export function dct3Strided(n: number, y: Float64Array, ys: number, yo: number, out: Float64Array, os: number, oo: number): void {
  if (n === 0) return;
  scratch(n + (n % 2));
  const t = quarterWave(n);
  const half = n >> 1;
  // V_k = n · e^{iπk/(2n)} (y_k − i·y_{n−k}), y_n = 0; the n undoes irfft's 1/n.
  for (let k = 0; k <= half; k++) {
    const a = y[yo + k * ys]!;
    const b = k === 0 ? 0 : y[yo + (n - k) * ys]!;
    const c = t[2 * k]!;
    const s = t[2 * k + 1]!;
    specRe[k] = n * (c * a + s * b);
    specIm[k] = n * (s * a - c * b);
  }
  getRealPlan(n).inverse(specRe, specIm, 1, 0, ext, 1, 0);
  for (let j = 0, p = oo; j < n; j++, p += os) out[p] = j % 2 === 0 ? ext[j >> 1]! : ext[n - 1 - (j >> 1)]!;
}
