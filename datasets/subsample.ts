/**
 * Subsampling between nested grids of the same domain (the FNO recipe: solve on a fine grid,
 * keep every k-th point). Nesting depends on the point layout (docs/conventions.md §Grids):
 * one-sided (periodic default) n_f = k·n, coarse j ↔ fine j·k; interior (Dirichlet default)
 * n_f = k(n+1) − 1, coarse j ↔ fine (j+1)k − 1; vertex n_f = k(n−1) + 1, coarse j ↔ fine j·k;
 * cell centres (Neumann default) nest only for odd k: n_f = k·n, coarse j ↔ fine jk + (k−1)/2.
 * Functions taking an axis kind accept a layout or a boundary condition (meaning its default
 * layout).
 */
import {
  BOUNDARY_CONDITIONS,
  InvalidArgumentError,
  axisLayout,
  defaultLayout,
  gridLayouts,
  makeGrid,
  type BoundaryCondition,
  type Grid,
  type PointLayout,
} from "../core/index.js";

/** The point layout an axis kind stands for (a boundary condition means its default layout). */
function layoutOf(kind: BoundaryCondition | PointLayout): PointLayout {
  return (BOUNDARY_CONDITIONS as readonly string[]).includes(kind) ? defaultLayout(kind as BoundaryCondition) : (kind as PointLayout);
}

/** Fine-grid point count that nests a coarse grid of n points by factor k. */
export function fineCount(n: number, kind: BoundaryCondition | PointLayout, k: number): number {
  const l = layoutOf(kind);
  return l === "interior" ? k * (n + 1) - 1 : l === "vertex" ? k * (n - 1) + 1 : k * n;
}

/** The grid refined by `factor` on every axis, nesting `grid` (see fineCount). */
export function refineGrid(grid: Grid, factor: number): Grid {
  if (!Number.isInteger(factor) || factor < 1) throw new InvalidArgumentError("factor", factor, "must be an integer >= 1");
  grid.shape.forEach((_, a) => {
    if (axisLayout(grid, a) === "centred" && factor % 2 === 0)
      throw new InvalidArgumentError("factor", factor, "must be odd on cell-centred axes");
  });
  const layout = gridLayouts(grid);
  return makeGrid({ shape: grid.shape.map((n, a) => fineCount(n, layout[a]!, factor)), lengths: grid.lengths, bc: grid.bc, layout });
}

/** Indices of the fine points that form the coarse grid, for an axis with `nFine` points. */
export function subsampleIndices(nFine: number, kind: BoundaryCondition | PointLayout, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError("factor", k, "must be an integer >= 1");
  const l = layoutOf(kind);
  let n: number;
  let first = 0;
  if (l === "interior") {
    if ((nFine + 1) % k !== 0) throw new InvalidArgumentError("factor", k, `must divide n + 1 = ${nFine + 1} on an interior-point (dirichlet) axis`);
    n = (nFine + 1) / k - 1;
    first = k - 1;
  } else if (l === "vertex") {
    if ((nFine - 1) % k !== 0) throw new InvalidArgumentError("factor", k, `must divide n − 1 = ${nFine - 1} on a vertex axis`);
    n = (nFine - 1) / k + 1;
  } else {
    if (nFine % k !== 0) throw new InvalidArgumentError("factor", k, `must divide n = ${nFine} on a ${kind} axis`);
    if (l === "centred" && k % 2 === 0) throw new InvalidArgumentError("factor", k, "must be odd on a cell-centred axis");
    n = nFine / k;
    first = l === "centred" ? (k - 1) / 2 : 0;
  }
  const idx = new Int32Array(n);
  for (let j = 0; j < n; j++) idx[j] = first + j * k;
  return idx;
}

/** The coarse grid that keeps every k-th point of `grid`, and the kept indices per axis. */
export function subsampleGrid(grid: Grid, k: number): { grid: Grid; indices: Int32Array[] } {
  const layout = gridLayouts(grid);
  const indices = grid.shape.map((n, a) => subsampleIndices(n, layout[a]!, k));
  if (indices.some((ix) => ix.length < 1)) throw new InvalidArgumentError("subsample", k, `leaves no points of grid [${grid.shape.join(", ")}]`);
  return { grid: makeGrid({ shape: indices.map((ix) => ix.length), lengths: grid.lengths, bc: grid.bc, layout }), indices };
}

/**
 * Gather a coarse array from `src` laid out [batch, ...spatial, channels] (C order) by picking
 * `indices[a]` along each spatial axis. Works for any typed array; returns the same kind.
 */
export function gatherSpatial<T extends Float32Array | Float64Array>(
  src: T,
  batch: number,
  spatial: readonly number[],
  channels: number,
  indices: readonly Int32Array[],
): T {
  const d = spatial.length;
  const outSpatial = indices.map((ix) => ix.length);
  const outPts = outSpatial.reduce((a, b) => a * b, 1);
  const inPts = spatial.reduce((a, b) => a * b, 1);
  const out = new (src.constructor as new (n: number) => T)(batch * outPts * channels);
  // Flat offset (in points) of every coarse point inside one fine sample.
  const offs = new Int32Array(outPts);
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < outPts; p++) {
    let off = 0;
    for (let a = 0; a < d; a++) off = off * spatial[a]! + indices[a]![idx[a]!]!;
    offs[p] = off;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < outSpatial[a]!) break;
      idx[a] = 0;
    }
  }
  for (let b = 0; b < batch; b++) {
    const sb = b * inPts * channels;
    const ob = b * outPts * channels;
    for (let p = 0; p < outPts; p++) {
      const s = sb + offs[p]! * channels;
      const o = ob + p * channels;
      for (let c = 0; c < channels; c++) out[o + c] = src[s + c]!;
    }
  }
  return out;
}
