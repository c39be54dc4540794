/**
 * The default-layout grid inside a grid with another layout (docs/conventions.md §Grids): the
 * subset of stored points that form the grid the solvers and the spectral filters work on.
 * A Dirichlet vertex grid of n points holds the interior grid of n − 2 points (the two
 * boundary points dropped); a Dirichlet one-sided grid holds the interior grid of n − 1
 * points (x = 0 dropped); a periodic grid at cell centres is its own default grid shifted by
 * h/2 (periodic operators are translation invariant). The dropped points are Dirichlet
 * boundary points, where the solution is 0.
 */
import { UnsupportedError } from "./errors.js";
import { axisLayout, defaultLayout, makeGrid, type Grid } from "./grid.js";

export interface DefaultLayoutEmbedding {
  /** The default-layout grid (same domain and boundary conditions). */
  readonly grid: Grid;
  /** Per axis, the first stored index that belongs to it and how many do. */
  readonly start: readonly number[];
  readonly count: readonly number[];
}

/** Index range [start, start + count) of `axis` that forms the default-layout grid, or undefined. */
export function embeddedRange(grid: Grid, axis: number): { start: number; count: number } | undefined {
  const n = grid.shape[axis]!;
  const l = axisLayout(grid, axis);
  const bc = grid.bc[axis]!;
  if (l === defaultLayout(bc) || (bc === "periodic" && l === "centred")) return { start: 0, count: n };
  if (bc === "dirichlet" && l === "vertex" && n >= 3) return { start: 1, count: n - 2 };
  if (bc === "dirichlet" && l === "one-sided" && n >= 2) return { start: 1, count: n - 1 };
  return undefined;
}

/** Can `grid`'s data be handed to the solvers (see defaultLayoutEmbedding)? */
export function hasDefaultLayoutEmbedding(grid: Grid): boolean {
  return grid.shape.every((_, a) => embeddedRange(grid, a) !== undefined);
}

/**
 * The default-layout grid inside `grid`; throws UnsupportedError naming the axis when a layout
 * has none (Dirichlet at cell centres, Neumann on vertices: no point set of theirs is a grid the
 * solvers' transforms diagonalise).
 */
export function defaultLayoutEmbedding(grid: Grid): DefaultLayoutEmbedding {
  const start: number[] = [];
  const count: number[] = [];
  grid.shape.forEach((_, a) => {
    const r = embeddedRange(grid, a);
    if (r === undefined)
      throw new UnsupportedError(
        `axis ${a} (${grid.bc[a]}, layout ${axisLayout(grid, a)}, ${grid.shape[a]} points) holds no ${grid.bc[a]} grid in the solvers' default layout`,
      );
    start.push(r.start);
    count.push(r.count);
  });
  return { grid: makeGrid({ shape: count, lengths: grid.lengths, bc: grid.bc }), start, count };
}

/**
 * Throws UnsupportedError unless the solvers can take `grid` as it is: every axis in its bc's
 * default layout (or periodic at cell centres, which only shifts the points). Other layouts are
 * solved on defaultLayoutEmbedding(grid).grid, with the dropped boundary points set to 0.
 */
export function requireSolverLayout(fn: string, grid: Grid): void {
  grid.shape.forEach((n, a) => {
    const r = embeddedRange(grid, a);
    if (r === undefined || r.start !== 0 || r.count !== n)
      throw new UnsupportedError(
        `${fn}: axis ${a} has layout ${axisLayout(grid, a)} (${grid.bc[a]}); the solvers take each bc's default layout ` +
          `(docs/conventions.md §Grids): solve on defaultLayoutEmbedding(grid).grid`,
      );
  });
}
