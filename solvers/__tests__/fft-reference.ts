/**
 * Independent references for the FFT tests: a direct O(n²) DFT whose angles are reduced exactly
 * (2π·((j·m) mod n)/n from a table, so the reference itself is accurate to ~eps·√n), and the
 * error measures the tests share.
 */
import { Rng } from "../../core/index.js";

export interface Cplx {
  re: Float64Array;
  im: Float64Array;
}

const tables = new Map<number, Cplx>();
function unitRoots(n: number): Cplx {
  let t = tables.get(n);
  if (!t) {
    t = { re: new Float64Array(n), im: new Float64Array(n) };
    for (let q = 0; q < n; q++) {
      t.re[q] = Math.cos((2 * Math.PI * q) / n);
      t.im[q] = Math.sin((2 * Math.PI * q) / n);
      if ((4 * q) % n === 0) {
        // exact quarter-turn values (Math.sin(π) is 1.2e-16, not 0)
        const quarter = (4 * q) / n;
        t.re[q] = [1, 0, -1, 0][quarter]!;
        t.im[q] = [0, 1, 0, -1][quarter]!;
      }
    }
    tables.set(n, t);
  }
  return t;
}

/** X_m = Σ_j x_j e^{∓2πi jm/n} (no scaling) for the listed output indices (default all). */
export function directDft(x: Cplx, inverse = false, outputs?: readonly number[]): Cplx {
  const n = x.re.length;
  const t = unitRoots(n);
  if (outputs === undefined) return directDftAll(x, t, inverse);
  const out = { re: new Float64Array(outputs.length), im: new Float64Array(outputs.length) };
  const sg = inverse ? 1 : -1;
  for (let o = 0; o < outputs.length; o++) {
    const m = outputs[o]!;
    let sr = 0;
    let si = 0;
    for (let j = 0, q = 0; j < n; j++) {
      const c = t.re[q]!;
      const s = sg * t.im[q]!;
      sr += x.re[j]! * c - x.im[j]! * s;
      si += x.re[j]! * s + x.im[j]! * c;
      q += m;
      if (q >= n) q -= n;
    }
    out.re[o] = sr;
    out.im[o] = si;
  }
  return out;
}

/**
 * All outputs; m and n−m share their twiddles up to the sign of the sine, so both come from
 * one pass: with P = Σ x_re·c, Q = Σ x_im·s, R = Σ x_im·c, S = Σ x_re·s (forward),
 * X_m = (P + Q, R − S) and X_{n−m} = (P − Q, R + S); the inverse swaps the two.
 */
function directDftAll(x: Cplx, t: Cplx, inverse: boolean): Cplx {
  const n = x.re.length;
  const out = { re: new Float64Array(n), im: new Float64Array(n) };
  const cr = t.re;
  const sn = t.im;
  const xre = x.re;
  const xim = x.im;
  for (let m = 0; m <= n >> 1; m++) {
    let P = 0;
    let Q = 0;
    let R = 0;
    let S = 0;
    for (let j = 0, q = 0; j < n; j++) {
      const c = cr[q]!;
      const s = sn[q]!;
      const a = xre[j]!;
      const b = xim[j]!;
      P += a * c;
      Q += b * s;
      R += b * c;
      S += a * s;
      q += m;
      if (q >= n) q -= n;
    }
    const [mA, mB] = inverse ? [n - m, m] : [m, n - m];
    out.re[mA % n] = P + Q;
    out.im[mA % n] = R - S;
    if (m !== 0 && 2 * m !== n) {
      out.re[mB] = P - Q;
      out.im[mB] = R + S;
    }
  }
  return out;
}

/** e^{∓2πi q/n} for integer q, reduced exactly. */
export function root(n: number, q: number, inverse = false): [number, number] {
  const t = unitRoots(n);
  const r = ((q % n) + n) % n;
  return [t.re[r]!, (inverse ? 1 : -1) * t.im[r]!];
}

/** ‖a − b‖₂ / ‖b‖₂ over complex vectors (or ‖a − b‖₂ when b = 0). */
export function relErr(a: Cplx, b: Cplx): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.re.length; i++) {
    e += (a.re[i]! - b.re[i]!) ** 2 + (a.im[i]! - b.im[i]!) ** 2;
    s += b.re[i]! ** 2 + b.im[i]! ** 2;
  }
  return s === 0 ? Math.sqrt(e) : Math.sqrt(e / s);
}

export function relErrReal(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    e += (a[i]! - b[i]!) ** 2;
    s += b[i]! ** 2;
  }
  return s === 0 ? Math.sqrt(e) : Math.sqrt(e / s);
}

export function randomCplx(rng: Rng, n: number): Cplx {
  return { re: rng.fillNormal(new Float64Array(n)), im: rng.fillNormal(new Float64Array(n)) };
}
