/** Test helpers for the spectral transforms: backends and Float64 plain-JS references. */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export const BACKENDS = ["cpu", "wasm"] as const;

export async function useBackend(name: string): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

/** Deterministic pseudo-random values in [−1, 1) (a small LCG; tests only). */
export function randomArray(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  });
}

/** Max |a − b| / max |b|. */
export function relMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return e / (m || 1);
}

/**
 * Direct Float64 separable transform reference: x [B, ...shape, C] → complex coefficients at the
 * given frequency lists, using e^{−2πi f j / n} (fourier), sin(π f (j+1)/(n+1)) (sine) or
 * cos(π f (j+½)/n) (cosine) per axis. Returns [re, im] with layout [B, ...rows, C].
 */
export function referenceForward(
  x: Float64Array, B: number, shape: number[], C: number, bases: string[], freqs: Int32Array[],
): [Float64Array, Float64Array] {
  const phi = (a: number, j: number, f: number): [number, number] => {
    const n = shape[a]!;
    if (bases[a] === "sine") return [Math.sin((Math.PI * f * (j + 1)) / (n + 1)), 0];
    if (bases[a] === "cosine") return [Math.cos((Math.PI * f * (j + 0.5)) / n), 0];
    const t = (-2 * Math.PI * f * j) / n;
    return [Math.cos(t), Math.sin(t)];
  };
  const n1 = shape[0]!;
  const n2 = shape.length === 2 ? shape[1]! : 1;
  const f1 = freqs[0]!;
  const f2 = shape.length === 2 ? freqs[1]! : Int32Array.of(0);
  const K1 = f1.length;
  const K2 = f2.length;
  // The basis values once per call, not once per sample, channel and mode (the gradient tests'
  // central differences call this thousands of times); the same values, summed in the same order.
  const t1 = table(n1, K1, (i, k) => phi(0, i, f1[k]!));
  const t2 = table(n2, K2, (j, k) => (shape.length === 2 ? phi(1, j, f2[k]!) : [1, 0]));
  const re = new Float64Array(B * K1 * K2 * C);
  const im = new Float64Array(B * K1 * K2 * C);
  for (let b = 0; b < B; b++)
    for (let k1 = 0; k1 < K1; k1++)
      for (let k2 = 0; k2 < K2; k2++)
        for (let c = 0; c < C; c++) {
          let sr = 0;
          let si = 0;
          for (let i = 0; i < n1; i++) {
            const ar = t1[0]![i * K1 + k1]!;
            const ai = t1[1]![i * K1 + k1]!;
            for (let j = 0; j < n2; j++) {
              const br = t2[0]![j * K2 + k2]!;
              const bi = t2[1]![j * K2 + k2]!;
              const v = x[((b * n1 + i) * n2 + j) * C + c]!;
              sr += v * (ar * br - ai * bi);
              si += v * (ar * bi + ai * br);
            }
          }
          const o = ((b * K1 + k1) * K2 + k2) * C + c;
          re[o] = sr;
          im[o] = si;
        }
  return [re, im];
}

/** Float64 inverse matching `referenceForward` (same frequency lists): the spectral layout's
 * inverse, i.e. numpy irfft/irfft2 of the zero-padded spectrum, DST-I / DCT-II inverses. */
export function referenceInverse(
  re: Float64Array, im: Float64Array, B: number, shape: number[], C: number, bases: string[], freqs: Int32Array[],
): Float64Array {
  const d = shape.length;
  const n1 = shape[0]!;
  const n2 = d === 2 ? shape[1]! : 1;
  const f1 = freqs[0]!;
  const f2 = d === 2 ? freqs[1]! : Int32Array.of(0);
  // weight and complex basis value of frequency f at point j on axis a
  const phi = (a: number, j: number, f: number): [number, number, number] => {
    const n = shape[a]!;
    const last = a === d - 1;
    if (bases[a] === "sine") return [2 / (n + 1), Math.sin((Math.PI * f * (j + 1)) / (n + 1)), 0];
    if (bases[a] === "cosine") return [(f === 0 ? 1 : 2) / n, Math.cos((Math.PI * f * (j + 0.5)) / n), 0];
    const w = last ? (f === 0 || 2 * f === n ? 1 : 2) / n : 1 / n;
    const t = (2 * Math.PI * f * j) / n;
    return [w, Math.cos(t), Math.sin(t)];
  };
  const K1 = f1.length;
  const K2 = f2.length;
  const t1 = table(n1, K1, (i, k) => phi(0, i, f1[k]!));
  const t2 = table(n2, K2, (j, k) => (d === 2 ? phi(1, j, f2[k]!) : [1, 1, 0]));
  const out = new Float64Array(B * n1 * n2 * C);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < n1; i++)
      for (let j = 0; j < n2; j++)
        for (let c = 0; c < C; c++) {
          let s = 0;
          for (let k1 = 0; k1 < K1; k1++) {
            const w1 = t1[0]![i * K1 + k1]!;
            const c1 = t1[1]![i * K1 + k1]!;
            const s1 = t1[2]![i * K1 + k1]!;
            for (let k2 = 0; k2 < K2; k2++) {
              const w2 = t2[0]![j * K2 + k2]!;
              const c2 = t2[1]![j * K2 + k2]!;
              const s2 = t2[2]![j * K2 + k2]!;
              const o = ((b * K1 + k1) * K2 + k2) * C + c;
              // Re((re + i·im)·e^{i(θ1+θ2)})
              const cr = c1 * c2 - s1 * s2;
              const ci = s1 * c2 + c1 * s2;
              s += w1 * w2 * (re[o]! * cr - im[o]! * ci);
            }
          }
          out[((b * n1 + i) * n2 + j) * C + c] = s;
        }
  return out;
}

/** Columns of f(point, mode) over points × modes: table[t][point·K + mode] is the t-th value. */
function table(n: number, K: number, f: (j: number, k: number) => number[]): Float64Array[] {
  const first = f(0, 0);
  const out = first.map(() => new Float64Array(n * K));
  for (let j = 0; j < n; j++)
    for (let k = 0; k < K; k++) {
      const v = f(j, k);
      for (let t = 0; t < v.length; t++) out[t]![j * K + k] = v[t]!;
    }
  return out;
}
