/**
 * The stages of the radix-4 Stockham FFT (radix4.ts) on split arrays. A stage with sub-length L
 * and stride s (decimation in frequency, W = e^{−2πi/L}) maps, for p < L/4 and q < s, with
 * a, b, c, d = x[q + s(p + j·L/4)], j = 0..3:
 *   y[q + s(4p)]   = (a + c) + (b + d)
 *   y[q + s(4p+1)] = W^p  · ((a − c) − i(b − d))
 *   y[q + s(4p+2)] = W^2p · ((a + c) − (b + d))
 *   y[q + s(4p+3)] = W^3p · ((a − c) + i(b − d))
 * Variants: the first stage reading strided input, twiddle-free last stages writing strided,
 * scaled output, and the radix-2 stage that ends odd powers of two.
 */

/** The first stage (L = n, s = 1) of a single line, reading strided input directly. */
export function radix4First(
  n: number,
  xr: Float64Array,
  xro: number,
  xi: Float64Array,
  xio: number,
  xs: number,
  yr: Float64Array,
  yi: Float64Array,
  tw: Float64Array,
): void {
  const quarter = n >> 2;
  const d = quarter * xs;
  for (let p = 0, t = 0, pr = xro, pi = xio; p < quarter; p++, t += 6, pr += xs, pi += xs) {
    const ar = xr[pr]!, ai = xi[pi]!;
    const br = xr[pr + d]!, bi = xi[pi + d]!;
    const cr = xr[pr + 2 * d]!, ci = xi[pi + 2 * d]!;
    const dr = xr[pr + 3 * d]!, di = xi[pi + 3 * d]!;
    const apcr = ar + cr, apci = ai + ci;
    const amcr = ar - cr, amci = ai - ci;
    const bpdr = br + dr, bpdi = bi + di;
    const jr = bi - di, ji = dr - br; // −i(b − d)
    const w1r = tw[t]!, w1i = tw[t + 1]!, w2r = tw[t + 2]!, w2i = tw[t + 3]!, w3r = tw[t + 4]!, w3i = tw[t + 5]!;
    const y = 4 * p;
    yr[y] = apcr + bpdr;
    yi[y] = apci + bpdi;
    const u1r = amcr + jr, u1i = amci + ji;
    yr[y + 1] = u1r * w1r - u1i * w1i;
    yi[y + 1] = u1r * w1i + u1i * w1r;
    const u2r = apcr - bpdr, u2i = apci - bpdi;
    yr[y + 2] = u2r * w2r - u2i * w2i;
    yi[y + 2] = u2r * w2i + u2i * w2r;
    const u3r = amcr - jr, u3i = amci - ji;
    yr[y + 3] = u3r * w3r - u3i * w3i;
    yi[y + 3] = u3r * w3i + u3i * w3r;
  }
}

export function radix4Stage(
  L: number,
  s: number,
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  tw: Float64Array,
  toff: number,
): void {
  const quarter = L >> 2;
  const n1 = quarter * s;
  const n2 = 2 * n1;
  const n3 = 3 * n1;
  const s2 = 2 * s;
  const s3 = 3 * s;
  if (quarter === 1) {
    // last radix-4 stage: the only twiddles are W^0 = 1
    for (let q = 0; q < s; q++) {
      const ar = xr[q]!, ai = xi[q]!;
      const br = xr[q + n1]!, bi = xi[q + n1]!;
      const cr = xr[q + n2]!, ci = xi[q + n2]!;
      const dr = xr[q + n3]!, di = xi[q + n3]!;
      const apcr = ar + cr, apci = ai + ci;
      const amcr = ar - cr, amci = ai - ci;
      const bpdr = br + dr, bpdi = bi + di;
      const jr = bi - di, ji = dr - br;
      yr[q] = apcr + bpdr;
      yi[q] = apci + bpdi;
      yr[q + s] = amcr + jr;
      yi[q + s] = amci + ji;
      yr[q + s2] = apcr - bpdr;
      yi[q + s2] = apci - bpdi;
      yr[q + s3] = amcr - jr;
      yi[q + s3] = amci - ji;
    }
    return;
  }
  if (s === 1) {
    for (let p = 0, t = toff; p < quarter; p++, t += 6) {
      const ar = xr[p]!, ai = xi[p]!;
      const br = xr[p + n1]!, bi = xi[p + n1]!;
      const cr = xr[p + n2]!, ci = xi[p + n2]!;
      const dr = xr[p + n3]!, di = xi[p + n3]!;
      const apcr = ar + cr, apci = ai + ci;
      const amcr = ar - cr, amci = ai - ci;
      const bpdr = br + dr, bpdi = bi + di;
      const jr = bi - di, ji = dr - br; // −i(b − d)
      const w1r = tw[t]!, w1i = tw[t + 1]!, w2r = tw[t + 2]!, w2i = tw[t + 3]!, w3r = tw[t + 4]!, w3i = tw[t + 5]!;
      const y = 4 * p;
      yr[y] = apcr + bpdr;
      yi[y] = apci + bpdi;
      const u1r = amcr + jr, u1i = amci + ji;
      yr[y + 1] = u1r * w1r - u1i * w1i;
      yi[y + 1] = u1r * w1i + u1i * w1r;
      const u2r = apcr - bpdr, u2i = apci - bpdi;
      yr[y + 2] = u2r * w2r - u2i * w2i;
      yi[y + 2] = u2r * w2i + u2i * w2r;
      const u3r = amcr - jr, u3i = amci - ji;
      yr[y + 3] = u3r * w3r - u3i * w3i;
      yi[y + 3] = u3r * w3i + u3i * w3r;
    }
    return;
  }
  for (let p = 0, t = toff; p < quarter; p++, t += 6) {
    const w1r = tw[t]!, w1i = tw[t + 1]!, w2r = tw[t + 2]!, w2i = tw[t + 3]!, w3r = tw[t + 4]!, w3i = tw[t + 5]!;
    const xo = s * p;
    const yo = 4 * s * p;
    for (let q = 0; q < s; q++) {
      const x0 = xo + q;
      const ar = xr[x0]!, ai = xi[x0]!;
      const br = xr[x0 + n1]!, bi = xi[x0 + n1]!;
      const cr = xr[x0 + n2]!, ci = xi[x0 + n2]!;
      const dr = xr[x0 + n3]!, di = xi[x0 + n3]!;
      const apcr = ar + cr, apci = ai + ci;
      const amcr = ar - cr, amci = ai - ci;
      const bpdr = br + dr, bpdi = bi + di;
      const jr = bi - di, ji = dr - br;
      const y = yo + q;
      yr[y] = apcr + bpdr;
      yi[y] = apci + bpdi;
      const u1r = amcr + jr, u1i = amci + ji;
      yr[y + s] = u1r * w1r - u1i * w1i;
      yi[y + s] = u1r * w1i + u1i * w1r;
      const u2r = apcr - bpdr, u2i = apci - bpdi;
      yr[y + s2] = u2r * w2r - u2i * w2i;
      yi[y + s2] = u2r * w2i + u2i * w2r;
      const u3r = amcr - jr, u3i = amci - ji;
      yr[y + s3] = u3r * w3r - u3i * w3i;
      yi[y + s3] = u3r * w3i + u3i * w3r;
    }
  }
}

/** Last stage when log2 n is odd: L = 2, stride s = n/2, twiddle 1. */
export function radix2Stage(s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  for (let q = 0; q < s; q++) {
    const ar = xr[q]!, ai = xi[q]!;
    const br = xr[q + s]!, bi = xi[q + s]!;
    yr[q] = ar + br;
    yi[q] = ai + bi;
    yr[q + s] = ar - br;
    yi[q + s] = ai - bi;
  }
}

/** Twiddle-free last radix-4 stage (L = 4, stride s = n/4) writing scaled strided output. */
export function lastRadix4To(
  s: number,
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yro: number,
  yi: Float64Array,
  yio: number,
  os: number,
  scale: number,
): void {
  const d = s * os;
  const dy = yio - yro; // im output sits at the re position + dy
  for (let q = 0, y = yro; q < s; q++, y += os) {
    const ar = xr[q]!, ai = xi[q]!;
    const br = xr[q + s]!, bi = xi[q + s]!;
    const cr = xr[q + 2 * s]!, ci = xi[q + 2 * s]!;
    const dr = xr[q + 3 * s]!, di = xi[q + 3 * s]!;
    const apcr = ar + cr, apci = ai + ci;
    const amcr = ar - cr, amci = ai - ci;
    const bpdr = br + dr, bpdi = bi + di;
    const jr = bi - di, ji = dr - br;
    yr[y] = scale * (apcr + bpdr);
    yi[y + dy] = scale * (apci + bpdi);
    yr[y + d] = scale * (amcr + jr);
    yi[y + dy + d] = scale * (amci + ji);
    yr[y + 2 * d] = scale * (apcr - bpdr);
    yi[y + dy + 2 * d] = scale * (apci - bpdi);
    yr[y + 3 * d] = scale * (amcr - jr);
    yi[y + dy + 3 * d] = scale * (amci - ji);
  }
}

/** Last radix-2 stage (L = 2, stride s = n/2) writing scaled strided output. */
export function lastRadix2To(
  s: number,
  xr: Float64Array,
  xi: Float64Array,
  yr: Float64Array,
  yro: number,
  yi: Float64Array,
  yio: number,
  os: number,
  scale: number,
): void {
  const d = s * os;
  const dy = yio - yro; // im output sits at the re position + dy
  for (let q = 0, y = yro; q < s; q++, y += os) {
    const ar = xr[q]!, ai = xi[q]!;
    const br = xr[q + s]!, bi = xi[q + s]!;
    yr[y] = scale * (ar + br);
    yi[y + dy] = scale * (ai + bi);
    yr[y + d] = scale * (ar - br);
    yi[y + dy + d] = scale * (ai - bi);
  }
}
