import { describe, expect, it } from "vitest";
import { gridPoints, gridSpacing, isPdesError, makeField, makeGrid } from "../../core/index.js";
import { poissonSpectral } from "../../solvers/index.js";
import { getProblem, problemNames, refineGrid, subsampleIndices, type ResolvedProblem } from "../index.js";

function run(p: ResolvedProblem, seed: number, i: number): { x: Float64Array; y: Float64Array } {
  const size = p.grid.shape.reduce((a, b) => a * b, 1);
  const x = new Float64Array(size * p.inputChannels.length);
  const y = new Float64Array(size * p.outputChannels.length);
  p.sample(seed, i, x, y);
  return { x, y };
}

const relErr = (a: Float64Array, b: Float64Array): number => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
};

/** −Δ_h u with the 2nd-order stencil on a 1-D or 2-D periodic/Dirichlet grid (u = 0 outside). */
function negLaplacian(shape: readonly number[], h: readonly number[], bc: string, u: Float64Array): Float64Array {
  const [n0, n1] = shape.length === 1 ? [1, shape[0]!] : [shape[0]!, shape[1]!];
  const get = (i: number, j: number): number => {
    if (bc === "periodic") return u[((i + n0) % n0) * n1 + ((j + n1) % n1)]!;
    return i < 0 || i >= n0 || j < 0 || j >= n1 ? 0 : u[i * n1 + j]!;
  };
  const out = new Float64Array(u.length);
  const h1 = h[h.length - 1]!;
  for (let i = 0; i < n0; i++)
    for (let j = 0; j < n1; j++) {
      let v = (2 * get(i, j) - get(i, j - 1) - get(i, j + 1)) / (h1 * h1);
      if (shape.length === 2) v += (2 * get(i, j) - get(i - 1, j) - get(i + 1, j)) / (h[0]! * h[0]!);
      out[i * n1 + j] = v;
    }
  return out;
}

describe("problem registry", () => {
  it("lists the seven problems, rejects unknown names and parameters", () => {
    expect(problemNames().sort()).toEqual(["burgers1d", "darcy2d", "heat1d", "heat2d", "poisson1d", "poisson2d", "reactiondiffusion1d"]);
    expect(() => getProblem("burgers")).toThrow(/problem must be one of/);
    expect(() => getProblem("heat1d").resolve({ kappa: -1 })).toThrow(/kappa must be >= 0/);
    expect(() => getProblem("heat1d").resolve({ bogus: 1 })).toThrow(/bogus is not a parameter of heat1d/);
    expect(() => getProblem("darcy2d").resolve({ bc: "periodic" })).toThrow(/bc must be one of dirichlet/);
    expect(() => getProblem("poisson2d").resolve({ resolution: 1 })).toThrow(/resolution/);
    expect(() => getProblem("heat1d").resolve({ resolution: 16, sigma: 1e308 })).toThrow(/sigma is too large/);
    try {
      getProblem("heat2d").resolve({ resolution: 2.5 });
      expect.unreachable();
    } catch (e) {
      expect(isPdesError(e, "InvalidArgument")).toBe(true);
    }
  });
});

describe("heat: output is the exact heat propagator applied to the input (independent sine/Fourier series)", () => {
  it("heat1d periodic: naive DFT, exp(-kappa k^2 t)", () => {
    const p = getProblem("heat1d").resolve({ resolution: 48, kappa: 0.02, time: 0.5, length: 2 });
    const { x, y } = run(p, 5, 3);
    const n = 48;
    const L = 2;
    const ref = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      const f = m <= n / 2 ? m : m - n;
      const k = (2 * Math.PI * f) / L;
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        re += x[j]! * Math.cos((2 * Math.PI * m * j) / n);
        im -= x[j]! * Math.sin((2 * Math.PI * m * j) / n);
      }
      const g = Math.exp(-0.02 * k * k * 0.5);
      for (let j = 0; j < n; j++) ref[j] += (g * (re * Math.cos((2 * Math.PI * m * j) / n) - im * Math.sin((2 * Math.PI * m * j) / n))) / n;
    }
    expect(relErr(y, ref)).toBeLessThan(1e-12);
    expect(relErr(x, y)).toBeGreaterThan(1e-3); // the map is not the identity
  });

  it("heat2d Dirichlet: sine-series propagator", () => {
    const n = 15;
    const p = getProblem("heat2d").resolve({ resolution: n, bc: "dirichlet", kappa: 0.05, time: 0.3 });
    const { x, y } = run(p, 1, 0);
    const pts = gridPoints(p.grid, 0);
    const h = gridSpacing(p.grid, 0);
    const S = Float64Array.from({ length: n * n }, (_, q) => Math.sin(Math.PI * (Math.floor(q / n) + 1) * pts[q % n]!));
    const ref = new Float64Array(n * n);
    for (let a = 1; a <= n; a++)
      for (let b = 1; b <= n; b++) {
        let c = 0;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c += x[i * n + j]! * S[(a - 1) * n + i]! * S[(b - 1) * n + j]!;
        c *= 4 * h * h; // (2/L)·h per axis
        const g = Math.exp(-0.05 * Math.PI * Math.PI * (a * a + b * b) * 0.3);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ref[i * n + j] += g * c * S[(a - 1) * n + i]! * S[(b - 1) * n + j]!;
      }
    expect(relErr(y, ref)).toBeLessThan(1e-12);
  });
});

describe("heat: Crank-Nicolson (fd) converges to the exact discrete-eigenvalue propagator at order 2 in dt", () => {
  // Step counts in the asymptotic range (kappa * lambda_max * dt not too large for CN's stiff modes).
  for (const [name, bc, n, S] of [
    ["heat1d", "periodic", 64, [40, 80, 160]],
    ["heat2d", "dirichlet", 15, [10, 20, 40]],
  ] as const) {
    it(`${name} ${bc}`, () => {
      const common = { resolution: n, bc, kappa: 0.02, time: 0.5 };
      const exact = run(getProblem(name).resolve({ ...common, solver: "spectral", eigenvalues: "discrete" }), 3, 2);
      const errs = S.map((steps) => {
        const fd = run(getProblem(name).resolve({ ...common, solver: "fd", steps }), 3, 2);
        expect(Array.from(fd.x)).toEqual(Array.from(exact.x));
        return relErr(fd.y, exact.y);
      });
      expect(errs[2]).toBeLessThan(1e-4);
      // Least-squares slope of log error vs log dt.
      const lx = S.map((s) => Math.log(1 / s));
      const ly = errs.map(Math.log);
      const mx = lx.reduce((a, b) => a + b) / 3;
      const my = ly.reduce((a, b) => a + b) / 3;
      const slope = lx.reduce((a, x, k) => a + (x - mx) * (ly[k]! - my), 0) / lx.reduce((a, x) => a + (x - mx) ** 2, 0);
      expect(slope).toBeGreaterThan(1.9);
      expect(slope).toBeLessThan(2.1);
    });
  }
});

describe("poisson: spectral (discrete eigenvalues) and multigrid solve the same system; residual of the 5-point system", () => {
  for (const [name, bc, n] of [
    ["poisson1d", "periodic", 64],
    ["poisson1d", "dirichlet", 63],
    ["poisson2d", "periodic", 32],
    ["poisson2d", "dirichlet", 31],
  ] as const) {
    it(`${name} ${bc}`, () => {
      const sp = getProblem(name).resolve({ resolution: n, bc, solver: "spectral", eigenvalues: "discrete" });
      const fd = getProblem(name).resolve({ resolution: n, bc, solver: "fd", tol: 1e-12 });
      const a = run(sp, 9, 4);
      const b = run(fd, 9, 4);
      expect(Array.from(a.x)).toEqual(Array.from(b.x)); // same input whatever the solver
      if (bc === "periodic") expect(Math.abs(a.x.reduce((s, v) => s + v, 0) / a.x.length)).toBeLessThan(1e-14);
      expect(relErr(b.y, a.y)).toBeLessThan(1e-9);
      const h = sp.grid.shape.map((_, ax) => gridSpacing(sp.grid, ax));
      expect(relErr(negLaplacian(sp.grid.shape, h, bc, a.y), a.x)).toBeLessThan(1e-11);
      expect(relErr(negLaplacian(sp.grid.shape, h, bc, b.y), b.x)).toBeLessThan(1e-10);
    });
  }
});

describe("darcy2d", () => {
  it("a takes the two values, u solves the harmonic-mean 5-point system to the tolerance", () => {
    const n = 31;
    const p = getProblem("darcy2d").resolve({ resolution: n, tol: 1e-10 });
    const { x: a, y: u } = run(p, 2, 0);
    const hi = a.filter((v) => v === 12).length;
    expect(hi + a.filter((v) => v === 3).length).toBe(n * n);
    expect(hi).toBeGreaterThan(0.1 * n * n);
    expect(hi).toBeLessThan(0.9 * n * n);
    const h = 1 / (n + 1);
    const A = (i: number, j: number): number => a[i * n + j]!;
    const U = (i: number, j: number): number => (i < 0 || j < 0 || i >= n || j >= n ? 0 : u[i * n + j]!);
    const face = (i: number, j: number, i2: number, j2: number): number =>
      i2 < 0 || j2 < 0 || i2 >= n || j2 >= n ? A(i, j) : (2 * A(i, j) * A(i2, j2)) / (A(i, j) + A(i2, j2));
    let r2 = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let Au = 0;
        for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const)
          Au += (face(i, j, i + di, j + dj) * (U(i, j) - U(i + di, j + dj))) / (h * h);
        r2 += (1 - Au) ** 2;
      }
    expect(Math.sqrt(r2 / (n * n))).toBeLessThan(1e-9); // ‖f − Au‖/‖f‖ with f = 1
    expect(Math.min(...u)).toBeGreaterThan(0); // maximum principle: f > 0, u = 0 on the boundary
  });

  it("constant coefficient equals the spectral Poisson solve of f/a", () => {
    const n = 31;
    const p = getProblem("darcy2d").resolve({ resolution: n, aHigh: 2, aLow: 2, tol: 1e-12 });
    const { y } = run(p, 0, 0);
    const grid = makeGrid({ shape: [n, n], bc: "dirichlet" });
    const ref = poissonSpectral(grid, makeField([n, n], new Float64Array(n * n).fill(0.5)), { eigenvalues: "discrete" });
    expect(relErr(y, ref.data)).toBeLessThan(1e-10);
  });
});

describe("fine-grid generation and subsampling", () => {
  it("refined grids nest: the kept fine points are exactly the coarse points", () => {
    for (const bc of ["periodic", "dirichlet", "neumann"] as const) {
      const g = makeGrid({ shape: [7], lengths: 2, bc });
      const f = refineGrid(g, 3);
      const idx = subsampleIndices(f.shape[0]!, bc, 3);
      const xf = gridPoints(f, 0);
      const xc = gridPoints(g, 0);
      expect(idx.length).toBe(7);
      idx.forEach((k, j) => expect(Math.abs(xf[k]! - xc[j]!)).toBeLessThan(1e-14));
    }
    expect(() => subsampleIndices(10, "dirichlet", 3)).toThrow(/must divide n \+ 1/);
  });

  it("poisson2d with fine = 2 stores the fine-grid solve at the nested points", () => {
    const p = getProblem("poisson2d").resolve({ resolution: 15, bc: "dirichlet", fine: 2, solver: "fd" });
    const q = getProblem("poisson2d").resolve({ resolution: 31, bc: "dirichlet", fine: 1, solver: "fd" });
    expect(p.grid.shape).toEqual([15, 15]);
    const a = run(p, 4, 1);
    const b = run(q, 4, 1);
    for (let i = 0; i < 15; i++)
      for (let j = 0; j < 15; j++) {
        expect(a.x[i * 15 + j]).toBe(b.x[(2 * i + 1) * 31 + (2 * j + 1)]);
        expect(a.y[i * 15 + j]).toBe(b.y[(2 * i + 1) * 31 + (2 * j + 1)]);
      }
  });
});
