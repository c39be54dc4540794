/**
 * Poisson −Δu = f on 1-D and 2-D grids (second-order 5-point/3-point stencil, the layouts of
 * docs/conventions.md §Grids): geometric multigrid cycles, or CG preconditioned by one V-cycle.
 * Periodic/Neumann-only grids need zero-mean f and return the zero-mean u.
 */
import { InvalidArgumentError, makeField, type Field, type Grid } from "../../core/index.js";
import { layoutOf, laplaceLevel } from "./assemble.js";
import { requireCount, requireGrid12, requireInputField, requireRtol, requireSweeps, requireZeroMean, scaledPadded, unpadded } from "./checks.js";
import { buildHierarchy, multigridLoop, pcgLoop } from "./multigrid.js";
import type { IterativeResult, MultigridOptions } from "./types.js";

export interface PoissonMultigridOptions extends MultigridOptions {
  /** Stop when ‖f − Au‖₂ ≤ rtol ‖f‖₂ (default 1e-10). */
  rtol?: number;
  /** Give up (status "max_iterations") after this many cycles (default 50). */
  maxCycles?: number;
}

export interface PoissonPcgOptions {
  /** Stop when ‖f − Au‖₂ ≤ rtol ‖f‖₂ (default 1e-10). */
  rtol?: number;
  /** Default 200. */
  maxIterations?: number;
  preSmooth?: number;
  postSmooth?: number;
}

function setup(fn: string, grid: Grid, f: Field, pre: unknown, post: unknown) {
  requireGrid12(fn, grid);
  const data = requireInputField("f", f, grid.shape);
  const lay = layoutOf(grid);
  const L = laplaceLevel(lay);
  requireZeroMean(L, data);
  const fPad = scaledPadded(lay, data);
  const H = buildHierarchy(L, requireSweeps("preSmooth", pre), requireSweeps("postSmooth", post));
  return { lay, H, fPad };
}

/** Solve −Δ_h u = f by multigrid cycles from u = 0. */
export function poissonMultigrid(grid: Grid, f: Field, opts: PoissonMultigridOptions = {}): IterativeResult {
  const rtol = requireRtol(opts.rtol ?? 1e-10);
  const maxCycles = requireCount("maxCycles", opts.maxCycles ?? 50);
  const cycle = opts.cycle ?? "V";
  if (cycle !== "V" && cycle !== "F") throw new InvalidArgumentError("cycle", cycle, 'must be "V" or "F"');
  const { lay, H, fPad } = setup("poissonMultigrid", grid, f, opts.preSmooth ?? 2, opts.postSmooth ?? 2);
  H.f[0]!.set(fPad);
  const res = multigridLoop(H, rtol, maxCycles, cycle);
  return {
    u: makeField(grid.shape, unpadded(lay, H.u[0]!)),
    status: res.status,
    iterations: res.iterations,
    residual: res.residual,
    residualHistory: res.history,
  };
}

/** Solve −Δ_h u = f by conjugate gradients preconditioned with one symmetric V-cycle. */
export function poissonPcg(grid: Grid, f: Field, opts: PoissonPcgOptions = {}): IterativeResult {
  const rtol = requireRtol(opts.rtol ?? 1e-10);
  const maxIt = requireCount("maxIterations", opts.maxIterations ?? 200);
  const { lay, H, fPad } = setup("poissonPcg", grid, f, opts.preSmooth ?? 2, opts.postSmooth ?? 2);
  const u = new Float64Array(fPad.length);
  const res = pcgLoop(H, fPad, u, rtol, maxIt);
  return {
    u: makeField(grid.shape, unpadded(lay, u)),
    status: res.status,
    iterations: res.iterations,
    residual: res.residual,
    residualHistory: res.history,
  };
}
