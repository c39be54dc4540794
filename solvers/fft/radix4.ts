/**
 * Power-of-two complex FFT on split arrays (separate re and im), Stockham autosort with radix-4
 * stages and one radix-2 stage when log2 n is odd. Stockham needs no bit-reversal pass: each
 * stage reads one buffer and writes the other in natural order. Twiddles are precomputed per
 * stage from one table of e^{−2πik/n}, each read once per stage, so V8 keeps the inner loops
 * to plain Float64Array loads and stores.
 *
 * A stage of sub-length L and stride s is followed by one of L/4 and stride 4s; the stages
 * themselves are in radix4-stages.ts.
 */
import { lastRadix2To, lastRadix4To, radix2Stage, radix4First, radix4Stage } from "./radix4-stages.js";

export class Radix4Fft {
  readonly n: number;
  /** Interleaved per stage: for each p, (w1, w2, w3) as (re, im) pairs. */
  private readonly tw: Float64Array;
  private readonly stageOffsets: number[] = [];

  constructor(n: number) {
    if (n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`Radix4Fft: n must be a power of two, got ${n}`);
    this.n = n;
    const cos = new Float64Array(n);
    const sin = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = -Math.sin((2 * Math.PI * k) / n);
    }
    let size = 0;
    for (let L = n; L >= 4; L /= 4) size += 6 * (L / 4);
    this.tw = new Float64Array(size);
    let off = 0;
    for (let L = n, s = 1; L >= 4; L /= 4, s *= 4) {
      this.stageOffsets.push(off);
      for (let p = 0; p < L / 4; p++) {
        for (let j = 1; j <= 3; j++) {
          const k = (j * p * s) % n;
          this.tw[off++] = cos[k]!;
          this.tw[off++] = sin[k]!;
        }
      }
    }
  }

  /**
   * Forward DFT (no scaling) of (ar, ai). (br, bi) is scratch of the same length; the input is
   * overwritten. With batch = B, the arrays hold B lines interleaved (element j of line b at
   * j·B + b, length n·B) and all B are transformed at once: a stride-B Stockham start, so each
   * twiddle is loaded once per B lines and the inner loops run over contiguous memory. Returns true when the result is in (br, bi), false when it is in (ar, ai).
   */
  transform(ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, batch = 1): boolean {
    return this.stagesFrom(this.n, batch, 0, false, ar, ai, br, bi);
  }

  /**
   * Forward DFT of one line read straight from strided input: re at xr[xro + j·xs], im at
   * xi[xio + j·xs] (not modified). The first stage reads the input in place of a gather copy;
   * (ar, ai), (br, bi) are work arrays. Returns true when the result is in (br, bi).
   */
  transformFrom(
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
    const n = this.n;
    if (n === 1) {
      ar[0] = xr[xro]!;
      ai[0] = xi[xio]!;
      return false;
    }
    if (n === 2) {
      const p0r = xr[xro]!, p0i = xi[xio]!, p1r = xr[xro + xs]!, p1i = xi[xio + xs]!;
      ar[0] = p0r + p1r;
      ai[0] = p0i + p1i;
      ar[1] = p0r - p1r;
      ai[1] = p0i - p1i;
      return false;
    }
    radix4First(n, xr, xro, xi, xio, xs, ar, ai, this.tw);
    return this.stagesFrom(n / 4, 4, 1, false, ar, ai, br, bi);
  }

  /**
   * transformFrom whose last stage writes straight into strided output, scaled:
   * or_[oor + m·os] = scale · Re X_m, oi_[ooi + m·os] = scale · Im X_m. Needs n ≥ 8 (at least two stages, so the output may
   * alias the input: the input is fully read by the first stage before anything is written).
   */
  transformFromTo(
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
    const n = this.n;
    radix4First(n, xr, xro, xi, xio, xs, ar, ai, this.tw);
    let inB = false;
    let stage = 1;
    let L = n / 4;
    let s = 4;
    for (; L > 4; L /= 4, s *= 4) {
      if (inB) radix4Stage(L, s, br, bi, ar, ai, this.tw, this.stageOffsets[stage]!);
      else radix4Stage(L, s, ar, ai, br, bi, this.tw, this.stageOffsets[stage]!);
      inB = !inB;
      stage++;
    }
    const cr = inB ? br : ar;
    const ci = inB ? bi : ai;
    if (L === 4) lastRadix4To(s, cr, ci, or_, oor, oi_, ooi, os, scale);
    else lastRadix2To(s, cr, ci, or_, oor, oi_, ooi, os, scale);
  }

  /** Stages from sub-length L, stride s and stage index `stage`; data in b when inB. */
  private stagesFrom(
    L: number,
    s: number,
    stage: number,
    inB: boolean,
    ar: Float64Array,
    ai: Float64Array,
    br: Float64Array,
    bi: Float64Array,
  ): boolean {
    for (; L >= 4; L /= 4, s *= 4) {
      if (inB) radix4Stage(L, s, br, bi, ar, ai, this.tw, this.stageOffsets[stage]!);
      else radix4Stage(L, s, ar, ai, br, bi, this.tw, this.stageOffsets[stage]!);
      inB = !inB;
      stage++;
    }
    if (L === 2) {
      if (inB) radix2Stage(s, br, bi, ar, ai);
      else radix2Stage(s, ar, ai, br, bi);
      inB = !inB;
    }
    return inB;
  }
}
