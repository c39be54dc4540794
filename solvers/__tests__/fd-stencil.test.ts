import { describe, expect, it } from "vitest";
import { makeField, makeGrid, sampleOnGrid, gridSpacing, type BoundaryCondition } from "../../core/index.js";
import { cyclicThomasSolve, laplacian, poissonMultigrid, poissonPcg, thomasSolve } from "../fd/index.js";
import { maxAbs, maxAbsDiff, observedOrder } from "./fd-helpers.js";

const PI = Math.PI;

describe("laplacian", () => {
  it("is exact for quadratics vanishing on a Dirichlet boundary (1-D and 2-D)", () => {
    const g1 = makeGrid({ shape: [17], lengths: 2, bc: "dirichlet" });
    const l1 = laplacian(g1, sampleOnGrid(g1, (x) => x * (2 - x)));
    expect(maxAbsDiff(l1.data, new Float64Array(17).fill(-2))).toBeLessThanOrEqual(1e-10);
    const g2 = makeGrid({ shape: [13, 9], lengths: [1, 3], bc: "dirichlet" });
    const l2 = laplacian(g2, sampleOnGrid(g2, (x, y) => x * (1 - x) * y * (3 - y)));
    const ex = sampleOnGrid(g2, (x, y) => -2 * y * (3 - y) - 2 * x * (1 - x));
    expect(maxAbsDiff(l2.data, ex.data)).toBeLessThanOrEqual(1e-10);
  });

  it("works on 3-D grids (quadratic vanishing on a Dirichlet box)", () => {
    const g3 = makeGrid({ shape: [5, 6, 7], lengths: [1, 2, 3], bc: "dirichlet" });
    const X = (x: number): number => x * (1 - x);
    const Y = (y: number): number => y * (2 - y);
    const Z = (z: number): number => z * (3 - z);
    const l3 = laplacian(g3, sampleOnGrid(g3, (x, y, z) => X(x) * Y(y) * Z(z)));
    const ex = sampleOnGrid(g3, (x, y, z) => -2 * (Y(y) * Z(z) + X(x) * Z(z) + X(x) * Y(y)));
    expect(maxAbsDiff(l3.data, ex.data)).toBeLessThanOrEqual(1e-10);
  });

  it("is exact for quadratics at interior points for every boundary condition", () => {
    for (const bc of ["periodic", "dirichlet", "neumann"] as BoundaryCondition[]) {
      const g = makeGrid({ shape: [12, 10], bc });
      const l = laplacian(g, sampleOnGrid(g, (x, y) => 3 * x * x - x * y + 2 * y * y + x));
      for (let i = 1; i < 11; i++) for (let j = 1; j < 9; j++) expect(Math.abs(l.data[i * 10 + j]! - 10)).toBeLessThanOrEqual(1e-9);
    }
  });

  it("has the discrete eigenvalues (4/h²) sin²(kh/2) on sine / cosine / Fourier modes", () => {
    const cases: [BoundaryCondition, (x: number) => number, number][] = [
      ["dirichlet", (x) => Math.sin(3 * PI * x), 3 * PI],
      ["neumann", (x) => Math.cos(5 * PI * x), 5 * PI],
      ["periodic", (x) => Math.cos(2 * PI * 4 * x) + Math.sin(2 * PI * 4 * x), 8 * PI],
    ];
    for (const [bc, fn, k] of cases) {
      const g = makeGrid({ shape: [24], bc });
      const h = gridSpacing(g, 0);
      const lam = (4 / (h * h)) * Math.sin((k * h) / 2) ** 2;
      const u = sampleOnGrid(g, fn);
      const l = laplacian(g, u);
      expect(maxAbsDiff(l.data, u.data.map((v) => -lam * v))).toBeLessThanOrEqual(1e-10 * lam);
    }
  });

  it("reads and writes strided views", () => {
    const g = makeGrid({ shape: [6, 5], bc: ["periodic", "neumann"] });
    const u = sampleOnGrid(g, (x, y) => Math.sin(2 * PI * x) * Math.cos(PI * y) + x * y);
    const ref = laplacian(g, u);
    // Transposed storage of u (column-major) and an out with offset inside a bigger buffer.
    const t = new Float64Array(30);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 5; j++) t[j * 6 + i] = u.data[i * 5 + j]!;
    const uT = { data: t, shape: [6, 5], stride: [1, 6], offset: 0 };
    const big = new Float64Array(100).fill(7);
    const out = { data: big, shape: [6, 5], stride: [10, 2], offset: 3 };
    laplacian(g, uT, out);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 5; j++) expect(big[3 + 10 * i + 2 * j]).toBeCloseTo(ref.data[i * 5 + j]!, 10);
    expect(big[4]).toBe(7); // untouched between strided entries
  });
});

describe("Poisson stencils reproduce quadratics", () => {
  it("1-D and 2-D Dirichlet, multigrid and PCG, to 1e-10", () => {
    const g1 = makeGrid({ shape: [31], bc: "dirichlet" });
    const f1 = makeField([31], new Float64Array(31).fill(2));
    const ex1 = sampleOnGrid(g1, (x) => x * (1 - x));
    for (const r of [poissonMultigrid(g1, f1, { rtol: 1e-13 }), poissonPcg(g1, f1, { rtol: 1e-13 })]) {
      expect(r.status).toBe("converged");
      expect(maxAbsDiff(r.u.data, ex1.data)).toBeLessThanOrEqual(1e-10);
    }
    const g2 = makeGrid({ shape: [31, 63], lengths: [1, 2], bc: "dirichlet" });
    const f2 = sampleOnGrid(g2, (x, y) => 2 * y * (2 - y) + 2 * x * (1 - x));
    const ex2 = sampleOnGrid(g2, (x, y) => x * (1 - x) * y * (2 - y));
    for (const r of [poissonMultigrid(g2, f2, { rtol: 1e-13 }), poissonPcg(g2, f2, { rtol: 1e-13 })]) {
      expect(r.status).toBe("converged");
      expect(r.residual).toBeLessThanOrEqual(1e-13);
      expect(maxAbsDiff(r.u.data, ex2.data)).toBeLessThanOrEqual(1e-10);
    }
  });
});

describe("tridiagonal solvers", () => {
  it("thomasSolve and cyclicThomasSolve satisfy the system to round-off", () => {
    const n = 9;
    const sub = Float64Array.from({ length: n }, (_, i) => -0.3 - 0.05 * i);
    const sup = Float64Array.from({ length: n }, (_, i) => -0.7 + 0.03 * i);
    const diag = Float64Array.from({ length: n }, (_, i) => 2.5 + 0.1 * Math.sin(i));
    const d = Float64Array.from({ length: n }, (_, i) => Math.cos(1.3 * i));
    const x = new Float64Array(2 * n);
    thomasSolve(n, sub, diag, sup, d, 1, 0, x, 2, 1, new Float64Array(n));
    const xi = (i: number): number => (i < 0 || i >= n ? 0 : x[1 + 2 * i]!);
    for (let i = 0; i < n; i++) expect(Math.abs(sub[i]! * xi(i - 1) * (i > 0 ? 1 : 0) + diag[i]! * xi(i) + sup[i]! * xi(i + 1) * (i < n - 1 ? 1 : 0) - d[i]!)).toBeLessThan(1e-13);
    const lo = -0.4;
    const hi = -0.6;
    const y = new Float64Array(n);
    cyclicThomasSolve(n, sub, diag, sup, lo, hi, d, 1, 0, y, 1, 0, new Float64Array(3 * n));
    for (let i = 0; i < n; i++) {
      let s = diag[i]! * y[i]!;
      if (i > 0) s += sub[i]! * y[i - 1]!;
      if (i < n - 1) s += sup[i]! * y[i + 1]!;
      if (i === 0) s += hi * y[n - 1]!;
      if (i === n - 1) s += lo * y[0]!;
      expect(Math.abs(s - d[i]!)).toBeLessThan(1e-13);
    }
    expect(maxAbs(y)).toBeGreaterThan(0.1);
  });
});

describe("fourth-order periodic laplacian", () => {
  it("observed order 4.0 ± 0.1 on a smooth 2-D periodic field; non-periodic grids are Unsupported", () => {
    const hs: number[] = [];
    const err: number[] = [];
    for (const n of [16, 32, 64, 128]) {
      const g = makeGrid({ shape: [n, n], lengths: [1, 2], bc: "periodic" });
      const u = sampleOnGrid(g, (x, y) => Math.exp(Math.sin(2 * PI * x)) * Math.cos(PI * y));
      const ex = sampleOnGrid(g, (x, y) => {
        const s = Math.sin(2 * PI * x);
        const c = Math.cos(2 * PI * x);
        return Math.exp(s) * Math.cos(PI * y) * (4 * PI * PI * (c * c - s) - PI * PI);
      });
      const l = laplacian(g, u, undefined, { order: 4 });
      hs.push(1 / n);
      err.push(maxAbsDiff(l.data, ex.data) / maxAbs(ex.data));
    }
    expect(Math.abs(observedOrder(hs, err) - 4)).toBeLessThan(0.1);
    const gd = makeGrid({ shape: [8], bc: "dirichlet" });
    expect(() => laplacian(gd, makeField([8]), undefined, { order: 4 })).toThrow(/periodic/);
  });
});
