/**
 * Classical solver settings to place beside the surrogates on the accuracy-vs-time plot: for a
 * problem (its name, parameters and grid), the exact or reference-grade solver and cheaper
 * variants (finite differences instead of spectral, coarse time steps, loose tolerances). Each
 * setting maps one input sample `[...grid, Cin]` to one output sample `[...grid, Cout]`.
 */
import { NotConvergedError, UnsupportedError, makeField, type Grid } from "../../core/index.js";
import { darcySolve, heatFd, heatSpectral, poissonMultigrid, poissonSpectral } from "../../solvers/index.js";

export interface SolverSetting {
  name: string;
  solve(input: Float64Array): Float64Array;
}

function num(p: Readonly<Record<string, unknown>>, k: string, dflt: number): number {
  const v = p[k];
  return typeof v === "number" ? v : dflt;
}

function converged<T extends { status: string; residual: number }>(r: T, what: string): T {
  // Loose tolerances are the point here; only a solver that stalls far from them is an error.
  if (r.status !== "converged") throw new NotConvergedError(`${what} stopped at ${r.status} with relative residual ${r.residual}`);
  return r;
}

export function solverSettings(problem: string, params: Readonly<Record<string, unknown>>, grid: Grid): SolverSetting[] {
  const field = (x: Float64Array) => makeField(grid.shape, x);
  if (problem === "heat1d" || problem === "heat2d") {
    const kappa = num(params, "kappa", 0.01);
    const T = num(params, "time", 1);
    const out: SolverSetting[] = [
      { name: "spectral (exact)", solve: (x) => heatSpectral(grid, field(x), { kappa, t: T, eigenvalues: "continuous" }).data },
      { name: "spectral, FD eigenvalues", solve: (x) => heatSpectral(grid, field(x), { kappa, t: T, eigenvalues: "discrete" }).data },
    ];
    for (const steps of [64, 16, 4, 1]) {
      out.push({
        name: `Crank–Nicolson, ${steps} step${steps > 1 ? "s" : ""}`,
        solve: (x) => {
          const r = heatFd(grid, field(x), { kappa, times: [T], method: "crank-nicolson", dt: T / steps, rtol: 1e-10 });
          return converged(r, "heat Crank–Nicolson").u[0]!.data;
        },
      });
    }
    return out;
  }
  if (problem === "poisson1d" || problem === "poisson2d") {
    const out: SolverSetting[] = [
      { name: "spectral (continuous λ)", solve: (x) => poissonSpectral(grid, field(x), { eigenvalues: "continuous" }).data },
      { name: "spectral, FD eigenvalues", solve: (x) => poissonSpectral(grid, field(x), { eigenvalues: "discrete" }).data },
    ];
    for (const rtol of [1e-8, 1e-4, 1e-2, 1e-1]) {
      out.push({ name: `multigrid rtol ${rtol}`, solve: (x) => converged(poissonMultigrid(grid, field(x), { rtol, maxCycles: 100 }), "poisson multigrid").u.data });
    }
    return out;
  }
  if (problem === "darcy2d") {
    const source = num(params, "source", 1);
    return [1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 1e-1].map((rtol) => ({
      name: `MG-PCG rtol ${rtol}`,
      solve: (x: Float64Array) => converged(darcySolve(grid, field(x), source, { rtol, maxIterations: 500 }), "darcy MG-PCG").u.data,
    }));
  }
  throw new UnsupportedError(`no solver settings for problem "${problem}" (known: heat1d, heat2d, poisson1d, poisson2d, darcy2d)`);
}
