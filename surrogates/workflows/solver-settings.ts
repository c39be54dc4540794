/**
 * Classical solver settings to place beside the surrogates on the accuracy-vs-time plot: for a
 * problem (its name, parameters and grid), the exact or reference-grade solver and cheaper
 * variants (finite differences instead of spectral, coarse time steps, loose tolerances). Each
 * setting maps one input sample `[...grid, Cin]` to one output sample `[...grid, Cout]`.
 */
import { NotConvergedError, UnsupportedError, defaultLayoutEmbedding, hasDefaultLayout, makeField, makeGrid, type Grid } from "../../core/index.js";
import { gatherSpatial, subsampleIndices } from "../../datasets/index.js";
import {
  burgersSpectral,
  darcySolve,
  heatFd,
  heatSpectral,
  poissonMultigrid,
  poissonSpectral,
  reactionDiffusionSpectral,
  type NonlinearResult,
  type TimeSteppingOptions,
} from "../../solvers/index.js";

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

/**
 * The settings for `problem` on `grid`. A grid with another point layout than its bc's default
 * (docs/conventions.md §Grids) is solved on the default grid inside it and the dropped Dirichlet
 * boundary points are set to 0, so imported vertex or one-sided data get the same solvers.
 */
export function solverSettings(problem: string, params: Readonly<Record<string, unknown>>, grid: Grid): SolverSetting[] {
  if (hasDefaultLayout(grid)) return settingsOnDefaultLayout(problem, params, grid);
  const e = defaultLayoutEmbedding(grid);
  const idx = e.start.map((s, a) => Int32Array.from({ length: e.count[a]! }, (_, j) => s + j));
  return settingsOnDefaultLayout(problem, params, e.grid).map((s) => ({
    name: s.name,
    solve: (x: Float64Array) => {
      const c = x.length / grid.shape.reduce((p, q) => p * q, 1);
      const y = s.solve(gatherSpatial(x, 1, grid.shape, c, idx));
      return scatterSpatial(y, grid.shape, y.length / e.grid.shape.reduce((p, q) => p * q, 1), idx);
    },
  }));
}

/** The inverse of gatherSpatial for one sample: values at `indices`, zeros elsewhere. */
function scatterSpatial(src: Float64Array, spatial: readonly number[], channels: number, indices: readonly Int32Array[]): Float64Array {
  const out = new Float64Array(spatial.reduce((p, q) => p * q, 1) * channels);
  const inner = indices.map((ix) => ix.length);
  const d = spatial.length;
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < src.length / channels; p++) {
    let off = 0;
    for (let a = 0; a < d; a++) off = off * spatial[a]! + indices[a]![idx[a]!]!;
    for (let c = 0; c < channels; c++) out[off * channels + c] = src[p * channels + c]!;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < inner[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

function settingsOnDefaultLayout(problem: string, params: Readonly<Record<string, unknown>>, grid: Grid): SolverSetting[] {
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
    const out: SolverSetting[] = [1e-8, 1e-4, 1e-2, 1e-1].map((rtol) => ({
      name: `MG-PCG rtol ${rtol}`,
      solve: (x: Float64Array) => converged(darcySolve(grid, field(x), source, { rtol, maxIterations: 500 }), "darcy MG-PCG").u.data,
    }));
    // Coarser grids: coefficient injected onto the nested grid (every k-th node), solved there,
    // and prolonged back bilinearly (u = 0 on the boundary).
    for (const k of [2, 4]) {
      if (grid.shape.some((n) => (n + 1) % k !== 0 || (n + 1) / k - 1 < 3)) continue;
      const idx = grid.shape.map((n) => subsampleIndices(n, "dirichlet", k));
      const coarse = makeGrid({ shape: idx.map((i) => i.length), lengths: grid.lengths, bc: grid.bc });
      out.push({
        name: `MG-PCG rtol 1e-6 on ${coarse.shape.join("×")} + bilinear`,
        solve: (x: Float64Array) => {
          const a = gatherSpatial(x, 1, grid.shape, 1, idx);
          const u = converged(darcySolve(coarse, makeField(coarse.shape, a), source, { rtol: 1e-6, maxIterations: 500 }), "darcy MG-PCG").u.data;
          return prolongDirichlet2d(u, coarse.shape[0]!, coarse.shape[1]!, k);
        },
      });
    }
    return out;
  }
  if (problem === "burgers1d" || problem === "reactiondiffusion1d") {
    const nu = num(params, "nu", problem === "burgers1d" ? 0.1 : 0.5);
    const rho = num(params, "rho", 1);
    const T = num(params, "time", 1);
    const run = (x: Float64Array, o: TimeSteppingOptions): NonlinearResult =>
      problem === "burgers1d" ? burgersSpectral(grid, field(x), { nu, ...o }) : reactionDiffusionSpectral(grid, field(x), { nu, rho, ...o });
    const completed = (r: NonlinearResult, what: string): Float64Array => {
      if (r.status !== "completed") throw new NotConvergedError(`${problem} ${what} stopped at ${r.status} after ${r.steps} steps`);
      return r.u.data;
    };
    // ETDRK4 on the stored grid (the store was solved on a grid refined by `fine`): adaptive to
    // a tight and a loose tolerance, then fixed steps from the default dt = 0.01 up to dt = 0.1
    // (Burgers) or 0.25 (reaction-diffusion). Burgers at ν = 0.1 with dt = 0.25 grew to 1e120 on
    // a 64-point sample without a non-finite value, so that setting is not offered.
    const out: SolverSetting[] = [1e-8, 1e-4].map((tol) => ({
      name: `ETDRK4 adaptive, step tol ${tol}`,
      solve: (x: Float64Array) => completed(run(x, { t: T, tol }), `ETDRK4 tol ${tol}`),
    }));
    for (const dt of problem === "burgers1d" ? [0.01, 0.04, 0.1] : [0.01, 0.04, 0.1, 0.25]) {
      const steps = Math.max(1, Math.ceil(T / dt - 1e-9));
      out.push({ name: `ETDRK4, ${steps} step${steps > 1 ? "s" : ""}`, solve: (x) => completed(run(x, { t: T, steps }), `ETDRK4 ${steps} steps`) });
    }
    return out;
  }
  throw new UnsupportedError(
    `no solver settings for problem "${problem}" (known: heat1d, heat2d, poisson1d, poisson2d, darcy2d, burgers1d, reactiondiffusion1d)`,
  );
}

/**
 * Bilinear prolongation on nested Dirichlet grids: coarse node j sits at fine node (j+1)k − 1;
 * fine nodes in between interpolate linearly, with u = 0 at the boundary nodes.
 */
export function prolongDirichlet2d(u: Float64Array, n0: number, n1: number, k: number): Float64Array {
  const f0 = k * (n0 + 1) - 1;
  const f1 = k * (n1 + 1) - 1;
  const at = (i: number, j: number) => (i < 0 || j < 0 || i >= n0 || j >= n1 ? 0 : u[i * n1 + j]!);
  const out = new Float64Array(f0 * f1);
  for (let I = 0; I < f0; I++) {
    // Position in coarse index units: fine node I is at (I + 1)/k − 1.
    const p = (I + 1) / k - 1;
    const i0 = Math.floor(p);
    const wi = p - i0;
    for (let J = 0; J < f1; J++) {
      const q = (J + 1) / k - 1;
      const j0 = Math.floor(q);
      const wj = q - j0;
      out[I * f1 + J] =
        (1 - wi) * ((1 - wj) * at(i0, j0) + wj * at(i0, j0 + 1)) + wi * ((1 - wj) * at(i0 + 1, j0) + wj * at(i0 + 1, j0 + 1));
    }
  }
  return out;
}
