import { describe, expect, it } from "vitest";
import { makeField, makeGrid, sampleOnGrid, type BoundaryCondition } from "../../core/index.js";
import { poissonMultigrid, poissonPcg } from "../fd/index.js";
import { demean } from "./fd-helpers.js";

const { sin, cos, PI } = Math;

/** A rough right-hand side (all frequencies present) plus a smooth part. */
function rhs(bc: BoundaryCondition, n: number) {
  const g = makeGrid({ shape: [n, n], bc });
  const f = sampleOnGrid(g, (x, y) => sin(3 * PI * x + 1) * cos(2 * PI * y) + 0.3 * sin(37.1 * x * y + 5 * x));
  for (let k = 0; k < f.data.length; k++) f.data[k] = f.data[k]! + 0.2 * sin(k * 12.9898) * 43758.5453 % 1;
  return { g, f: bc === "dirichlet" ? f : demean(f) };
}

function rates(history: readonly number[]): number[] {
  return history.slice(1).map((r, i) => r / history[i]!);
}

describe("multigrid V(2,2) cycles on −Δu = f", () => {
  const ladder: Record<BoundaryCondition, number[]> = {
    dirichlet: [31, 63, 127, 255, 511],
    periodic: [32, 64, 128, 256, 512],
    neumann: [32, 64, 128, 256],
  };
  for (const bc of ["dirichlet", "periodic", "neumann"] as BoundaryCondition[]) {
    it(`${bc}: residual reduction per cycle ≤ 0.2 and cycles to 1e-10 independent of N (${ladder[bc].join(", ")})`, () => {
      const counts: number[] = [];
      for (const n of ladder[bc]) {
        const { g, f } = rhs(bc, n);
        // Default V(2,2). (On cell-centred Neumann grids the first cycle on a *smooth* f reduces
        // by up to 0.22, see docs/solvers-fd.md; this rough f has all frequencies.)
        const r = poissonMultigrid(g, f, { rtol: 1e-10, maxCycles: 30 });
        expect(r.status).toBe("converged");
        expect(r.residual).toBeLessThanOrEqual(1e-10);
        expect(r.residualHistory.length).toBe(r.iterations + 1);
        for (const q of rates(r.residualHistory)) expect(q).toBeLessThanOrEqual(0.2);
        counts.push(r.iterations);
      }
      expect(Math.max(...counts)).toBeLessThanOrEqual(counts[0]! + 1);
      expect(Math.max(...counts)).toBeLessThanOrEqual(16);
    });
  }

  it("PCG iterations to 1e-10 do not grow with N (Dirichlet 31² to 511²)", () => {
    const counts = [31, 127, 511].map((n) => {
      const { g, f } = rhs("dirichlet", n);
      const r = poissonPcg(g, f, { rtol: 1e-10 });
      expect(r.status).toBe("converged");
      expect(r.residual).toBeLessThanOrEqual(1e-10);
      return r.iterations;
    });
    expect(Math.max(...counts)).toBeLessThanOrEqual(counts[0]! + 1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(10);
  });

  it("F-cycles converge at least as fast per cycle as V-cycles", () => {
    const { g, f } = rhs("dirichlet", 127);
    const v = poissonMultigrid(g, f, { rtol: 1e-10, cycle: "V" });
    const fc = poissonMultigrid(g, f, { rtol: 1e-10, cycle: "F" });
    expect(fc.status).toBe("converged");
    expect(fc.iterations).toBeLessThanOrEqual(v.iterations);
  });

  it("other sizes and anisotropic spacing converge at the same rate", () => {
    const cases = [
      [[50, 40], "dirichlet", [1, 1]],
      [[100, 100], "dirichlet", [1, 1]],
      [[36, 20], "neumann", [1, 1]],
      [[101, 75], "periodic", [1, 1]],
      [[127, 63], "dirichlet", [1, 4]], // h1/h0 = 8: semi-coarsening along axis 0 first
      [[100], "dirichlet", [1]],
    ] as const;
    for (const [shape, bc, lengths] of cases) {
      const g = makeGrid({ shape: [...shape], bc, lengths: [...lengths] });
      const f = sampleOnGrid(g, (x, y = 0.3) => cos(PI * x) * cos(2 * PI * y) + (bc === "dirichlet" ? 1 : 0));
      const r = poissonMultigrid(g, bc === "dirichlet" ? f : demean(f), { rtol: 1e-10 });
      expect(r.status).toBe("converged");
      expect(r.residual).toBeLessThanOrEqual(1e-10);
      expect(r.iterations).toBeLessThanOrEqual(16);
    }
  });

  it("reports max_iterations, never silently, when the cycle budget is too small", () => {
    const { g, f } = rhs("dirichlet", 63);
    const r = poissonMultigrid(g, f, { rtol: 1e-12, maxCycles: 2 });
    expect(r.status).toBe("max_iterations");
    expect(r.iterations).toBe(2);
    expect(r.residual).toBeGreaterThan(1e-12);
    const z = poissonMultigrid(g, makeField([63, 63]));
    expect(z.status).toBe("converged");
    expect(z.residual).toBe(0);
  });
});
