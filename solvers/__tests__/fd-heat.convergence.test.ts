import { describe, expect, it } from "vitest";
import { makeGrid, sampleOnGrid, gridSpacing, type BoundaryCondition } from "../../core/index.js";
import { heatFd, type HeatFdMethod } from "../fd/index.js";
import { maxAbs, maxAbsDiff, observedOrder, pairwiseOrders } from "./fd-helpers.js";

const { sin, cos, exp, PI } = Math;
const kappa = 0.5;
const T = 0.1;
/**
 * Shorter horizon for the Crank–Nicolson space-order runs (fewer steps at dt ∝ h). FTCS keeps T:
 * its O(dt) = O(h²) time error has the opposite sign to the space error and, over a short
 * horizon, cancels enough of it to make the pairwise orders drift.
 */
const Tspace = 0.025;

/** Two modes of the grid's own basis; the discrete-in-space solution is exp(−κ λ_h t) per mode. */
function modes(bc: BoundaryCondition): [(x: number) => number, number][] {
  if (bc === "dirichlet") return [[(x) => sin(PI * x), PI], [(x) => 0.5 * sin(3 * PI * x), 3 * PI]];
  if (bc === "neumann") return [[(x) => cos(PI * x), PI], [(x) => 0.5 * cos(2 * PI * x), 2 * PI]];
  return [[(x) => sin(2 * PI * x), 2 * PI], [(x) => 0.5 * cos(4 * PI * x), 4 * PI]];
}

/** Initial data Σ_m φ_m(x)φ_m(y)... and the exact semi-discrete or continuous solution at T. */
function setup(bc: BoundaryCondition, dim: number, n: number, discrete: boolean, T: number) {
  const g = makeGrid({ shape: dim === 1 ? [n] : [n, n], bc });
  const h = gridSpacing(g, 0);
  const lam = (k: number): number => (discrete ? (4 / (h * h)) * sin((k * h) / 2) ** 2 : k * k);
  const ms = modes(bc);
  const u0 = sampleOnGrid(g, (x, y = 0) => ms.reduce((s, [phi, k], i) => s + phi(x) * (dim === 2 ? ms[i]![0](y) : 1), 0));
  const uT = sampleOnGrid(g, (x, y = 0) =>
    ms.reduce((s, [phi, k], i) => s + phi(x) * (dim === 2 ? ms[i]![0](y) : 1) * exp(-kappa * (lam(k) * dim) * T), 0),
  );
  return { g, u0, uT };
}

function timeOrder(method: HeatFdMethod, bc: BoundaryCondition, dim: number): { order: number; pairs: number[] } {
  const { g, u0, uT } = setup(bc, dim, dim === 1 ? 64 : 32, true, T);
  const dts = [T / 8, T / 16, T / 32, T / 64];
  const err = dts.map((dt) => {
    const r = heatFd(g, u0, { kappa, times: [T], method, dt });
    expect(r.status).toBe("converged");
    return maxAbsDiff(r.u[0]!.data, uT.data) / maxAbs(uT.data);
  });
  return { order: observedOrder(dts, err), pairs: pairwiseOrders(dts, err) };
}

describe("heatFd: order in time against the exact semi-discrete solution", () => {
  for (const dim of [1, 2])
    for (const bc of ["dirichlet", "periodic", "neumann"] as BoundaryCondition[]) {
      it(`${dim}-D ${bc}: Crank–Nicolson 2.0 ± 0.1 (pairwise ≥ 1.9), implicit Euler 1.0 ± 0.1`, () => {
        const cn = timeOrder("crank-nicolson", bc, dim);
        expect(Math.abs(cn.order - 2)).toBeLessThan(0.1);
        for (const o of cn.pairs) expect(o).toBeGreaterThanOrEqual(1.9);
        const ie = timeOrder("implicit-euler", bc, dim);
        expect(Math.abs(ie.order - 1)).toBeLessThan(0.1);
      });
    }
});

describe("heatFd: order in space against the exact continuous solution", () => {
  // 2-D: Dirichlet only (the 2-D stencil's order for every boundary condition is covered by the
  // Poisson convergence tests; this checks the time stepping does not spoil it).
  const cases = [
    ...(["dirichlet", "neumann", "periodic"] as const).flatMap((bc) => [[1, "crank-nicolson", bc], [1, "ftcs", bc]] as const),
    [2, "crank-nicolson", "dirichlet"],
  ] as const;
  for (const [dim, method, bc] of cases) {
      it(`${dim}-D ${bc}, ${method}: 2.0 ± 0.1, pairwise ≥ 1.9`, () => {
        const hs: number[] = [];
        const err: number[] = [];
        for (const n of bc === "dirichlet" ? [15, 31, 63, 127] : [16, 32, 64, 128]) {
          const horizon = method === "ftcs" ? T : Tspace;
          const { g, u0, uT } = setup(bc, dim, n, false, horizon);
          const h = gridSpacing(g, 0);
          // CN with dt ∝ h: its O(dt²) time error (opposite in sign to the space error) is kept
          // well below the O(h²) space error so the two do not partly cancel.
          const dt = method === "ftcs" ? (0.9 * h * h) / (2 * kappa) : h / (dim === 1 ? 32 : 16);
          const r = heatFd(g, u0, { kappa, times: [horizon], method, dt });
          hs.push(h);
          err.push(maxAbsDiff(r.u[0]!.data, uT.data) / maxAbs(uT.data));
        }
        expect(Math.abs(observedOrder(hs, err) - 2)).toBeLessThan(0.1);
        for (const o of pairwiseOrders(hs, err)) expect(o).toBeGreaterThanOrEqual(1.9);
      });
    }
});
