import { describe, expect, it } from "vitest";
import { makeGrid, sampleOnGrid, type BoundaryCondition } from "../../core/index.js";
import { heatSpectral, poissonSpectral } from "../spectral/index.js";
import { heatFd, laplacian, poissonMultigrid, poissonPcg } from "../fd/index.js";
import { demean, maxAbs, maxAbsDiff } from "./fd-helpers.js";

const { sin, cos, exp, PI } = Math;

describe("finite-difference Poisson equals the spectral solver with discrete eigenvalues", () => {
  const cases: [number[], BoundaryCondition[]][] = [
    [[63, 47], ["dirichlet", "dirichlet"]],
    [[64, 48], ["periodic", "periodic"]],
    [[32, 40], ["neumann", "neumann"]],
    [[64, 31], ["periodic", "dirichlet"]],
    [[40, 36], ["neumann", "periodic"]],
    [[100], ["dirichlet"]],
  ];
  for (const [shape, bc] of cases) {
    it(`${shape.join("×")} ${bc.join("/")}: ≤ 1e-10 relative`, () => {
      const g = makeGrid({ shape, lengths: shape.length === 2 ? [1, 1.3] : 2, bc });
      let f = sampleOnGrid(g, (x, y = 0.2) => exp(sin(3 * x) + cos(2 * y)) * (1 + x * y) + 0.1 * sin(40 * x * y));
      if (!bc.includes("dirichlet")) f = demean(f);
      const ref = poissonSpectral(g, f, { eigenvalues: "discrete" });
      const scale = maxAbs(ref.data);
      for (const r of [poissonMultigrid(g, f, { rtol: 1e-12 }), poissonPcg(g, f, { rtol: 1e-12 })]) {
        expect(r.status).toBe("converged");
        expect(maxAbsDiff(r.u.data, ref.data) / scale).toBeLessThanOrEqual(1e-10);
      }
      // And the stencil: −Δ_h of the spectral solution gives f back.
      const lap = laplacian(g, ref);
      expect(maxAbsDiff(lap.data.map((v) => -v), f.data) / maxAbs(f.data)).toBeLessThanOrEqual(1e-10);
    });
  }
});

describe("Crank–Nicolson heat against the spectral solver", () => {
  it("converges to heatSpectral (continuous eigenvalues) at second order as dt ∝ h → 0", () => {
    const errs: number[] = [];
    for (const n of [16, 32, 64]) {
      const g = makeGrid({ shape: [n, n], bc: "periodic" });
      const u0 = sampleOnGrid(g, (x, y) => exp(sin(2 * PI * x) * cos(2 * PI * y)));
      const ref = heatSpectral(g, u0, { kappa: 0.05, t: 0.2 });
      const r = heatFd(g, u0, { kappa: 0.05, times: [0.2], method: "crank-nicolson", dt: 1 / (4 * n) });
      errs.push(maxAbsDiff(r.u[0]!.data, ref.data));
    }
    expect(errs[0]! / errs[1]!).toBeGreaterThan(3.5);
    expect(errs[1]! / errs[2]!).toBeGreaterThan(3.5);
  });
});
