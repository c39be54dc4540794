/**
 * Float64 discrete Fourier transforms of one periodic signal of n points, for the Cole–Hopf
 * path's search (cole-hopf-objective.ts): fft.js (radix 4) when n is a power of two, direct sums
 * over a table of e^{2πi j/n} otherwise (O(n²), fine for the grids a search runs on). Forward:
 * the half spectrum X_r = Σ_j x_j e^{−2πi rj/n}, r = 0 … ⌊n/2⌋; inverse: a full complex
 * spectrum to a complex signal, divided by n.
 */
import FFT from "fft.js";

export interface Spectrum64 {
  readonly n: number;
  /** Half spectrum of the real x[offset … offset + n) into re/im (length ⌊n/2⌋ + 1). */
  forward(x: Float64Array, offset: number, re: Float64Array, im: Float64Array): void;
  /** z_j = (1/n) Σ_k Z_k e^{2πi kj/n} from the full spectrum (zRe, zIm of length n). */
  inverse(zRe: Float64Array, zIm: Float64Array, outRe: Float64Array, outIm: Float64Array): void;
}

const isPowerOfTwo = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;

export function spectrum64(n: number): Spectrum64 {
  const H = Math.floor(n / 2);
  if (isPowerOfTwo(n)) {
    const f = new FFT(n);
    const src = new Float64Array(n);
    const out = f.createComplexArray() as number[];
    const zc = f.createComplexArray() as number[];
    return {
      n,
      forward(x, offset, re, im) {
        for (let j = 0; j < n; j++) src[j] = x[offset + j]!;
        f.realTransform(out, src as unknown as number[]);
        for (let r = 0; r <= H; r++) {
          re[r] = out[2 * r]!;
          im[r] = out[2 * r + 1]!;
        }
      },
      inverse(zRe, zIm, outRe, outIm) {
        for (let k = 0; k < n; k++) {
          zc[2 * k] = zRe[k]!;
          zc[2 * k + 1] = zIm[k]!;
        }
        f.inverseTransform(out, zc); // fft.js divides by n
        for (let j = 0; j < n; j++) {
          outRe[j] = out[2 * j]!;
          outIm[j] = out[2 * j + 1]!;
        }
      },
    };
  }
  const cos = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * j) / n));
  const sin = Float64Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * j) / n));
  return {
    n,
    forward(x, offset, re, im) {
      for (let r = 0; r <= H; r++) {
        let a = 0;
        let b = 0;
        for (let j = 0; j < n; j++) {
          const q = (r * j) % n;
          a += x[offset + j]! * cos[q]!;
          b -= x[offset + j]! * sin[q]!;
        }
        re[r] = a;
        im[r] = b;
      }
    },
    inverse(zRe, zIm, outRe, outIm) {
      for (let j = 0; j < n; j++) {
        let a = 0;
        let b = 0;
        for (let k = 0; k < n; k++) {
          const q = (k * j) % n;
          a += zRe[k]! * cos[q]! - zIm[k]! * sin[q]!;
          b += zRe[k]! * sin[q]! + zIm[k]! * cos[q]!;
        }
        outRe[j] = a / n;
        outIm[j] = b / n;
      }
    },
  };
}
