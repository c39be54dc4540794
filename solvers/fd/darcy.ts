/**
 * Darcy flow −∇·(a∇u) = f, u = 0 on the boundary: conservative 5-point discretisation with
 * harmonic-mean face coefficients (where `a` is sampled: docs/conventions.md §Finite
 * differences and assemble.ts darcyLevel), solved by CG preconditioned with one V-cycle on
 * rediscretised coarse operators.
 */
import {
  InvalidArgumentError,
  UnsupportedError,
  isField,
  makeField,
  requireFiniteNumber,
  type Field,
  type Grid,
} from "../../core/index.js";
import { darcyLevel, layoutOf } from "./assemble.js";
import { scaledPadded, requireCount, requireGrid12, requireInputField, requireRtol, requireSweeps, unpadded } from "./checks.js";
import { buildHierarchy, pcgLoop } from "./multigrid.js";
import type { IterativeResult } from "./types.js";

export interface DarcyOptions {
  /** Stop when ‖f − Au‖₂ ≤ rtol ‖f‖₂ (default 1e-10). */
  rtol?: number;
  /** Default 200. */
  maxIterations?: number;
  preSmooth?: number;
  postSmooth?: number;
}

/**
 * @param a coefficient > 0, shaped like the grid (interior nodes) or with 2 more points per
 *   axis (nodes including the boundary; index 0 and n+1 are the boundary nodes).
 * @param f right-hand side at the interior nodes, or one number for a constant f.
 */
export function darcySolve(grid: Grid, a: Field, f: Field | number, opts: DarcyOptions = {}): IterativeResult {
  requireGrid12("darcySolve", grid);
  grid.bc.forEach((b, ax) => {
    if (b !== "dirichlet") throw new UnsupportedError(`darcySolve: bc[${ax}] is "${b}"; Darcy flow here has u = 0 on the boundary (dirichlet on every axis)`);
  });
  const rtol = requireRtol(opts.rtol ?? 1e-10);
  const maxIt = requireCount("maxIterations", opts.maxIterations ?? 200);
  const pre = requireSweeps("preSmooth", opts.preSmooth ?? 2);
  const post = requireSweeps("postSmooth", opts.postSmooth ?? 2);
  if (!isField(a)) throw new InvalidArgumentError("a", a, "must be a Field");
  const withBoundary = a.shape.length === grid.shape.length && a.shape.every((n, i) => n === grid.shape[i]! + 2);
  const aData = requireInputField("a", a, withBoundary ? grid.shape.map((n) => n + 2) : grid.shape);
  for (let i = 0; i < aData.length; i++) {
    if (!(aData[i]! > 0)) throw new InvalidArgumentError("a", aData[i], `must be > 0 everywhere (flat index ${i})`);
  }
  const lay = layoutOf(grid);
  let fData: Float64Array;
  if (typeof f === "number") fData = new Float64Array(lay.n0 * lay.n1).fill(requireFiniteNumber("f", f));
  else fData = requireInputField("f", f, grid.shape);
  const L = darcyLevel(lay, aData, withBoundary);
  const H = buildHierarchy(L, pre, post);
  const fPad = scaledPadded(lay, fData);
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
