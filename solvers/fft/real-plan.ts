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
import type { ComplexPlan } from "./complex-plan.js";

export class RealPlan {
  readonly n: number;
  /** Number of spectrum entries, ⌊n/2⌋ + 1. */
  readonly nSpec: number;
  private readonly plan: ComplexPlan;
  private readonly even: boolean;
  private readonly tw: Float64Array; // e^{−2πik/n}, k = 0..n/2 (even n only)
  private readonly z: Float64Array;
  private readonly zHat: Float64Array;

  constructor(n: number, complexPlan: (m: number) => ComplexPlan) {
    this.n = n;
    this.nSpec = Math.floor(n / 2) + 1;
    this.even = n % 2 === 0;
    const m = this.even ? n / 2 : n;
    this.plan = complexPlan(m);
    this.z = new Float64Array(2 * m);
    this.zHat = new Float64Array(2 * m);
    this.tw = new Float64Array(this.even ? n + 2 : 0);
    if (this.even) {
      for (let k = 0; k <= n / 2; k++) {
        const ang = (2 * Math.PI * k) / n;
        this.tw[2 * k] = Math.cos(ang);
        this.tw[2 * k + 1] = -Math.sin(ang);
      }
    }
  }

  /** (outRe, outIm)[oo + k·os] = X_k for k = 0..⌊n/2⌋, from x[xo + j·xs], j = 0..n−1. */
  forward(x: Float64Array, xs: number, xo: number, outRe: Float64Array, outIm: Float64Array, os: number, oo: number): void {
    const { n, z, zHat } = this;
    if (!this.even) {
      for (let j = 0, p = xo; j < n; j++, p += xs) {
        z[2 * j] = x[p]!;
        z[2 * j + 1] = 0;
      }
      this.plan.forward(z, zHat);
      for (let k = 0, q = oo; k < this.nSpec; k++, q += os) {
        outRe[q] = zHat[2 * k]!;
        outIm[q] = zHat[2 * k + 1]!;
      }
      return;
    }
    const h = n / 2;
    if (xs === 1) z.set(x.subarray(xo, xo + n));
    else for (let j = 0, p = xo; j < n; j++, p += xs) z[j] = x[p]!;
    this.plan.forward(z, zHat);
    const tw = this.tw;
    for (let k = 0, q = oo; k <= h; k++, q += os) {
      const a = k === h ? 0 : k;
      const b = k === 0 ? 0 : h - k;
      const ar = zHat[2 * a]!;
      const ai = zHat[2 * a + 1]!;
      const br = zHat[2 * b]!;
      const bi = -zHat[2 * b + 1]!; // conj Z_{h−k}
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      // O = (Z_k − conj Z_{h−k}) / (2i)
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const wr = tw[2 * k]!;
      const wi = tw[2 * k + 1]!;
      outRe[q] = er + wr * or - wi * oi;
      outIm[q] = ei + wr * oi + wi * or;
    }
  }

  /**
   * x[xo + j·xs] = IDFT(X)_j (with the 1/n) for the Hermitian spectrum whose first ⌊n/2⌋+1
   * entries are (re, im)[io + k·is]. Like numpy's irfft, the imaginary parts of X_0 and (even n)
   * X_{n/2} are ignored.
   */
  inverse(re: Float64Array, im: Float64Array, is: number, io: number, x: Float64Array, xs: number, xo: number): void {
    const { n, z, zHat } = this;
    if (!this.even) {
      zHat[0] = re[io]!;
      zHat[1] = 0;
      for (let k = 1, q = io + is; k < this.nSpec; k++, q += is) {
        const r = re[q]!;
        const i = im[q]!;
        zHat[2 * k] = r;
        zHat[2 * k + 1] = i;
        zHat[2 * (n - k)] = r;
        zHat[2 * (n - k) + 1] = -i;
      }
      this.plan.inverse(zHat, z);
      for (let j = 0, p = xo; j < n; j++, p += xs) x[p] = z[2 * j]!;
      return;
    }
    const h = n / 2;
    const tw = this.tw;
    for (let k = 0; k < h; k++) {
      const qa = io + k * is;
      const qb = io + (h - k) * is;
      const ar = re[qa]!;
      const ai = k === 0 ? 0 : im[qa]!;
      const br = re[qb]!;
      const bi = k === 0 ? 0 : -im[qb]!; // conj X_{h−k}; X_h's imaginary part is dropped
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const dr = 0.5 * (ar - br);
      const di = 0.5 * (ai - bi);
      // O = D · e^{+2πik/n}
      const wr = tw[2 * k]!;
      const wi = -tw[2 * k + 1]!;
      const or = dr * wr - di * wi;
      const oi = dr * wi + di * wr;
      // Z = E + iO
      zHat[2 * k] = er - oi;
      zHat[2 * k + 1] = ei + or;
    }
    this.plan.inverse(zHat, z);
    if (xs === 1) x.set(z.subarray(0, n), xo);
    else for (let j = 0, p = xo; j < n; j++, p += xs) x[p] = z[j]!;
  }
}
