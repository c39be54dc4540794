/**
 * Unchecked strided 1-D FFT kernels (BLAS style: length, arrays, stride, offset). They read a
 * line at (offset + j·stride), write the result into caller-given output arrays, and never
 * modify their inputs. The validating Field-level wrappers are in fft.ts.
 */
import { chunkLines, gather, scatter, Scratch } from "./batch.js";
import { Pow2Plan } from "./complex-plan.js";
import { getComplexPlan, getRealPlan } from "./plan-cache.js";

// Scratch for the complex kernel, grown on demand and reused (no allocation in the hot loop).
let ar = new Float64Array(0);
let ai = new Float64Array(0);
let br = new Float64Array(0);
let bi = new Float64Array(0);

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
  if (ar.length < n) {
    ar = new Float64Array(n);
    ai = new Float64Array(n);
    br = new Float64Array(n);
    bi = new Float64Array(n);
  }
  // The inverse is the forward transform with re and im exchanged (then scaled by 1/n).
  // (Plain loops rather than subarray().set(): creating views costs more than copying a line.)
  const xr = inverse ? im : re;
  const xi = inverse ? re : im;
  if (n >= 8 && plan instanceof Pow2Plan) {
    // strided input → strided output, no copies; the inverse writes re/im swapped, scaled 1/n
    if (inverse) plan.executeFromTo(xr, io, xi, io, is, outIm, oo, outRe, oo, os, 1 / n, ar, ai, br, bi);
    else plan.executeFromTo(xr, io, xi, io, is, outRe, oo, outIm, oo, os, 1, ar, ai, br, bi);
    return;
  }
  let inB: boolean;
  if (plan.executeFrom) inB = plan.executeFrom(xr, io, xi, io, is, ar, ai, br, bi);
  else {
    for (let j = 0, p = io; j < n; j++, p += is) {
      ar[j] = xr[p]!;
      ai[j] = xi[p]!;
    }
    inB = plan.execute(ar, ai, br, bi);
  }
  const yr = inB ? br : ar;
  const yi = inB ? bi : ai;
  if (!inverse) {
    for (let m = 0, q = oo; m < n; m++, q += os) {
      outRe[q] = yr[m]!;
      outIm[q] = yi[m]!;
    }
    return;
  }
  const s = 1 / n;
  for (let m = 0, q = oo; m < n; m++, q += os) {
    outRe[q] = yi[m]! * s;
    outIm[q] = yr[m]! * s;
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

const multi = new Scratch();

/**
 * cfftStrided on many lines: line l starts at offsets inOff[l] (input, stride `is`) and
 * outOff[l] (output, stride `os`); re and im share the offsets. Power-of-two lengths go through
 * the batched Stockham kernel in chunks (batch.ts); other lengths line by line.
 */
export function cfftLines(
  n: number,
  re: Float64Array,
  im: Float64Array,
  is: number,
  inOff: ArrayLike<number>,
  outRe: Float64Array,
  outIm: Float64Array,
  os: number,
  outOff: ArrayLike<number>,
  inverse = false,
): void {
  const lines = inOff.length;
  if (n === 0 || lines === 0) return;
  const plan = getComplexPlan(n);
  const B = chunkLines(n, lines, is);
  if (!plan.executeBatch || B === 1) {
    for (let l = 0; l < lines; l++) cfftStrided(n, re, im, is, inOff[l]!, outRe, outIm, os, outOff[l]!, inverse);
    return;
  }
  multi.ensure(n * B);
  const { ar, ai, br, bi } = multi;
  const xr = inverse ? im : re;
  const xi = inverse ? re : im;
  const s = inverse ? 1 / n : 1;
  for (let l0 = 0; l0 < lines; l0 += B) {
    const cnt = Math.min(B, lines - l0);
    gather(n, cnt, xr, is, inOff, l0, 0, ar);
    gather(n, cnt, xi, is, inOff, l0, 0, ai);
    const inB = plan.executeBatch(ar, ai, br, bi, cnt);
    // swapped back for the inverse (see cfftStrided)
    const yr = inB ? (inverse ? bi : br) : inverse ? ai : ar;
    const yi = inB ? (inverse ? br : bi) : inverse ? ar : ai;
    scatter(n, cnt, yr, outRe, os, outOff, l0, 0, s);
    scatter(n, cnt, yi, outIm, os, outOff, l0, 0, s);
  }
}

/** rfftStrided on many lines (offsets as in cfftLines). */
export function rfftLines(
  n: number,
  x: Float64Array,
  xs: number,
  inOff: ArrayLike<number>,
  outRe: Float64Array,
  outIm: Float64Array,
  os: number,
  outOff: ArrayLike<number>,
): void {
  if (n === 0 || inOff.length === 0) return;
  getRealPlan(n).forwardLines(x, xs, inOff, outRe, outIm, os, outOff);
}

/** irfftStrided on many lines (offsets as in cfftLines). */
export function irfftLines(
  n: number,
  re: Float64Array,
  im: Float64Array,
  is: number,
  inOff: ArrayLike<number>,
  x: Float64Array,
  xs: number,
  outOff: ArrayLike<number>,
): void {
  if (n === 0 || inOff.length === 0) return;
  getRealPlan(n).inverseLines(re, im, is, inOff, x, xs, outOff);
}
