/**
 * Plain-JS FFT kernels (fft.js, radix-4, power-of-two sizes) on channels-last float32 buffers.
 * Forward = truncated numpy rfft / rfft2; inverse = numpy irfft / irfft2 of the zero-padded
 * spectrum. Unchecked: the FftTransform wrapper validates shapes.
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

/** Row index of signed frequency f on a complex axis of length n. */
const rowOf = (f: number, n: number): number => (f < 0 ? f + n : f);

/** x [B, n, C] → re, im [B, M, C]. */
export function rfft1d(x: Float32Array, B: number, n: number, C: number, M: number): [Float32Array, Float32Array] {
  const re = new Float32Array(B * M * C);
  const im = new Float32Array(B * M * C);
  const f = plan(n);
  const inp = new Array<number>(n);
  const out = f.createComplexArray() as number[];
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      const base = b * n * C + c;
      for (let j = 0; j < n; j++) inp[j] = x[base + j * C]!;
      f.realTransform(out, inp);
      const ob = b * M * C + c;
      for (let m = 0; m < M; m++) {
        re[ob + m * C] = out[2 * m]!;
        im[ob + m * C] = out[2 * m + 1]!;
      }
    }
  return [re, im];
}

/** Fill `data` (complex interleaved, length 2n) with the Hermitian completion of a half
 * spectrum given by get(m) for m < M, zero elsewhere; DC and Nyquist imaginary parts dropped. */
function hermitian(data: number[], n: number, M: number, getRe: (m: number) => number, getIm: (m: number) => number): void {
  data.fill(0);
  for (let m = 0; m < M; m++) {
    const r = getRe(m);
    const i = m === 0 || 2 * m === n ? 0 : getIm(m);
    data[2 * m] = r;
    data[2 * m + 1] = i;
    if (m > 0 && 2 * m !== n) {
      data[2 * (n - m)] = r;
      data[2 * (n - m) + 1] = -i;
    }
  }
}

/** re, im [B, M, C] → x [B, n, C]. */
export function irfft1d(re: Float32Array, im: Float32Array, B: number, n: number, C: number, M: number): Float32Array {
  const x = new Float32Array(B * n * C);
  const f = plan(n);
  const data = f.createComplexArray() as number[];
  const out = f.createComplexArray() as number[];
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      const ib = b * M * C + c;
      hermitian(data, n, M, (m) => re[ib + m * C]!, (m) => im[ib + m * C]!);
      f.inverseTransform(out, data);
      const ob = b * n * C + c;
      for (let j = 0; j < n; j++) x[ob + j * C] = out[2 * j]!;
    }
  return x;
}

/** x [B, n1, n2, C] → re, im [B, K1, M2, C] with K1 rows at signed frequencies `f1`. */
export function rfft2d(
  x: Float32Array, B: number, n1: number, n2: number, C: number, f1: Int32Array, M2: number,
): [Float32Array, Float32Array] {
  const K1 = f1.length;
  const re = new Float32Array(B * K1 * M2 * C);
  const im = new Float32Array(B * K1 * M2 * C);
  const p1 = plan(n1);
  const p2 = plan(n2);
  const inp = new Array<number>(n2);
  const out2 = p2.createComplexArray() as number[];
  const t = new Float64Array(n1 * M2 * 2); // rows' half spectra, [n1, M2] complex
  const col = p1.createComplexArray() as number[];
  const out1 = p1.createComplexArray() as number[];
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < n1; i++) {
        const base = ((b * n1 + i) * n2) * C + c;
        for (let j = 0; j < n2; j++) inp[j] = x[base + j * C]!;
        p2.realTransform(out2, inp);
        for (let m = 0; m < 2 * M2; m++) t[i * 2 * M2 + m] = out2[m]!;
      }
      for (let m = 0; m < M2; m++) {
        for (let i = 0; i < n1; i++) {
          col[2 * i] = t[i * 2 * M2 + 2 * m]!;
          col[2 * i + 1] = t[i * 2 * M2 + 2 * m + 1]!;
        }
        p1.transform(out1, col);
        for (let k = 0; k < K1; k++) {
          const r = rowOf(f1[k]!, n1);
          const o = ((b * K1 + k) * M2 + m) * C + c;
          re[o] = out1[2 * r]!;
          im[o] = out1[2 * r + 1]!;
        }
      }
    }
  return [re, im];
}

/** re, im [B, K1, M2, C] → x [B, n1, n2, C] (irfft2 of the zero-padded spectrum). */
export function irfft2d(
  re: Float32Array, im: Float32Array, B: number, n1: number, n2: number, C: number, f1: Int32Array, M2: number,
): Float32Array {
  const K1 = f1.length;
  const x = new Float32Array(B * n1 * n2 * C);
  const p1 = plan(n1);
  const p2 = plan(n2);
  const col = p1.createComplexArray() as number[];
  const out1 = p1.createComplexArray() as number[];
  const t = new Float64Array(n1 * M2 * 2);
  const data = p2.createComplexArray() as number[];
  const out2 = p2.createComplexArray() as number[];
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      for (let m = 0; m < M2; m++) {
        col.fill(0);
        for (let k = 0; k < K1; k++) {
          const r = rowOf(f1[k]!, n1);
          const o = ((b * K1 + k) * M2 + m) * C + c;
          col[2 * r] = re[o]!;
          col[2 * r + 1] = im[o]!;
        }
        p1.inverseTransform(out1, col);
        for (let i = 0; i < n1; i++) {
          t[i * 2 * M2 + 2 * m] = out1[2 * i]!;
          t[i * 2 * M2 + 2 * m + 1] = out1[2 * i + 1]!;
        }
      }
      for (let i = 0; i < n1; i++) {
        const tb = i * 2 * M2;
        hermitian(data, n2, M2, (m) => t[tb + 2 * m]!, (m) => t[tb + 2 * m + 1]!);
        p2.inverseTransform(out2, data);
        const ob = ((b * n1 + i) * n2) * C + c;
        for (let j = 0; j < n2; j++) x[ob + j * C] = out2[2 * j]!;
      }
    }
  return x;
}
