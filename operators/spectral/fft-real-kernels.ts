/**
 * DST-I and DCT-II along one axis of a `[pre, n, post]` float32 buffer through fft.js, by the
 * classical even/odd extensions (power-of-two extended lengths only):
 *
 * - DST-I: y = [0, x, 0, −reversed x] of length 2(n+1); Y_m = −2i·S_m, so S_m = −Im Y_m / 2.
 * - DCT-II: y of length 4n with y_{2j+1} = y_{4n−2j−1} = x_j, zeros elsewhere; Y_m = 2·C_m.
 * - DCT-III (the DCT-II inverse): x_j = (1/n) Re Σ_m w_m C_m e^{2πi m(2j+1)/4n}, one complex
 *   inverse FFT of length 4n read at the odd indices.
 *
 * Unchecked kernels: FftTransform validates shapes and picks the sizes.
 */
import FFT from "fft.js";

const plans = new Map<number, FFT>();
function plan(n: number): FFT {
  let p = plans.get(n);
  if (!p) {
    p = new FFT(n);
    plans.set(n, p);
  }
  return p;
}

/** Extended FFT length used for a real basis of size n. */
export function realExtendedLength(basis: "sine" | "cosine", n: number): number {
  return basis === "sine" ? 2 * (n + 1) : 4 * n;
}

/** Forward along the middle axis: x [pre, n, post] → out [pre, M, post], M = kept modes. */
export function realAxisForward(
  x: Float32Array, pre: number, n: number, post: number, basis: "sine" | "cosine", M: number,
): Float32Array {
  const out = new Float32Array(pre * M * post);
  const L = realExtendedLength(basis, n);
  const f = plan(L);
  const y = new Array<number>(L).fill(0);
  const Y = f.createComplexArray() as number[];
  for (let p = 0; p < pre; p++)
    for (let q = 0; q < post; q++) {
      const base = p * n * post + q;
      if (basis === "sine") {
        for (let j = 0; j < n; j++) {
          const v = x[base + j * post]!;
          y[j + 1] = v;
          y[L - 1 - j] = -v;
        }
      } else {
        for (let j = 0; j < n; j++) {
          const v = x[base + j * post]!;
          y[2 * j + 1] = v;
          y[L - 2 * j - 1] = v;
        }
      }
      f.realTransform(Y, y);
      const ob = p * M * post + q;
      for (let m = 0; m < M; m++) {
        out[ob + m * post] = basis === "sine" ? -Y[2 * (m + 1) + 1]! / 2 : Y[2 * m]! / 2;
      }
    }
  return out;
}

/** Inverse along the middle axis: s [pre, M, post] → x [pre, n, post] (missing modes zero). */
export function realAxisInverse(
  s: Float32Array, pre: number, n: number, post: number, basis: "sine" | "cosine", M: number,
): Float32Array {
  const out = new Float32Array(pre * n * post);
  const L = realExtendedLength(basis, n);
  const f = plan(L);
  if (basis === "sine") {
    // DST-I is its own inverse up to 2/(n+1): run the forward on the zero-padded spectrum.
    const padded = new Float32Array(pre * n * post);
    for (let p = 0; p < pre; p++)
      for (let m = 0; m < M; m++)
        for (let q = 0; q < post; q++) padded[(p * n + m) * post + q] = s[(p * M + m) * post + q]!;
    const y = realAxisForward(padded, pre, n, post, "sine", n);
    const c = 2 / (n + 1);
    for (let i = 0; i < y.length; i++) out[i] = c * y[i]!;
    return out;
  }
  const data = f.createComplexArray() as number[];
  const res = f.createComplexArray() as number[];
  for (let p = 0; p < pre; p++)
    for (let q = 0; q < post; q++) {
      data.fill(0);
      const ib = p * M * post + q;
      for (let m = 0; m < M; m++) data[2 * m] = (m === 0 ? 1 : 2) * s[ib + m * post]!;
      f.inverseTransform(res, data); // fft.js divides by L
      const ob = p * n * post + q;
      for (let j = 0; j < n; j++) out[ob + j * post] = (res[2 * (2 * j + 1)]! * L) / n;
    }
  return out;
}
