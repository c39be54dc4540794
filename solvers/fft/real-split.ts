/**
 * The O(n) passes of the half-length real FFT (real-plan.ts), shared by the one-line and the
 * batched paths so both produce bit-identical results. With h = n/2, Z = FFT_h(x_even + i·x_odd),
 * w = e^{−2πi/n}, E_k = (Z_k + conj Z_{h−k})/2 and O_k = (Z_k − conj Z_{h−k})/(2i):
 *   X_k = E_k + w^k O_k,   X_{h−k} = conj(E_k) − conj(w^k O_k)   (k = 1..h−1),
 *   X_0 = Re Z_0 + Im Z_0, X_h = Re Z_0 − Im Z_0.
 * Each pass handles k and h−k together, so every Z value and twiddle is loaded once.
 */

/** X_0..X_h into (outRe, outIm)[oo + k·os] from Z_k = (zr, zi)[zo + k·zs], k < h. */
export function splitForward(
  h: number,
  zr: Float64Array,
  zi: Float64Array,
  zs: number,
  zo: number,
  twr: Float64Array,
  twi: Float64Array,
  outRe: Float64Array,
  outIm: Float64Array,
  os: number,
  oo: number,
): void {
  const z0r = zr[zo]!;
  const z0i = zi[zo]!;
  outRe[oo] = z0r + z0i;
  outIm[oo] = 0;
  outRe[oo + h * os] = z0r - z0i;
  outIm[oo + h * os] = 0;
  for (let k = 1, j = h - 1; k <= j; k++, j--) {
    const ar = zr[zo + k * zs]!;
    const ai = zi[zo + k * zs]!;
    const cr = zr[zo + j * zs]!;
    const ci = zi[zo + j * zs]!;
    const er = 0.5 * (ar + cr);
    const ei = 0.5 * (ai - ci);
    const or = 0.5 * (ai + ci);
    const oi = -0.5 * (ar - cr);
    const wr = twr[k]!;
    const wi = twi[k]!;
    const tr = wr * or - wi * oi;
    const ti = wr * oi + wi * or;
    outRe[oo + k * os] = er + tr;
    outIm[oo + k * os] = ei + ti;
    if (j !== k) {
      outRe[oo + j * os] = er - tr;
      outIm[oo + j * os] = ti - ei;
    }
  }
}

/**
 * The inverse merge: Z_k = E_k + i·O_k with E_k = (X_k + conj X_{h−k})/2,
 * O_k = (X_k − conj X_{h−k}) conj(w^k)/2, and Z_{h−k} = conj(E_k) + i·conj(O_k). Reads X_0..X_h
 * at (re, im)[io + k·is] (imaginary parts of X_0, X_h ignored) and stores Z swapped (re slot
 * Im Z, im slot Re Z) at (sr, si)[so + k·ss], ready for the forward plan's swap-trick inverse.
 */
export function mergeInverse(
  h: number,
  re: Float64Array,
  im: Float64Array,
  is: number,
  io: number,
  twr: Float64Array,
  twi: Float64Array,
  sr: Float64Array,
  si: Float64Array,
  ss: number,
  so: number,
): void {
  const x0 = re[io]!;
  const xh = re[io + h * is]!;
  si[so] = 0.5 * (x0 + xh);
  sr[so] = 0.5 * (x0 - xh);
  for (let k = 1, j = h - 1; k <= j; k++, j--) {
    const ar = re[io + k * is]!;
    const ai = im[io + k * is]!;
    const cr = re[io + j * is]!;
    const ci = im[io + j * is]!;
    const er = 0.5 * (ar + cr);
    const ei = 0.5 * (ai - ci);
    const dr = 0.5 * (ar - cr);
    const di = 0.5 * (ai + ci);
    const wr = twr[k]!;
    const wi = -twi[k]!; // conj(w^k)
    const or = dr * wr - di * wi;
    const oi = dr * wi + di * wr;
    si[so + k * ss] = er - oi;
    sr[so + k * ss] = ei + or;
    if (j !== k) {
      si[so + j * ss] = er + oi;
      sr[so + j * ss] = or - ei;
    }
  }
}
