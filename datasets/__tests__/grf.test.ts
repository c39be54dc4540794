import { describe, expect, it } from "vitest";
import { gridPoints, makeGrid, sampleRng, type Grid } from "../../core/index.js";
import { makeGrf } from "../index.js";

const S = 1000; // samples per spectrum estimate

/** Prescribed covariance eigenvalue σ²(|k|² + τ²)^(−α), computed here from the definition. */
function lambda(k2: number, alpha: number, tau: number, sigma: number): number {
  return sigma * sigma * Math.pow(k2 + tau * tau, -alpha);
}

/** Naive separable 2-D DFT power |û_{m0,m1}|² (independent of the solvers' FFT). */
function power2d(u: Float64Array, n0: number, n1: number): Float64Array {
  const re = new Float64Array(n0 * n1);
  const im = new Float64Array(n0 * n1);
  // along axis 1
  for (let i = 0; i < n0; i++)
    for (let m = 0; m < n1; m++) {
      let a = 0;
      let b = 0;
      for (let j = 0; j < n1; j++) {
        const th = (-2 * Math.PI * m * j) / n1;
        a += u[i * n1 + j]! * Math.cos(th);
        b += u[i * n1 + j]! * Math.sin(th);
      }
      re[i * n1 + m] = a;
      im[i * n1 + m] = b;
    }
  const p = new Float64Array(n0 * n1);
  for (let m0 = 0; m0 < n0; m0++)
    for (let m1 = 0; m1 < n1; m1++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < n0; i++) {
        const th = (-2 * Math.PI * m0 * i) / n0;
        const c = Math.cos(th);
        const s = Math.sin(th);
        a += re[i * n1 + m1]! * c - im[i * n1 + m1]! * s;
        b += re[i * n1 + m1]! * s + im[i * n1 + m1]! * c;
      }
      p[m0 * n1 + m1] = a * a + b * b;
    }
  return p;
}

const freq = (m: number, n: number): number => (m <= n / 2 ? m : m - n);

describe("Gaussian random fields: empirical spectrum of 1000 samples vs the prescribed one", () => {
  it("periodic 2-D (16 x 20, L = (1, 2)): E|DFT(u)_m|^2 = N^2 lambda_m / V for every mode", () => {
    const n0 = 16;
    const n1 = 20;
    const grid = makeGrid({ shape: [n0, n1], lengths: [1, 2], bc: "periodic" });
    const alpha = 2;
    const tau = 3;
    const grf = makeGrf(grid, { alpha, tau });
    const sigma = Math.pow(tau, alpha - 1); // FNO default τ^(α − d/2), d = 2
    expect(grf.sigma).toBeCloseTo(sigma, 14);
    const N = n0 * n1;
    const V = 2;
    const acc = new Float64Array(N);
    const u = new Float64Array(N);
    for (let s = 0; s < S; s++) {
      grf.sample(sampleRng(7, s), u);
      const p = power2d(u, n0, n1);
      for (let m = 0; m < N; m++) acc[m] += p[m]!;
    }
    let sumRatio = 0;
    for (let m0 = 0; m0 < n0; m0++)
      for (let m1 = 0; m1 < n1; m1++) {
        const k2 = (2 * Math.PI * freq(m0, n0)) ** 2 + ((2 * Math.PI * freq(m1, n1)) / 2) ** 2;
        const expected = (N * N * lambda(k2, alpha, tau, sigma)) / V;
        const ratio = acc[m0 * n1 + m1]! / S / expected;
        // Real-valued modes (self-conjugate) are χ²₁-distributed, the others exponential.
        const selfConj = (m0 === 0 || m0 === n0 / 2) && (m1 === 0 || m1 === n1 / 2);
        const sd = Math.sqrt((selfConj ? 2 : 1) / S);
        expect(Math.abs(ratio - 1), `mode (${m0}, ${m1})`).toBeLessThan(5 * sd);
        sumRatio += ratio;
      }
    // Averaged over modes (conjugate pairs are not independent: N/2 effective modes).
    expect(Math.abs(sumRatio / N - 1)).toBeLessThan(4 * Math.sqrt(2 / (S * N)));
  });

  it("Dirichlet 2-D (15 x 11): sine coefficients have variance lambda_m", () => {
    const grid: Grid = makeGrid({ shape: [15, 11], lengths: [1, 1.5], bc: "dirichlet" });
    const alpha = 2.5;
    const tau = 5;
    const sigma = 2;
    const grf = makeGrf(grid, { alpha, tau, sigma });
    const [n0, n1] = [15, 11];
    const L = [1, 1.5];
    const x0 = gridPoints(grid, 0);
    const x1 = gridPoints(grid, 1);
    const h = [L[0]! / (n0 + 1), L[1]! / (n1 + 1)];
    // φ_m(x) = √(2/L) sin(π m x / L): discretely orthonormal with weight h on these points.
    const phi = (L: number, m: number, x: number): number => Math.sqrt(2 / L) * Math.sin((Math.PI * m * x) / L);
    const P0 = Float64Array.from({ length: n0 * n0 }, (_, q) => phi(L[0]!, Math.floor(q / n0) + 1, x0[q % n0]!) * h[0]!);
    const P1 = Float64Array.from({ length: n1 * n1 }, (_, q) => phi(L[1]!, Math.floor(q / n1) + 1, x1[q % n1]!) * h[1]!);
    const acc = new Float64Array(n0 * n1);
    const u = new Float64Array(n0 * n1);
    const t = new Float64Array(n0 * n1);
    for (let s = 0; s < S; s++) {
      grf.sample(sampleRng(11, s), u);
      for (let i = 0; i < n0; i++)
        for (let m1 = 0; m1 < n1; m1++) {
          let a = 0;
          for (let j = 0; j < n1; j++) a += u[i * n1 + j]! * P1[m1 * n1 + j]!;
          t[i * n1 + m1] = a;
        }
      for (let m0 = 0; m0 < n0; m0++)
        for (let m1 = 0; m1 < n1; m1++) {
          let a = 0;
          for (let i = 0; i < n0; i++) a += t[i * n1 + m1]! * P0[m0 * n0 + i]!;
          acc[m0 * n1 + m1] += a * a;
        }
    }
    let sumRatio = 0;
    for (let m0 = 1; m0 <= n0; m0++)
      for (let m1 = 1; m1 <= n1; m1++) {
        const k2 = ((Math.PI * m0) / L[0]!) ** 2 + ((Math.PI * m1) / L[1]!) ** 2;
        const ratio = acc[(m0 - 1) * n1 + (m1 - 1)]! / S / lambda(k2, alpha, tau, sigma);
        expect(Math.abs(ratio - 1), `mode (${m0}, ${m1})`).toBeLessThan(5 * Math.sqrt(2 / S));
        sumRatio += ratio;
      }
    expect(Math.abs(sumRatio / (n0 * n1) - 1)).toBeLessThan(4 * Math.sqrt(2 / (S * n0 * n1)));
  });

  it("periodic 1-D: pointwise variance matches sum(lambda)/L, and sample i depends only on (seed, i)", () => {
    const n = 64;
    const grid = makeGrid({ shape: n, lengths: 3, bc: "periodic" });
    const grf = makeGrf(grid, { alpha: 1.5, tau: 2 });
    let expected = 0;
    for (let m = 0; m < n; m++) expected += lambda((2 * Math.PI * freq(m, n) / 3) ** 2, 1.5, 2, grf.sigma) / 3;
    let v = 0;
    const u = new Float64Array(n);
    for (let s = 0; s < S; s++) {
      grf.sample(sampleRng(3, s), u);
      for (let j = 0; j < n; j++) v += u[j]! * u[j]!;
    }
    v /= S * n;
    // Correlated points: a loose 10% bound on the pooled variance estimate.
    expect(Math.abs(v / expected - 1)).toBeLessThan(0.1);
    const a = grf.sample(sampleRng(3, 5), new Float64Array(n));
    const b = grf.sample(sampleRng(3, 5), new Float64Array(n));
    const c = grf.sample(sampleRng(3, 6), new Float64Array(n));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("rejects bad parameters with tagged errors", () => {
    const g2 = makeGrid({ shape: [8, 8] });
    expect(() => makeGrf(g2, { alpha: 1 })).toThrow(/alpha .*d\/2/);
    expect(() => makeGrf(g2, { tau: -1 })).toThrow(/tau must be > 0/);
    expect(() => makeGrf(makeGrid({ shape: [8, 8], bc: ["periodic", "dirichlet"] }))).toThrow(/all axes periodic or all dirichlet/);
    expect(() => makeGrf(g2).sample(sampleRng(0, 0), new Float64Array(3))).toThrow(/out.length/);
  });
});
