/**
 * Float64 complex DFT along one axis of a contiguous C-order array (split re/im), numpy's
 * conventions (docs/conventions.md §Fourier): forward X_m = Σ_j x_j e^{−2πi jm/n}, the inverse
 * carries 1/n. A thin in-place adapter over the solvers' FFT (any length).
 */
import { makeField } from "../../core/index.js";
import { fft, ifft } from "../../solvers/index.js";

/** In-place complex DFT of every line along `axis` of `(re, im)` with shape `shape`. */
export function dftAlongAxis(re: Float64Array, im: Float64Array, shape: readonly number[], axis: number, inverse = false): void {
  if (shape[axis] === 1) return;
  const r = (inverse ? ifft : fft)(makeField(shape, re), makeField(shape, im), { axis });
  re.set(r.re.data);
  im.set(r.im.data);
}

/** Integer frequency index of DFT bin m for length n, numpy `fftfreq(n) * n` order. */
export function signedFrequency(m: number, n: number): number {
  return m < Math.ceil(n / 2) ? m : m - n;
}
