/**
 * FFTW-style self tests of fft/ifft/rfft/irfft (impulse, constant, linearity, time shift, round
 * trip, input unchanged, direct DFT) for every n in 1..1024, powers of two up to 2^16, primes
 * and products of small primes; and the growth of the round-trip error with n.
 */
import { describe, expect, it } from "vitest";
import { Rng, makeField } from "../../core/index.js";
import { fft, ifft, irfft, rfft } from "../index.js";
import { directDft, randomCplx, relErr, relErrReal, root, type Cplx } from "./fft-reference.js";

const TOL = 1e-12;

const F = (re: Float64Array, im: Float64Array) => ({ re: makeField([re.length], re), im: makeField([im.length], im) });
function cfft(x: Cplx, inverse = false): Cplx {
  const f = F(x.re, x.im);
  const y = inverse ? ifft(f.re, f.im) : fft(f.re, f.im);
  return { re: y.re.data, im: y.im.data };
}

type Errors = Record<string, number>;

/** All checks for one length; returns the worst relative error per check. */
function selfTest(n: number, rng: Rng, direct: "all" | "sampled"): Errors {
  const e: Errors = {};
  const x = randomCplx(rng, n);
  const y = randomCplx(rng, n);
  const x0 = { re: Float64Array.from(x.re), im: Float64Array.from(x.im) };
  const X = cfft(x);
  e["input unchanged"] = relErr(x, x0) === 0 ? 0 : 1;

  // Direct DFT (all outputs, or 16 sampled outputs for large n).
  const outs = direct === "all" ? undefined : Array.from({ length: 16 }, () => rng.int(n));
  const ref = directDft(x, false, outs);
  const got = outs ? { re: Float64Array.from(outs, (m) => X.re[m]!), im: Float64Array.from(outs, (m) => X.im[m]!) } : X;
  e["vs direct DFT"] = relErr(got, ref);
  if (direct === "all" && n <= 256) e["ifft vs direct"] = relErr(cfft(x, true), scale(directDft(x, true), 1 / n));

  // Impulse at a random j0: X_m = e^{−2πi j0 m/n}.
  const j0 = rng.int(n);
  const d = { re: new Float64Array(n), im: new Float64Array(n) };
  d.re[j0] = 1;
  const D = cfft(d);
  const dRef = { re: new Float64Array(n), im: new Float64Array(n) };
  for (let m = 0; m < n; m++) [dRef.re[m], dRef.im[m]] = root(n, j0 * m);
  e["impulse"] = relErr(D, dRef);

  // Constant c: X_0 = n·c, the rest 0.
  const c = { re: new Float64Array(n).fill(0.7), im: new Float64Array(n).fill(-1.3) };
  const C = cfft(c);
  const cRef = { re: new Float64Array(n), im: new Float64Array(n) };
  cRef.re[0] = 0.7 * n;
  cRef.im[0] = -1.3 * n;
  e["constant"] = relErr(C, cRef);

  // Linearity with random complex α, β.
  const [ar, ai, br, bi] = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const comb = (u: Cplx, v: Cplx): Cplx => ({
    re: u.re.map((_, j) => ar * u.re[j]! - ai * u.im[j]! + br * v.re[j]! - bi * v.im[j]!),
    im: u.im.map((_, j) => ar * u.im[j]! + ai * u.re[j]! + br * v.im[j]! + bi * v.re[j]!),
  });
  e["linearity"] = relErr(cfft(comb(x, y)), comb(X, cfft(y)));

  // Time shift by s ↔ phase ramp e^{−2πi s m/n}.
  const s = rng.int(n);
  const xs = { re: x.re.map((_, j) => x.re[(j - s + n) % n]!), im: x.im.map((_, j) => x.im[(j - s + n) % n]!) };
  const ramp = {
    re: X.re.map((_, m) => {
      const [wr, wi] = root(n, s * m);
      return X.re[m]! * wr - X.im[m]! * wi;
    }),
    im: X.im.map((_, m) => {
      const [wr, wi] = root(n, s * m);
      return X.re[m]! * wi + X.im[m]! * wr;
    }),
  };
  e["time shift"] = relErr(cfft(xs), ramp);

  // Round trip.
  e["round trip"] = relErr(cfft(X, true), x);

  // Real transforms: rfft agrees with the complex FFT of the real part, taken from X (checked
  // against the direct DFT above) by the Hermitian split F(re x)_m = (X_m + conj(X_{n−m}))/2
  // instead of one more transform; irfft inverts it.
  const xr0 = Float64Array.from(x.re);
  const R = rfft(makeField([n], x.re));
  const h = Math.floor(n / 2) + 1;
  const Xr = { re: new Float64Array(h), im: new Float64Array(h) };
  for (let m = 0; m < h; m++) {
    const k = (n - m) % n;
    Xr.re[m] = (X.re[m]! + X.re[k]!) / 2;
    Xr.im[m] = (X.im[m]! - X.im[k]!) / 2;
  }
  e["rfft vs fft"] = relErr({ re: R.re.data, im: R.im.data }, Xr);
  e["irfft round trip"] = relErrReal(irfft(R.re, R.im, { n }).data, x.re);
  e["rfft input unchanged"] = relErrReal(x.re, xr0) === 0 ? 0 : 1;
  return e;
}

function scale(x: Cplx, s: number): Cplx {
  return { re: x.re.map((v) => v * s), im: x.im.map((v) => v * s) };
}

function failures(ns: readonly number[], direct: "all" | "sampled", seed: number): string[] {
  const rng = new Rng(seed);
  const bad: string[] = [];
  for (const n of ns) {
    const e = selfTest(n, rng, direct);
    for (const [k, v] of Object.entries(e)) if (!(v <= TOL)) bad.push(`n=${n} ${k}: ${v.toExponential(2)}`);
  }
  return bad;
}

describe("FFT self tests", () => {
  it("every n in 1..1024 against a direct DFT and the FFTW-style identities", () => {
    const ns = Array.from({ length: 1024 }, (_, i) => i + 1);
    expect(failures(ns, "all", 1)).toEqual([]);
  });

  it("powers of two up to 2^16, primes and products of small primes", () => {
    const ns = [2048, 4096, 8192, 16384, 32768, 65536, 1031, 2039, 4099, 8191, 65537, 2187, 3125, 2310, 46656, 10000, 49152];
    expect(failures(ns, "sampled", 2)).toEqual([]);
  });

  it("round-trip error grows no faster than log n (2^4..2^16)", () => {
    const rng = new Rng(3);
    const logn: number[] = [];
    const err: number[] = [];
    for (let p = 4; p <= 16; p++) {
      const n = 2 ** p;
      let worst = 0;
      for (let rep = 0; rep < 3; rep++) {
        const x = randomCplx(rng, n);
        worst = Math.max(worst, relErr(cfft(cfft(x), true), x));
        const r = rfft(makeField([n], x.re));
        worst = Math.max(worst, relErrReal(irfft(r.re, r.im, { n }).data, x.re));
      }
      logn.push(p);
      err.push(worst);
    }
    // Bounded by C·eps·log2(n) with one C for all n (measured C ≈ 0.15 for the complex pair).
    for (let i = 0; i < err.length; i++) expect(err[i]!).toBeLessThan(0.5 * Number.EPSILON * logn[i]!);
    // Least-squares slope of log(err) against log(log2 n): O(log n) means slope ≤ 1.
    const lx = logn.map(Math.log);
    const ly = err.map(Math.log);
    const mx = lx.reduce((a, b) => a + b) / lx.length;
    const my = ly.reduce((a, b) => a + b) / ly.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < lx.length; i++) {
      sxy += (lx[i]! - mx) * (ly[i]! - my);
      sxx += (lx[i]! - mx) ** 2;
    }
    expect(sxy / sxx).toBeLessThan(1.2);
  });
});
