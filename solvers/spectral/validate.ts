/** Argument checks shared by the spectral solvers; each error names the argument and value. */
import { InvalidArgumentError, isField, requireShape, requireSolverLayout, type Field, type Grid } from "../../core/index.js";
import { requireFinite } from "../fft/lines.js";
import type { EigenvalueKind } from "./transform.js";

export function requireGrid(grid: unknown): asserts grid is Grid {
  const g = grid as Grid;
  if (typeof grid !== "object" || grid === null || !Array.isArray(g.shape) || !Array.isArray(g.lengths) || !Array.isArray(g.bc))
    throw new InvalidArgumentError("grid", grid, "must be a Grid (see makeGrid)");
  requireSolverLayout("spectral solver", g);
}

/** `f` is a finite Field with the grid's shape. */
export function requireGridField(name: string, grid: Grid, f: unknown): asserts f is Field {
  if (!isField(f)) throw new InvalidArgumentError(name, f, "must be a Field {data: Float64Array, shape, stride, offset}");
  requireShape(name, f, grid.shape);
  requireFinite(name, f);
}

export function requireEigenvalueKind(v: unknown): EigenvalueKind {
  if (v === undefined) return "continuous";
  if (v !== "continuous" && v !== "discrete") throw new InvalidArgumentError("eigenvalues", v, 'must be "continuous" or "discrete"');
  return v;
}
