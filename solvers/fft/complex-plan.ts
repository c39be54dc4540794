/**
 * Complex FFT plans for one length n, on split arrays (separate re and im). Powers of two run
 * on the radix-4 Stockham kernel (radix4.ts); any other length goes through Bluestein's
 * chirp-z algorithm on a power-of-two plan, so every n >= 1 is exact to round-off (no length is
 * refused or silently wrong). Plans are cached per length (plan-cache.ts).
 *
 * Only the forward transform is implemented: the inverse is IDFT(x) = swap(DFT(swap(x)))/n,
 * where swap exchanges re and im — free with split arrays (callers pass im as re and re as im).
 * Sign convention (docs/conventions.md §Fourier): X_m = Σ_j x_j e^{−2πi jm/n}.
 */
import { InvalidArgumentError, UnsupportedError } from "../../core/index.js";
import { Radix4Fft } from "./radix4.js";

export interface ComplexPlan {
  readonly n: number;
  /**
   * Forward DFT (no scaling) of (ar, ai), which are overwritten; (br, bi) is scratch. All four
   * have length ≥ n. Returns true when the result is in (br, bi), false when in (ar, ai).
   */
  execute(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array): boolean;
  /**
   * Optional: `batch` lines at once, interleaved (element j of line b at j·batch + b). Present
   * for power-of-two lengths, where one stride-`batch` Stockham pass serves every line.
   */
  executeBatch?(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, batch: number): boolean;
  /**
   * Optional: forward DFT of one line read directly from strided input (re at xr[xro + j·xs],
   * im at xi[xio + j·xs]; not modified), saving the gather copy. Result as for execute.
   */
  executeFrom?(
    xr: Float64Array,
    xro: number,
    xi: Float64Array,
    xio: number,
    xs: number,
    ar: Float64Array,
    ai: Float64Array,
    br: Float64Array,
    bi: Float64Array,
  ): boolean;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/** Length 1: the DFT is the identity. */
class TrivialPlan implements ComplexPlan {
  readonly n = 1;
  execute(): boolean {
    return false;
  }
  executeBatch(): boolean {
    return false;
  }
}

export class Pow2Plan implements ComplexPlan {
  readonly n: number;
  private readonly fft: Radix4Fft;
  constructor(n: number) {
    this.n = n;
    this.fft = new Radix4Fft(n);
  }
  execute(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array): boolean {
    return this.fft.transform(ar, ai, br, bi);
  }
  executeBatch(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, batch: number): boolean {
    return this.fft.transform(ar, ai, br, bi, batch);
  }
  executeFrom(
    xr: Float64Array,
    xro: number,
    xi: Float64Array,
    xio: number,
    xs: number,
    ar: Float64Array,
    ai: Float64Array,
    br: Float64Array,
    bi: Float64Array,
  ): boolean {
    return this.fft.transformFrom(xr, xro, xi, xio, xs, ar, ai, br, bi);
  }
  /** Strided input to strided, scaled output in one pass per stage (n ≥ 8 only). */
  executeFromTo(
    xr: Float64Array,
    xro: number,
    xi: Float64Array,
    xio: number,
    xs: number,
    or_: Float64Array,
    oor: number,
    oi_: Float64Array,
    ooi: number,
    os: number,
    scale: number,
    ar: Float64Array,
    ai: Float64Array,
    br: Float64Array,
    bi: Float64Array,
  ): void {
    this.fft.transformFromTo(xr, xro, xi, xio, xs, or_, oor, oi_, ooi, os, scale, ar, ai, br, bi);
  }
}

/**
 * The power-of-two FFT inside Bluestein plans, shared by every length with the same padded size
 * M (it holds only its twiddles; the plan passes its own buffers): a sweep over many lengths
 * builds each M's twiddles once. Kept up to M = 2^16 (1.5 MB of twiddles), so it pins little.
 */
const innerFfts = new Map<number, Radix4Fft>();
function sharedRadix4(m: number): Radix4Fft {
  if (m > 65536) return new Radix4Fft(m);
  let f = innerFfts.get(m);
  if (!f) innerFfts.set(m, (f = new Radix4Fft(m)));
  return f;
}

/**
 * Bluestein: with w_j = e^{−iπ j²/n}, X_m = w_m Σ_j (x_j w_j) conj(w_{m−j}), a circular
 * convolution of length M ≥ 2n−1 done with power-of-two FFTs. j² is reduced mod 2n before the
 * angle is formed so the chirp stays accurate for large j.
 */
class BluesteinPlan implements ComplexPlan {
  readonly n: number;
  private readonly m: number;
  private readonly inner: Radix4Fft;
  private readonly wr: Float64Array; // chirp w_j, j = 0..n-1
  private readonly wi: Float64Array;
  private readonly kr: Float64Array; // FFT_M of conj(w) wrapped circularly, times 1/M
  private readonly ki: Float64Array;
  private readonly ur: Float64Array;
  private readonly ui: Float64Array;
  private readonly vr: Float64Array;
  private readonly vi: Float64Array;

  constructor(n: number) {
    this.n = n;
    const m = nextPowerOfTwo(2 * n - 1);
    this.m = m;
    this.inner = sharedRadix4(m);
    this.wr = new Float64Array(n);
    this.wi = new Float64Array(n);
    // q = j² mod 2n, updated exactly with (j+1)² = j² + 2j + 1 (j*j itself would lose
    // precision in a double for large j)
    for (let j = 0, q = 0; j < n; q = (q + 2 * j + 1) % (2 * n), j++) {
      const ang = (Math.PI * q) / n;
      this.wr[j] = Math.cos(ang);
      this.wi[j] = -Math.sin(ang);
    }
    this.ur = new Float64Array(m);
    this.ui = new Float64Array(m);
    this.vr = new Float64Array(m);
    this.vi = new Float64Array(m);
    for (let j = 0; j < n; j++) {
      this.ur[j] = this.wr[j]!;
      this.ui[j] = -this.wi[j]!;
      if (j > 0) {
        this.ur[m - j] = this.wr[j]!;
        this.ui[m - j] = -this.wi[j]!;
      }
    }
    const inB = this.inner.transform(this.ur, this.ui, this.vr, this.vi);
    // Fold the inverse FFT's 1/M into the kernel so the convolution needs no extra pass.
    const sr = inB ? this.vr : this.ur;
    const si = inB ? this.vi : this.ui;
    this.kr = new Float64Array(m);
    this.ki = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      this.kr[i] = sr[i]! / m;
      this.ki[i] = si[i]! / m;
    }
  }

  execute(ar: Float64Array, ai: Float64Array): boolean {
    const { n, m, wr, wi, kr, ki, ur, ui, vr, vi } = this;
    for (let j = 0; j < n; j++) {
      const xr = ar[j]!;
      const xi = ai[j]!;
      ur[j] = xr * wr[j]! - xi * wi[j]!;
      ui[j] = xr * wi[j]! + xi * wr[j]!;
    }
    ur.fill(0, n);
    ui.fill(0, n);
    const inB = this.inner.transform(ur, ui, vr, vi);
    const [pr, pi, qr, qi] = inB ? [vr, vi, ur, ui] : [ur, ui, vr, vi];
    for (let i = 0; i < m; i++) {
      const a = pr[i]!;
      const b = pi[i]!;
      pr[i] = a * kr[i]! - b * ki[i]!;
      pi[i] = a * ki[i]! + b * kr[i]!;
    }
    // Inverse FFT by the swap trick: forward transform with re and im exchanged.
    const inQ = this.inner.transform(pi, pr, qi, qr);
    const [cr, ci] = inQ ? [qr, qi] : [pr, pi];
    for (let j = 0; j < n; j++) {
      const yr = cr[j]!;
      const yi = ci[j]!;
      ar[j] = yr * wr[j]! - yi * wi[j]!;
      ai[j] = yr * wi[j]! + yi * wr[j]!;
    }
    return false;
  }
}

/** Largest lengths served: work arrays beyond these would need gigabytes. */
export const MAX_POW2_LENGTH = 2 ** 24;
export const MAX_OTHER_LENGTH = 2 ** 22;

/** A new (uncached) plan for length n >= 1; use getComplexPlan for the cached one. */
export function createComplexPlan(n: number): ComplexPlan {
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("n", n, "must be an integer >= 1 (transform length)");
  const pow2 = isPowerOfTwo(n);
  if (n > (pow2 ? MAX_POW2_LENGTH : MAX_OTHER_LENGTH))
    throw new UnsupportedError(
      `transform length ${n} is not supported: the limit is ${MAX_POW2_LENGTH} for powers of two and ${MAX_OTHER_LENGTH} otherwise (memory)`,
    );
  if (n === 1) return new TrivialPlan();
  if (pow2) return new Pow2Plan(n);
  return new BluesteinPlan(n);
}
