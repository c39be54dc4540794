/**
 * A regular grid: number of stored points and physical length per axis, the boundary condition
 * per axis (the physics) and the point layout per axis (where the stored points sit). See
 * docs/conventions.md §Grids. Each boundary condition has a default layout, the one whose
 * discrete Laplacian the DFT, DST-I or DCT-II diagonalises (so spectral and finite-difference
 * solvers agree on it):
 *
 * - periodic:  "one-sided"  x_j = j·h,       h = L/n      (x = L is x = 0 again)
 * - dirichlet: "interior"   x_j = (j+1)·h,   h = L/(n+1)  (u = 0 at x = 0 and x = L, not stored)
 * - neumann:   "centred"    x_j = (j+½)·h,   h = L/n      (cell centres)
 *
 * Published data also use "vertex" grids x_j = j·h, h = L/(n−1) (both boundaries stored, e.g.
 * the FNO paper's Darcy 421²) and "one-sided" grids with Dirichlet physics (x = 0 stored, x = L
 * not, e.g. neuraloperator's small Darcy sets); "centred" also serves periodic and Dirichlet
 * data stored at cell centres (PDEBench). The solvers take the default layouts only.
 */
import { InvalidArgumentError } from "./errors.js";

export type BoundaryCondition = "periodic" | "dirichlet" | "neumann";
export const BOUNDARY_CONDITIONS: readonly BoundaryCondition[] = ["periodic", "dirichlet", "neumann"];

/** Where the stored points of an axis sit (docs/conventions.md §Grids). */
export type PointLayout = "interior" | "centred" | "one-sided" | "vertex";
export const POINT_LAYOUTS: readonly PointLayout[] = ["interior", "centred", "one-sided", "vertex"];

/** Layouts each boundary condition admits; the first is its default. */
export const LAYOUTS_BY_BC: Readonly<Record<BoundaryCondition, readonly PointLayout[]>> = {
  periodic: ["one-sided", "centred"],
  dirichlet: ["interior", "vertex", "one-sided", "centred"],
  neumann: ["centred", "vertex"],
};

export interface Grid {
  /** Stored points per axis (C order: the last axis varies fastest). */
  readonly shape: readonly number[];
  /** Physical domain length per axis. */
  readonly lengths: readonly number[];
  /** Boundary condition per axis. */
  readonly bc: readonly BoundaryCondition[];
  /** Point layout per axis; absent (grids made before layouts existed) means each bc's default. */
  readonly layout?: readonly PointLayout[];
}

export interface GridOptions {
  /** Points per axis (1 to 3 axes); a number is a 1-D grid. */
  shape: readonly number[] | number;
  /** One length for all axes (a number), or one per axis (an array). Default 1. */
  lengths?: readonly number[] | number;
  /** One condition for all axes, or one per axis. Default periodic. */
  bc?: readonly BoundaryCondition[] | BoundaryCondition;
  /** One layout for all axes, or one per axis. Default: each axis's bc default. */
  layout?: readonly PointLayout[] | PointLayout;
}

/** The default point layout of a boundary condition. */
export function defaultLayout(bc: BoundaryCondition): PointLayout {
  return LAYOUTS_BY_BC[bc][0]!;
}

const GRID_OPTION_KEYS = ["shape", "lengths", "bc", "layout"];

/**
 * Validating constructor for a Grid. `lengths`, `bc` and `layout` each take one value for all
 * axes or an array with one per axis (docs/conventions.md §Grids); an unknown option (e.g.
 * `length`) is refused rather than ignored.
 */
export function makeGrid(opts: GridOptions): Grid {
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) throw new InvalidArgumentError("grid options", opts, "must be an object {shape, lengths?, bc?, layout?}");
  for (const k of Object.keys(opts))
    if (!GRID_OPTION_KEYS.includes(k)) throw new InvalidArgumentError(`grid option ${k}`, (opts as unknown as Record<string, unknown>)[k], `is not known (options: ${GRID_OPTION_KEYS.join(", ")})`);
  if (typeof opts.shape !== "number" && !Array.isArray(opts.shape) && !ArrayBuffer.isView(opts.shape))
    throw new InvalidArgumentError("shape", opts.shape, "must be a number or an array of numbers");
  const shape = typeof opts.shape === "number" ? [opts.shape] : Array.from(opts.shape);
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
  const layout = opts.layout === undefined ? bc.map(defaultLayout) : broadcast("layout", opts.layout, d);
  layout.forEach((l, a) => {
    const ok = LAYOUTS_BY_BC[bc[a]!];
    if (!ok.includes(l)) throw new InvalidArgumentError(`layout[${a}]`, l, `must be one of ${ok.join(", ")} on a ${bc[a]} axis`);
    if (l === "vertex" && shape[a]! < 2) throw new InvalidArgumentError(`shape[${a}]`, shape[a], "must be >= 2 on a vertex axis");
  });
  return Object.freeze({
    shape: Object.freeze(shape),
    lengths: Object.freeze(lengths),
    bc: Object.freeze(bc),
    layout: Object.freeze(layout),
  });
}

function broadcast<T>(name: string, v: readonly T[] | T, d: number): T[] {
  if (ArrayBuffer.isView(v)) v = Array.from(v as unknown as ArrayLike<T>);
  if (Array.isArray(v)) {
    if (v.length !== d) throw new InvalidArgumentError(name, v, `must have one entry per axis (${d})`);
    return [...(v as T[])];
  }
  return new Array<T>(d).fill(v as T);
}

/** Point layout of `axis` (the bc's default when the grid carries none). */
export function axisLayout(grid: Grid, axis: number): PointLayout {
  return grid.layout?.[axis] ?? defaultLayout(grid.bc[axis]!);
}

/** Point layouts of every axis. */
export function gridLayouts(grid: Grid): PointLayout[] {
  return grid.shape.map((_, a) => axisLayout(grid, a));
}

/** Does every axis use its boundary condition's default layout (what the solvers take)? */
export function hasDefaultLayout(grid: Grid): boolean {
  return grid.shape.every((_, a) => axisLayout(grid, a) === defaultLayout(grid.bc[a]!));
}

/** Number of grid cells of width h that span the domain, for n points in `layout`: L = cells·h. */
export function layoutCells(n: number, layout: PointLayout): number {
  return layout === "interior" ? n + 1 : layout === "vertex" ? n - 1 : n;
}

/** Grid spacing along `axis`. */
export function gridSpacing(grid: Grid, axis: number): number {
  return grid.lengths[axis]! / layoutCells(grid.shape[axis]!, axisLayout(grid, axis));
}

/** Offset of the first stored point from x = 0, in units of h. */
function firstOffset(layout: PointLayout): number {
  return layout === "interior" ? 1 : layout === "centred" ? 0.5 : 0;
}

/**
 * Distance from the first stored point to x = 0 and from the last to x = L along `axis`
 * (0 where the boundary point itself is stored). Periodic axes have no boundary: [0, h].
 */
export function boundaryGaps(grid: Grid, axis: number): [number, number] {
  const h = gridSpacing(grid, axis);
  const l = axisLayout(grid, axis);
  const lower = firstOffset(l) * h;
  const upper = grid.lengths[axis]! - (lower + (grid.shape[axis]! - 1) * h);
  return [lower, Math.abs(upper) < 1e-12 * grid.lengths[axis]! ? 0 : upper];
}

/** Coordinates of the stored points along `axis` (see the module comment for the layouts). */
export function gridPoints(grid: Grid, axis: number): Float64Array {
  const n = grid.shape[axis]!;
  const h = gridSpacing(grid, axis);
  const shift = firstOffset(axisLayout(grid, axis));
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = (j + shift) * h;
  // A vertex grid's last point is exactly L (j·h can round below it).
  if (axisLayout(grid, axis) === "vertex") x[n - 1] = grid.lengths[axis]!;
  return x;
}

/** Total number of stored points. */
export function gridSize(grid: Grid): number {
  return grid.shape.reduce((a, b) => a * b, 1);
}

/** Same domain, boundary conditions and layouts, different resolution. */
export function withShape(grid: Grid, shape: readonly number[]): Grid {
  return makeGrid({ shape, lengths: grid.lengths, bc: grid.bc, layout: gridLayouts(grid) });
}

export function gridsEqual(a: Grid, b: Grid): boolean {
  return (
    a.shape.length === b.shape.length &&
    a.shape.every(
      (n, i) => n === b.shape[i] && a.lengths[i] === b.lengths[i] && a.bc[i] === b.bc[i] && axisLayout(a, i) === axisLayout(b, i),
    )
  );
}

/**
 * A grid as JSON: shape, lengths, bc, and `layout` only when some axis departs from its bc's
 * default (so records of default-layout grids read exactly as before layouts existed).
 */
export function gridRecord(grid: Grid): { shape: number[]; lengths: number[]; bc: BoundaryCondition[]; layout?: PointLayout[] } {
  const out = { shape: [...grid.shape], lengths: [...grid.lengths], bc: [...grid.bc] };
  return hasDefaultLayout(grid) ? out : { ...out, layout: gridLayouts(grid) };
}
