/**
 * Real-input FFT of length n: x (n reals) ↔ X_0..X_{⌊n/2⌋} (the other half is Hermitian).
 *
 * Even n uses the half-length trick: z_j = x_{2j} + i·x_{2j+1} is one complex FFT of length
 * n/2 (half the work of a complex transform of length n), then
 *   X_k = (Z_k + conj Z_{n/2−k})/2 + e^{−2πik/n} (Z_k − conj Z_{n/2−k})/(2i).
 * The inverse runs the same split backwards, so it never forms a full complex spectrum either.
 * Odd n goes through a complex plan of length n (Bluestein when n > 1).
 * Strided in- and outputs: (array, stride, offset) as in BLAS, so any axis works in place.
 */
import { chunkLines, gather, scatter, Scratch } from "./batch.js";
import { mergeInverse, splitForward } from "./real-split.js";
import { Pow2Plan, type ComplexPlan } from "./complex-plan.js";

const multi = new Scratch();

export class RealPlan {
  readonly n: number;
  /** Number of spectrum entries, ⌊n/2⌋ + 1. */
  readonly nSpec: number;
  private readonly plan: ComplexPlan;
  private readonly even: boolean;
  private readonly twr: Float64Array; // e^{−2πik/n}, k = 0..n/2 (even n only)
  private readonly twi: Float64Array;
  private readonly ar: Float64Array;
  private readonly ai: Float64Array;
  private readonly br: Float64Array;
  private readonly bi: Float64Array;
  private readonly cr: Float64Array;
  private readonly ci: Float64Array;

  constructor(n: number, complexPlan: (m: number) => ComplexPlan) {
    this.n = n;
    this.nSpec = Math.floor(n / 2) + 1;
    this.even = n % 2 === 0;
    const m = this.even ? n / 2 : n;
    this.plan = complexPlan(m);
    this.ar = new Float64Array(m);
    this.ai = new Float64Array(m);
    this.br = new Float64Array(m);
    this.bi = new Float64Array(m);
    this.cr = new Float64Array(m);
    this.ci = new Float64Array(m);
    const h = this.even ? n / 2 + 1 : 0;
    this.twr = new Float64Array(h);
    this.twi = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      this.twr[k] = Math.cos((2 * Math.PI * k) / n);
      this.twi[k] = -Math.sin((2 * Math.PI * k) / n);
    }
  }

  /** (outRe, outIm)[oo + k·os] = X_k for k = 0..⌊n/2⌋, from x[xo + j·xs], j = 0..n−1. */
  forward(x: Float64Array, xs: number, xo: number, outRe: Float64Array, outIm: Float64Array, os: number, oo: number): void {
    const { n, ar, ai, br, bi } = this;
    if (!this.even) {
      for (let j = 0, p = xo; j < n; j++, p += xs) ar[j] = x[p]!;
      ai.fill(0);
      const inB = this.plan.execute(ar, ai, br, bi);
      const yr = inB ? br : ar;
      const yi = inB ? bi : ai;
      for (let k = 0, q = oo; k < this.nSpec; k++, q += os) {
        outRe[q] = yr[k]!;
        outIm[q] = yi[k]!;
      }
      return;
    }
    const h = n / 2;
    let inB: boolean;
    if (this.plan.executeFrom) inB = this.plan.executeFrom(x, xo, x, xo + xs, 2 * xs, ar, ai, br, bi);
    else {
      for (let j = 0, p = xo; j < h; j++, p += 2 * xs) {
        ar[j] = x[p]!;
        ai[j] = x[p + xs]!;
      }
      inB = this.plan.execute(ar, ai, br, bi);
    }
    splitForward(h, inB ? br : ar, inB ? bi : ai, 1, 0, this.twr, this.twi, outRe, outIm, os, oo);
  }

  /**
   * x[xo + j·xs] = IDFT(X)_j (with the 1/n) for the Hermitian spectrum whose first ⌊n/2⌋+1
   * entries are (re, im)[io + k·is]. Like numpy's irfft, the imaginary parts of X_0 and (even n)
   * X_{n/2} are ignored.
   */
  inverse(re: Float64Array, im: Float64Array, is: number, io: number, x: Float64Array, xs: number, xo: number): void {
    const { n, ar, ai, br, bi } = this;
    // Both branches build the spectrum with re and im exchanged, so the forward plan computes
    // the inverse (swap trick, complex-plan.ts).
    if (!this.even) {
      ai[0] = re[io]!;
      ar[0] = 0;
      for (let k = 1, q = io + is; k < this.nSpec; k++, q += is) {
        const r = re[q]!;
        const i = im[q]!;
        ai[k] = r;
        ar[k] = i;
        ai[n - k] = r;
        ar[n - k] = -i;
      }
      const inB = this.plan.execute(ar, ai, br, bi);
      const y = inB ? bi : ai; // real part of the (swapped) result
      const s = 1 / n;
      for (let j = 0, p = xo; j < n; j++, p += xs) x[p] = y[j]! * s;
      return;
    }
    const h = n / 2;
    const { cr, ci } = this;
    mergeInverse(h, re, im, is, io, this.twr, this.twi, cr, ci, 1, 0);
    if (h >= 8 && this.plan instanceof Pow2Plan) {
      // last stage writes the samples directly: re slot (= Im z) → odd, im slot (= Re z) → even
      this.plan.executeFromTo(cr, 0, ci, 0, 1, x, xo + xs, x, xo, 2 * xs, 1 / h, ar, ai, br, bi);
      return;
    }
    ar.set(cr);
    ai.set(ci);
    const inB = this.plan.execute(ar, ai, br, bi);
    const yr = inB ? br : ar;
    const yi = inB ? bi : ai;
    const s = 1 / h;
    const s2 = 2 * xs;
    for (let j = 0, p = xo; j < h; j++, p += s2) {
      x[p] = yi[j]! * s;
      x[p + xs] = yr[j]! * s;
    }
  }

  /** forward() on many lines, batched through the complex plan when it supports it. */
  forwardLines(
    x: Float64Array,
    xs: number,
    inOff: ArrayLike<number>,
    outRe: Float64Array,
    outIm: Float64Array,
    os: number,
    outOff: ArrayLike<number>,
  ): void {
    const lines = inOff.length;
    const h = this.n / 2;
    const B = this.even ? chunkLines(h, lines, xs) : 1;
    if (!this.plan.executeBatch || B === 1) {
      for (let l = 0; l < lines; l++) this.forward(x, xs, inOff[l]!, outRe, outIm, os, outOff[l]!);
      return;
    }
    multi.ensure(h * B);
    const { ar, ai, br, bi } = multi;
    const { twr, twi } = this;
    for (let l0 = 0; l0 < lines; l0 += B) {
      const cnt = Math.min(B, lines - l0);
      gather(h, cnt, x, 2 * xs, inOff, l0, 0, ar); // even samples → re
      gather(h, cnt, x, 2 * xs, inOff, l0, xs, ai); // odd samples → im
      const inB = this.plan.executeBatch(ar, ai, br, bi, cnt);
      const zr = inB ? br : ar;
      const zi = inB ? bi : ai;
      for (let b = 0; b < cnt; b++) splitForward(h, zr, zi, cnt, b, twr, twi, outRe, outIm, os, outOff[l0 + b]!);
    }
  }

  /** inverse() on many lines, batched through the complex plan when it supports it. */
  inverseLines(
    re: Float64Array,
    im: Float64Array,
    is: number,
    inOff: ArrayLike<number>,
    x: Float64Array,
    xs: number,
    outOff: ArrayLike<number>,
  ): void {
    const lines = inOff.length;
    const h = this.n / 2;
    const B = this.even ? chunkLines(h, lines, is) : 1;
    if (!this.plan.executeBatch || B === 1) {
      for (let l = 0; l < lines; l++) this.inverse(re, im, is, inOff[l]!, x, xs, outOff[l]!);
      return;
    }
    multi.ensure(h * B);
    const { ar, ai, br, bi } = multi;
    const { twr, twi } = this;
    for (let l0 = 0; l0 < lines; l0 += B) {
      const cnt = Math.min(B, lines - l0);
      for (let b = 0; b < cnt; b++) mergeInverse(h, re, im, is, inOff[l0 + b]!, twr, twi, ar, ai, cnt, b);
      const inB = this.plan.executeBatch(ar, ai, br, bi, cnt);
      const s = 1 / h;
      scatter(h, cnt, inB ? bi : ai, x, 2 * xs, outOff, l0, 0, s); // re of z → even samples
      scatter(h, cnt, inB ? br : ar, x, 2 * xs, outOff, l0, xs, s); // im of z → odd samples
    }
  }
}
