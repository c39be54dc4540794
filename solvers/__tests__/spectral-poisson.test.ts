/**
 * Spectral Poisson solver −Δu = f: exact (≤ 1e-12) on band-limited data for every boundary
 * condition in 1-D and 2-D (mixed too), on the periodic Gaussian, manufactured solutions, the
 * discrete-eigenvalue variant as an exact finite-difference solver, and tagged errors.
 */
import { describe, expect, it } from "vitest";
import { Rng, isPdesError, makeField, makeGrid, sampleOnGrid, type BoundaryCondition } from "../../core/index.js";
import { poissonSpectral } from "../index.js";
import {
  maxAbs,
  negLaplacianFd,
  periodicGaussian,
  periodicGaussianXX,
  randomModes,
  relMaxErr,
  sampleModes,
  SPECTRAL_GRID_CASES,
} from "./spectral-reference.js";

const grids = SPECTRAL_GRID_CASES;

const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;

describe("poissonSpectral on band-limited data", () => {
  const rng = new Rng(31);
  for (const spec of grids) {
    it(`${spec.bc.join("×")} ${JSON.stringify(spec.shape)}: u = Σ (a_m/λ_m) φ_m to 1e-12`, () => {
      const grid = makeGrid(spec);
      const modes = randomModes(grid, 6, rng, false);
      const f = sampleModes(grid, modes);
      const exact = sampleModes(grid, modes, (lam) => 1 / lam);
      const u = poissonSpectral(grid, f);
      expect(relMaxErr(u.data, exact.data)).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe("poissonSpectral: periodic Gaussian (summed over images), zero-mean solution", () => {
  for (const n of [64, 128]) {
    it(`N = ${n}, 1-D and 2-D: f = −g'' gives u = g − mean(g)`, () => {
      const L = 1;
      const s = 0.08;
      const g1 = makeGrid({ shape: [n], lengths: [L] });
      const f1 = sampleOnGrid(g1, (x) => -periodicGaussianXX(x, 0.4, s, L));
      const g = sampleOnGrid(g1, (x) => periodicGaussian(x, 0.4, s, L));
      const gm = mean(g.data);
      const u1 = poissonSpectral(g1, f1);
      expect(relMaxErr(u1.data, g.data.map((v) => v - gm))).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(mean(u1.data))).toBeLessThan(1e-15);
      // 2-D: g(x)·g(y), −Δ = −g''(x)g(y) − g(x)g''(y)
      const g2 = makeGrid({ shape: [n, n], lengths: [L, L] });
      const G = (x: number, y: number) => periodicGaussian(x, 0.4, s, L) * periodicGaussian(y, 0.7, s, L);
      const f2 = sampleOnGrid(
        g2,
        (x, y) => -periodicGaussianXX(x, 0.4, s, L) * periodicGaussian(y, 0.7, s, L) - periodicGaussian(x, 0.4, s, L) * periodicGaussianXX(y, 0.7, s, L),
      );
      const e2 = sampleOnGrid(g2, G);
      const m2 = mean(e2.data);
      const u2 = poissonSpectral(g2, f2);
      expect(relMaxErr(u2.data, e2.data.map((v) => v - m2))).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe("poissonSpectral with discrete eigenvalues solves the finite-difference system exactly", () => {
  it("Dirichlet manufactured: u = x(1−x)·y(1−y) is reproduced to round-off (the FD stencil is exact on quadratics)", () => {
    const grid = makeGrid({ shape: [31, 23], lengths: [1, 1], bc: "dirichlet" });
    const f = sampleOnGrid(grid, (x, y) => 2 * y * (1 - y) + 2 * x * (1 - x));
    const exact = sampleOnGrid(grid, (x, y) => x * (1 - x) * y * (1 - y));
    expect(relMaxErr(poissonSpectral(grid, f, { eigenvalues: "discrete" }).data, exact.data)).toBeLessThanOrEqual(1e-12);
    // the continuous eigenvalues solve the PDE instead: O(h²) different from the FD answer
    const cont = relMaxErr(poissonSpectral(grid, f).data, exact.data);
    expect(cont).toBeGreaterThan(1e-6);
    expect(cont).toBeLessThan(1e-2);
  });
  const cases: Array<{ shape: number[]; bc: BoundaryCondition[] }> = [
    { shape: [40], bc: ["periodic"] },
    { shape: [33], bc: ["dirichlet"] },
    { shape: [25], bc: ["neumann"] },
    { shape: [17, 12], bc: ["periodic", "periodic"] },
    { shape: [15, 20], bc: ["dirichlet", "dirichlet"] },
    { shape: [12, 9], bc: ["neumann", "neumann"] },
    { shape: [16, 13], bc: ["periodic", "dirichlet"] },
    { shape: [11, 14], bc: ["neumann", "dirichlet"] },
    { shape: [10, 12], bc: ["neumann", "periodic"] },
  ];
  const rng = new Rng(77);
  for (const c of cases) {
    it(`${c.bc.join("×")} ${JSON.stringify(c.shape)}: −Δ_h u = f for random f (residual ≤ 1e-10)`, () => {
      const grid = makeGrid({ shape: c.shape, lengths: c.shape.map((_, a) => 1 + a), bc: c.bc });
      const f = makeField(c.shape, rng.fillNormal(new Float64Array(c.shape.reduce((a, b) => a * b, 1))));
      if (!c.bc.includes("dirichlet")) {
        const m = mean(f.data);
        for (let i = 0; i < f.data.length; i++) f.data[i]! -= m;
      }
      const u = poissonSpectral(grid, f, { eigenvalues: "discrete" });
      expect(relMaxErr(negLaplacianFd(grid, u).data, f.data)).toBeLessThanOrEqual(1e-10);
      if (!c.bc.includes("dirichlet")) expect(Math.abs(mean(u.data))).toBeLessThan(1e-14 * maxAbs(u.data));
    });
  }
});

describe("poisson: bad input gives tagged errors naming the argument and value", () => {
  const err = (fn: () => unknown): Error => {
    try {
      fn();
    } catch (e) {
      return e as Error;
    }
    throw new Error("expected a throw");
  };
  it("nonzero-mean f on a periodic grid is an error that says so (and gives the mean)", () => {
    const grid = makeGrid({ shape: [16] });
    const f = sampleOnGrid(grid, (x) => Math.cos(2 * Math.PI * x) + 0.25);
    const e = err(() => poissonSpectral(grid, f));
    expect(isPdesError(e, "InvalidArgument")).toBe(true);
    expect(e.message).toMatch(/^f must have zero mean for Poisson with periodic boundaries/);
    expect(Number(/got (\S+)$/.exec(e.message)![1])).toBeCloseTo(0.25, 14);
  });
  it("Neumann compatibility: nonzero mean is an error; Dirichlet accepts any f", () => {
    const g = makeGrid({ shape: [8, 8], bc: ["neumann", "periodic"] });
    const f = makeField([8, 8], new Float64Array(64).fill(1));
    expect(err(() => poissonSpectral(g, f)).message).toMatch(/^f must have zero mean .*Neumann/);
    const gd = makeGrid({ shape: [8, 8], bc: ["neumann", "dirichlet"] });
    expect(maxAbs(poissonSpectral(gd, f).data)).toBeGreaterThan(0);
  });
  it("round-off means are accepted", () => {
    const grid = makeGrid({ shape: [30] });
    const f = sampleOnGrid(grid, (x) => Math.sin(2 * Math.PI * 3 * x) + Math.cos(2 * Math.PI * x));
    expect(Math.abs(mean(f.data))).toBeGreaterThan(0);
    expect(() => poissonSpectral(grid, f)).not.toThrow();
  });
  it("NaN, shape mismatch, bad eigenvalue kind", () => {
    const grid = makeGrid({ shape: [4, 4], bc: "dirichlet" });
    const f = makeField([4, 4]);
    f.data[3] = Infinity;
    const e = err(() => poissonSpectral(grid, f));
    expect(isPdesError(e, "NonFinite")).toBe(true);
    expect(e.message).toMatch(/^f contains Infinity at flat index 3/);
    const s = err(() => poissonSpectral(grid, makeField([4])));
    expect(isPdesError(s, "ShapeMismatch")).toBe(true);
    expect(s.message).toBe("f has shape [4], expected [4, 4]");
    expect(err(() => poissonSpectral(grid, makeField([4, 4]), { eigenvalues: "fd" as "discrete" })).message).toContain('got "fd"');
  });
});
