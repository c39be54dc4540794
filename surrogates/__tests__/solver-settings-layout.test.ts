// Solver cross-checks on grids with another point layout (docs/conventions.md §Grids): the
// solvers refuse such grids outright; the evaluation's solver settings solve on the default
// grid inside and put the Dirichlet boundary zeros back, exact against an analytic solution.
import { describe, expect, it } from "vitest";
import { gridPoints, makeField, makeGrid, type PointLayout } from "../../core/index.js";
import { darcySolve, poissonSpectral } from "../../solvers/index.js";
import { solverSettings } from "../workflows/index.js";

describe("solver settings on vertex and one-sided Dirichlet grids", () => {
  for (const [layout, n] of [["vertex", 17], ["one-sided", 16]] as Array<[PointLayout, number]>) {
    it(`${layout} ${n}²: −Δu = 2π² sin πx sin πy gives u = sin πx sin πy at every stored point`, () => {
      const grid = makeGrid({ shape: [n, n], bc: "dirichlet", layout });
      const x = gridPoints(grid, 0);
      const f = new Float64Array(n * n);
      const u = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          u[i * n + j] = Math.sin(Math.PI * x[i]!) * Math.sin(Math.PI * x[j]!);
          f[i * n + j] = 2 * Math.PI ** 2 * u[i * n + j]!;
        }
      const settings = solverSettings("poisson2d", {}, grid);
      const exact = settings.find((s) => s.name === "spectral (continuous λ)")!;
      const got = exact.solve(f);
      expect(got.length).toBe(n * n);
      expect(Math.max(...got.map((v, k) => Math.abs(v - u[k]!)))).toBeLessThan(1e-12);
      // Multigrid on the same embedded grid: second-order close.
      const mg = settings.find((s) => s.name === "multigrid rtol 1e-8")!.solve(f);
      expect(Math.max(...mg.map((v, k) => Math.abs(v - u[k]!)))).toBeLessThan(0.01);
      expect(mg[0]).toBe(0);
    });
  }

  it("the solvers themselves refuse a grid that is not in their layouts, pointing at the embedding", () => {
    const grid = makeGrid({ shape: [9, 9], bc: "dirichlet", layout: "vertex" });
    const f = makeField([9, 9]);
    expect(() => poissonSpectral(grid, f)).toThrow(/spectral solver: axis 0 has layout vertex \(dirichlet\); .*defaultLayoutEmbedding/);
    expect(() => darcySolve(grid, makeField([9, 9], new Float64Array(81).fill(1)), 1)).toThrow(/darcySolve: axis 0 has layout vertex/);
    // Periodic cell centres only shift the points: accepted as they are.
    const c = makeGrid({ shape: [8], layout: "centred" });
    expect(poissonSpectral(c, makeField([8], Float64Array.from(gridPoints(c, 0), (s) => Math.cos(2 * Math.PI * s)))).data[0]).toBeCloseTo(
      Math.cos(2 * Math.PI * gridPoints(c, 0)[0]!) / (4 * Math.PI ** 2),
      12,
    );
  });
});
