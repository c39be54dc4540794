/**
 * Float64 complex DFT along one axis of a contiguous C-order array (split re/im), numpy's
 * conventions (docs/conventions.md §Fourier): forward X_m = Σ_j x_j e^{−2πi jm/n}, the inverse
 * carries 1/n. fft.js serves power-of-two lengths; other lengths use a direct O(n²) sum (the
 * metrics only ever transform small grids). Kept local so the evaluation harness does not
 * depend on the solvers' transform layout.
 */
import FFT from "fft.js";

const plans = new Map<number, FFT>();

function plan(n: number): FFT {
  let p = plans.get(n);
  if (!p) {
    p = new FFT(n);
    plans.set(n, p);
  }
  return p;
}

/** In-place complex DFT of every line along `axis` of `(re, im)` with shape `shape`. */
export function dftAlongAxis(re: Float64Array, im: Float64Array, shape: readonly number[], axis: number, inverse = false): void {
  const n = shape[axis]!;
  if (n === 1) return;
  let stride = 1;
  for (let a = shape.length - 1; a > axis; a--) stride *= shape[a]!;
  const outer = re.length / (n * stride);
  const pow2 = (n & (n - 1)) === 0;
  const buf = new Float64Array(2 * n);
  const res = new Float64Array(2 * n);
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  if (!pow2) {
    for (let m = 0; m < n; m++) {
      cos[m] = Math.cos((2 * Math.PI * m) / n);
      sin[m] = Math.sin((2 * Math.PI * m) / n);
    }
  }
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < stride; s++) {
      const off = o * n * stride + s;
      // Conjugating in and out turns the forward transform into the unnormalised inverse.
      for (let j = 0; j < n; j++) {
        buf[2 * j] = re[off + j * stride]!;
        buf[2 * j + 1] = inverse ? -im[off + j * stride]! : im[off + j * stride]!;
      }
      if (pow2) plan(n).transform(res, buf);
      else {
        for (let m = 0; m < n; m++) {
          let sr = 0;
          let si = 0;
          for (let j = 0, t = 0; j < n; j++, t = (t + m) % n) {
            // e^{−2πi jm/n} = cos − i sin
            const xr = buf[2 * j]!;
            const xi = buf[2 * j + 1]!;
            sr += xr * cos[t]! + xi * sin[t]!;
            si += xi * cos[t]! - xr * sin[t]!;
          }
          res[2 * m] = sr;
          res[2 * m + 1] = si;
        }
      }
      const scale = inverse ? 1 / n : 1;
      for (let m = 0; m < n; m++) {
        re[off + m * stride] = res[2 * m]! * scale;
        im[off + m * stride] = (inverse ? -res[2 * m + 1]! : res[2 * m + 1]!) * scale;
      }
    }
  }
}

/** Integer frequency index of DFT bin m for length n, numpy `fftfreq(n) * n` order. */
export function signedFrequency(m: number, n: number): number {
  return m < Math.ceil(n / 2) ? m : m - n;
}
