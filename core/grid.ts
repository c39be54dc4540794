/**
 * A regular grid: number of unknowns and physical length per axis, and the boundary condition
 * per axis. Point positions depend on the boundary condition (see docs/conventions.md §Grids):
 *
 * - periodic:  n points x_j = j·h,        h = L/n,      j = 0..n−1 (x = L is x = 0 again)
 * - dirichlet: n interior points x_j = (j+1)·h, h = L/(n+1); u = 0 at x = 0 and x = L (not stored)
 * - neumann:   n cell centres x_j = (j+½)·h,  h = L/n;   u' = 0 at x = 0 and x = L
 *
 * These are the layouts whose discrete Laplacians are diagonalised by the DFT, DST-I and DCT-II
 * respectively, so spectral and finite-difference solvers agree on the same grid.
 */
import { InvalidArgumentError } from "./errors.js";

export type BoundaryCondition = "periodic" | "dirichlet" | "neumann";
export const BOUNDARY_CONDITIONS: readonly BoundaryCondition[] = ["periodic", "dirichlet", "neumann"];

export interface Grid {
  /** Unknowns per axis (C order: the last axis varies fastest). */
  readonly shape: readonly number[];
  /** Physical domain length per axis. */
  readonly lengths: readonly number[];
  /** Boundary condition per axis. */
  readonly bc: readonly BoundaryCondition[];
}

export interface GridOptions {
  shape: readonly number[] | number;
  /** One length for all axes, or one per axis. Default 1. */
  lengths?: readonly number[] | number;
  /** One condition for all axes, or one per axis. Default periodic. */
  bc?: readonly BoundaryCondition[] | BoundaryCondition;
}

/** Validating constructor for a Grid. */
export function makeGrid(opts: GridOptions): Grid {
  const shape = typeof opts.shape === "number" ? [opts.shape] : [...opts.shape];
  const d = shape.length;
  if (d < 1 || d > 3) throw new InvalidArgumentError("shape", opts.shape, "must have 1 to 3 axes");
  shape.forEach((n, a) => {
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`shape[${a}]`, n, "must be an integer >= 1");
  });
  const lengths = broadcast("lengths", opts.lengths ?? 1, d);
  lengths.forEach((L, a) => {
    if (typeof L !== "number" || !Number.isFinite(L) || L <= 0)
      throw new InvalidArgumentError(`lengths[${a}]`, L, "must be a finite number > 0");
  });
  const bc = broadcast("bc", opts.bc ?? "periodic", d);
  bc.forEach((b, a) => {
    if (!BOUNDARY_CONDITIONS.includes(b))
      throw new InvalidArgumentError(`bc[${a}]`, b, `must be one of ${BOUNDARY_CONDITIONS.join(", ")}`);
  });
  return Object.freeze({ shape: Object.freeze(shape), lengths: Object.freeze(lengths), bc: Object.freeze(bc) });
}

function broadcast<T>(name: string, v: readonly T[] | T, d: number): T[] {
  if (Array.isArray(v)) {
    if (v.length !== d) throw new InvalidArgumentError(name, v, `must have one entry per axis (${d})`);
    return [...(v as T[])];
  }
  return new Array<T>(d).fill(v as T);
}

/** Grid spacing along `axis`. */
export function gridSpacing(grid: Grid, axis: number): number {
  const n = grid.shape[axis]!;
  const L = grid.lengths[axis]!;
  return grid.bc[axis] === "dirichlet" ? L / (n + 1) : L / n;
}

/** Coordinates of the stored points along `axis` (see the module comment for the layout). */
export function gridPoints(grid: Grid, axis: number): Float64Array {
  const n = grid.shape[axis]!;
  const h = gridSpacing(grid, axis);
  const shift = grid.bc[axis] === "periodic" ? 0 : grid.bc[axis] === "dirichlet" ? 1 : 0.5;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = (j + shift) * h;
  return x;
}

/** Total number of stored points. */
export function gridSize(grid: Grid): number {
  return grid.shape.reduce((a, b) => a * b, 1);
}

/** Same domain and boundary conditions, different resolution. */
export function withShape(grid: Grid, shape: readonly number[]): Grid {
  return makeGrid({ shape, lengths: grid.lengths, bc: grid.bc });
}

export function gridsEqual(a: Grid, b: Grid): boolean {
  return (
    a.shape.length === b.shape.length &&
    a.shape.every((n, i) => n === b.shape[i] && a.lengths[i] === b.lengths[i] && a.bc[i] === b.bc[i])
  );
}
