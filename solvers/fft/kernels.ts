/**
 * Unchecked strided 1-D FFT kernels (BLAS style: length, arrays, stride, offset). They read a
 * line at (offset + j·stride), write the result into caller-given output arrays, and never
 * modify their inputs. The validating Field-level wrappers are in fft.ts.
 */
import { getComplexPlan, getRealPlan } from "./plan-cache.js";

// Scratch for the complex kernel, grown on demand and reused (no allocation in the hot loop).
let bufIn = new Float64Array(0);
let bufOut = new Float64Array(0);

function scratch(n: number): void {
  if (bufIn.length < 2 * n) {
    bufIn = new Float64Array(2 * n);
    bufOut = new Float64Array(2 * n);
  }
}

/**
 * Complex DFT of one line: (outRe, outIm)[oo + m·os] = Σ_j (re + i·im)[io + j·is] e^{∓2πi jm/n}
 * (forward: minus sign; inverse: plus sign and the 1/n). Output may alias the input.
 */
export function cfftStrided(
  n: number,
  re: Float64Array,
  im: Float64Array,
  is: number,
  io: number,
  outRe: Float64Array,
  outIm: Float64Array,
  os: number,
  oo: number,
  inverse = false,
): void {
  if (n === 0) return;
  const plan = getComplexPlan(n);
  scratch(n);
  const a = bufIn.length === 2 * n ? bufIn : bufIn.subarray(0, 2 * n);
  const b = bufOut.length === 2 * n ? bufOut : bufOut.subarray(0, 2 * n);
  for (let j = 0, p = io; j < n; j++, p += is) {
    a[2 * j] = re[p]!;
    a[2 * j + 1] = im[p]!;
  }
  if (inverse) plan.inverse(a, b);
  else plan.forward(a, b);
  for (let m = 0, q = oo; m < n; m++, q += os) {
    outRe[q] = b[2 * m]!;
    outIm[q] = b[2 * m + 1]!;
  }
}

/** Real-input DFT of one line: X_0..X_{⌊n/2⌋} into (outRe, outIm)[oo + k·os]. */
export function rfftStrided(
  n: number,
  x: Float64Array,
  xs: number,
  xo: number,
  outRe: Float64Array,
  outIm: Float64Array,
  os: number,
  oo: number,
): void {
  if (n === 0) return;
  getRealPlan(n).forward(x, xs, xo, outRe, outIm, os, oo);
}

/**
 * Inverse of rfftStrided: x[xo + j·xs], j = 0..n−1, from the ⌊n/2⌋+1 Hermitian-half entries
 * (re, im)[io + k·is], with the 1/n. Imaginary parts of X_0 (and X_{n/2}) are ignored.
 */
export function irfftStrided(
  n: number,
  re: Float64Array,
  im: Float64Array,
  is: number,
  io: number,
  x: Float64Array,
  xs: number,
  xo: number,
): void {
  if (n === 0) return;
  getRealPlan(n).inverse(re, im, is, io, x, xs, xo);
}
