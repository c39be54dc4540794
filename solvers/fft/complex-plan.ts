/**
 * Complex FFT plans for one length n, on interleaved buffers [re0, im0, re1, im1, ...].
 * Powers of two run on fft.js (radix-4); any other length goes through Bluestein's chirp-z
 * algorithm on a power-of-two fft.js plan, so every n >= 1 is exact to round-off (no length is
 * refused or silently wrong). Plans are cached per length (see plan-cache.ts).
 *
 * Sign convention (docs/conventions.md §Fourier): forward X_m = Σ_j x_j e^{−2πi jm/n}; the
 * inverse carries 1/n.
 */
import FFT from "fft.js";

export interface ComplexPlan {
  readonly n: number;
  /** out = DFT(inp). Both interleaved, length 2n, distinct buffers; inp is not modified. */
  forward(inp: Float64Array, out: Float64Array): void;
  /** out = IDFT(inp) including the 1/n. Both interleaved, length 2n, distinct buffers. */
  inverse(inp: Float64Array, out: Float64Array): void;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/** Length 1: the DFT is the identity. */
class TrivialPlan implements ComplexPlan {
  readonly n = 1;
  forward(inp: Float64Array, out: Float64Array): void {
    out[0] = inp[0]!;
    out[1] = inp[1]!;
  }
  inverse(inp: Float64Array, out: Float64Array): void {
    this.forward(inp, out);
  }
}

/** Power of two >= 2 on fft.js. */
export class Pow2Plan implements ComplexPlan {
  readonly n: number;
  private readonly f: FFT;
  constructor(n: number) {
    this.n = n;
    this.f = new FFT(n);
    // fft.js keeps its twiddles in a plain Array; a Float64Array is read faster by V8.
    this.f.table = Float64Array.from(this.f.table) as unknown as number[];
  }
  forward(inp: Float64Array, out: Float64Array): void {
    this.f.transform(out, inp);
  }
  inverse(inp: Float64Array, out: Float64Array): void {
    this.f.inverseTransform(out, inp);
  }
}

/**
 * Bluestein: with w_j = e^{−iπ j²/n}, X_m = w_m Σ_j (x_j w_j) conj(w_{m−j}), a circular
 * convolution of length M ≥ 2n−1 done with power-of-two FFTs. j² is reduced mod 2n before the
 * angle is formed so the chirp stays accurate for large j.
 */
class BluesteinPlan implements ComplexPlan {
  readonly n: number;
  private readonly m: number;
  private readonly inner: Pow2Plan;
  private readonly chirp: Float64Array; // w_j, interleaved, j = 0..n-1
  private readonly kernelHat: Float64Array; // FFT_M of conj(w) wrapped circularly, scaled 1/M
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.m = nextPowerOfTwo(2 * n - 1);
    this.inner = new Pow2Plan(this.m);
    this.chirp = new Float64Array(2 * n);
    const twoN = 2 * n;
    for (let j = 0; j < n; j++) {
      const q = (j * j) % twoN; // j < 2^26 keeps j*j exact in a double
      const ang = (Math.PI * q) / n;
      this.chirp[2 * j] = Math.cos(ang);
      this.chirp[2 * j + 1] = -Math.sin(ang);
    }
    const k = new Float64Array(2 * this.m);
    for (let j = 0; j < n; j++) {
      const c = this.chirp[2 * j]!;
      const s = -this.chirp[2 * j + 1]!; // conj(w_j)
      k[2 * j] = c;
      k[2 * j + 1] = s;
      if (j > 0) {
        k[2 * (this.m - j)] = c;
        k[2 * (this.m - j) + 1] = s;
      }
    }
    this.kernelHat = new Float64Array(2 * this.m);
    this.inner.forward(k, this.kernelHat);
    // Fold the inverse FFT's 1/M into the kernel so the convolution needs no extra pass.
    const invM = 1 / this.m;
    for (let i = 0; i < 2 * this.m; i++) this.kernelHat[i]! *= invM;
    this.a = new Float64Array(2 * this.m);
    this.b = new Float64Array(2 * this.m);
  }

  forward(inp: Float64Array, out: Float64Array): void {
    this.run(inp, out, false);
  }

  /** IDFT(x) = conj(DFT(conj(x))) / n. */
  inverse(inp: Float64Array, out: Float64Array): void {
    this.run(inp, out, true);
  }

  private run(inp: Float64Array, out: Float64Array, inverse: boolean): void {
    const { n, m, a, b, chirp, kernelHat } = this;
    const sg = inverse ? -1 : 1;
    for (let j = 0; j < n; j++) {
      const xr = inp[2 * j]!;
      const xi = sg * inp[2 * j + 1]!;
      const wr = chirp[2 * j]!;
      const wi = chirp[2 * j + 1]!;
      a[2 * j] = xr * wr - xi * wi;
      a[2 * j + 1] = xr * wi + xi * wr;
    }
    a.fill(0, 2 * n, 2 * m);
    this.inner.forward(a, b);
    for (let i = 0; i < m; i++) {
      const br = b[2 * i]!;
      const bi = b[2 * i + 1]!;
      const kr = kernelHat[2 * i]!;
      const ki = kernelHat[2 * i + 1]!;
      // conj of the product, so a forward FFT below acts as the (unscaled) inverse
      b[2 * i] = br * kr - bi * ki;
      b[2 * i + 1] = -(br * ki + bi * kr);
    }
    this.inner.forward(b, a);
    const scale = inverse ? 1 / n : 1;
    for (let j = 0; j < n; j++) {
      const cr = a[2 * j]!;
      const ci = -a[2 * j + 1]!; // undo the conj trick
      const wr = chirp[2 * j]!;
      const wi = chirp[2 * j + 1]!;
      out[2 * j] = scale * (cr * wr - ci * wi);
      out[2 * j + 1] = sg * scale * (cr * wi + ci * wr);
    }
  }
}

/** A new (uncached) plan for length n >= 1; use getComplexPlan for the cached one. */
export function createComplexPlan(n: number): ComplexPlan {
  if (n === 1) return new TrivialPlan();
  if (isPowerOfTwo(n)) return new Pow2Plan(n);
  return new BluesteinPlan(n);
}
