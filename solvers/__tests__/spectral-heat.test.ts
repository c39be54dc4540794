/**
 * Spectral heat solver: exact (≤ 1e-12) on band-limited data for every boundary condition in
 * 1-D and 2-D (mixed per axis too), on periodic Gaussians summed over images, the time series,
 * the discrete-eigenvalue variant, and tagged errors for bad input.
 */
import { describe, expect, it } from "vitest";
import { Rng, isPdesError, makeField, makeGrid, sampleOnGrid, type Field } from "../../core/index.js";
import { heatSpectral, heatSpectralSeries } from "../index.js";
import { maxAbs, negLaplacianFd, periodicGaussian, randomModes, relMaxErr, sampleModes, SPECTRAL_GRID_CASES } from "./spectral-reference.js";

const grids = SPECTRAL_GRID_CASES;

describe("heatSpectral on band-limited data", () => {
  const rng = new Rng(21);
  for (const spec of grids) {
    it(`${spec.bc.join("×")} ${JSON.stringify(spec.shape)}: matches Σ a_m e^{−κλ_m t} φ_m to 1e-12`, () => {
      const grid = makeGrid(spec);
      const modes = randomModes(grid, 6, rng);
      const u0 = sampleModes(grid, modes);
      const kappa = 0.7;
      for (const t of [0, 1e-4, 3e-3, 0.05]) {
        const u = heatSpectral(grid, u0, { kappa, t });
        const exact = sampleModes(grid, modes, (lam) => Math.exp(-kappa * lam * t));
        // Relative to the data's size: the heat operator has norm ≤ 1, so its round-off is
        // eps·max|u0| however much the solution has decayed.
        expect(relMaxErr(u.data, exact.data, maxAbs(u0.data))).toBeLessThanOrEqual(1e-12);
      }
    });
  }
});

describe("heatSpectral on a periodic Gaussian (summed over images)", () => {
  for (const n of [64, 128]) {
    it(`1-D N = ${n} and 2-D ${n}×${n / 2}: the Gaussian spreads to variance s² + 2κt exactly`, () => {
      const L = 1;
      const s = 0.08;
      const kappa = 0.5;
      const t = 0.004;
      const s2 = Math.sqrt(s * s + 2 * kappa * t);
      const g1 = makeGrid({ shape: [n], lengths: [L] });
      const u1 = heatSpectral(g1, sampleOnGrid(g1, (x) => periodicGaussian(x, 0.3, s, L)), { kappa, t });
      const e1 = sampleOnGrid(g1, (x) => (s / s2) * periodicGaussian(x, 0.3, s2, L));
      expect(relMaxErr(u1.data, e1.data)).toBeLessThanOrEqual(1e-12);
      const g2 = makeGrid({ shape: [n, n / 2], lengths: [L, 2 * L] });
      const s0y = 0.2; // wider along y so n/2 points still resolve it
      const s2y = Math.sqrt(s0y * s0y + 2 * kappa * t);
      const u0 = sampleOnGrid(g2, (x, y) => periodicGaussian(x, 0.6, s, L) * periodicGaussian(y, 1.1, s0y, 2 * L));
      const u2 = heatSpectral(g2, u0, { kappa, t });
      const e2 = sampleOnGrid(g2, (x, y) => (s / s2) * periodicGaussian(x, 0.6, s2, L) * (s0y / s2y) * periodicGaussian(y, 1.1, s2y, 2 * L));
      expect(relMaxErr(u2.data, e2.data)).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe("heatSpectralSeries", () => {
  it("returns [times, ...shape] equal to one-step solves at each time (in any order)", () => {
    const grid = makeGrid({ shape: [12, 16], lengths: [1, 1], bc: ["dirichlet", "periodic"] });
    const modes = randomModes(grid, 5, new Rng(4));
    const u0 = sampleModes(grid, modes);
    const times = [0.01, 0, 0.002];
    const series = heatSpectralSeries(grid, u0, { kappa: 1.3, times });
    expect(series.shape).toEqual([3, 12, 16]);
    const size = 12 * 16;
    times.forEach((t, i) => {
      const exact = sampleModes(grid, modes, (lam) => Math.exp(-1.3 * lam * t));
      expect(relMaxErr(series.data.subarray(i * size, (i + 1) * size), exact.data, maxAbs(u0.data))).toBeLessThanOrEqual(1e-12);
    });
    expect(relMaxErr(series.data.subarray(size, 2 * size), u0.data)).toBeLessThanOrEqual(1e-14);
  });
});

describe("discrete eigenvalues: exact solution of the semi-discrete FD heat equation", () => {
  for (const bc of ["periodic", "dirichlet", "neumann"] as const) {
    it(`${bc}: each grid mode decays by exp(−κ t λ_h) with λ_h measured by the FD stencil`, () => {
      const grid = makeGrid({ shape: [10, 7], lengths: [1, 2], bc });
      for (const mode of randomModes(grid, 3, new Rng(8), false)) {
        const phi = sampleModes(grid, [{ ...mode, amp: 1 }]);
        const Lphi = negLaplacianFd(grid, phi);
        // λ_h from the stencil itself: the mode is an eigenvector of −Δ_h
        let p = 0;
        for (let i = 1; i < phi.data.length; i++) if (Math.abs(phi.data[i]!) > Math.abs(phi.data[p]!)) p = i;
        const lamH = Lphi.data[p]! / phi.data[p]!;
        expect(relMaxErr(Lphi.data, phi.data.map((v) => lamH * v))).toBeLessThan(1e-10);
        const u = heatSpectral(grid, phi, { kappa: 0.2, t: 0.03, eigenvalues: "discrete" });
        expect(relMaxErr(u.data, phi.data.map((v) => Math.exp(-0.2 * 0.03 * lamH) * v))).toBeLessThanOrEqual(1e-11);
      }
    });
  }
});

describe("heat: bad input gives tagged errors naming the argument and value", () => {
  const grid = makeGrid({ shape: [8, 8] });
  const u0 = makeField([8, 8]);
  const err = (fn: () => unknown): Error => {
    try {
      fn();
    } catch (e) {
      return e as Error;
    }
    throw new Error("expected a throw");
  };
  it("negative t", () => {
    const e = err(() => heatSpectral(grid, u0, { kappa: 1, t: -0.5 }));
    expect(isPdesError(e, "InvalidArgument")).toBe(true);
    expect(e.message).toBe("t must be >= 0, got -0.5");
  });
  it("NaN in u0, NaN kappa", () => {
    const bad = makeField([8, 8]);
    bad.data[5] = NaN;
    const e = err(() => heatSpectral(grid, bad, { kappa: 1, t: 1 }));
    expect(isPdesError(e, "NonFinite")).toBe(true);
    expect(e.message).toMatch(/^u0 contains NaN at flat index 5/);
    expect(err(() => heatSpectral(grid, u0, { kappa: NaN, t: 1 })).message).toMatch(/^kappa must be a finite number, got NaN/);
  });
  it("shape/grid mismatch", () => {
    const e = err(() => heatSpectral(grid, makeField([8, 7]), { kappa: 1, t: 1 }));
    expect(isPdesError(e, "ShapeMismatch")).toBe(true);
    expect(e.message).toBe("u0 has shape [8, 7], expected [8, 8]");
  });
  it("bad times and eigenvalue kind", () => {
    const e = err(() => heatSpectralSeries(grid, u0, { kappa: 1, times: [0, -1] }));
    expect(e.message).toBe("times[1] must be >= 0, got -1");
    expect(isPdesError(err(() => heatSpectralSeries(grid, u0, { kappa: 1, times: [] })), "InvalidArgument")).toBe(true);
    const k = err(() => heatSpectral(grid, u0, { kappa: 1, t: 1, eigenvalues: "exact" as "discrete" }));
    expect(k.message).toContain('eigenvalues must be "continuous" or "discrete", got "exact"');
  });
  it("input is not modified", () => {
    const x: Field = sampleOnGrid(grid, (a, b) => Math.sin(2 * Math.PI * a) + b);
    const before = Float64Array.from(x.data);
    heatSpectral(grid, x, { kappa: 1, t: 0.1 });
    expect(x.data).toEqual(before);
  });
});
