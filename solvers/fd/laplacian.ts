/**
 * Second-order finite-difference Laplacian on the grid layouts of docs/conventions.md §Grids:
 * (u_{j−1} − 2u_j + u_{j+1}) / h² along each axis, with u = 0 beyond a Dirichlet end, the
 * ghost reflection u_{−1} = u_0 at a Neumann end (cell-centred), and wrap-around when periodic.
 * These matrices are exactly diagonalised by the DST-I, DCT-II and DFT respectively.
 */
import {
  InvalidArgumentError,
  UnsupportedError,
  gridSpacing,
  isField,
  makeField,
  requireFiniteField,
  requireShape,
  type BoundaryCondition,
  type Field,
  type Grid,
} from "../../core/index.js";

/**
 * Strided kernel: out[oo + j·so] += s · (x_{j−1} − 2x_j + x_{j+1}) for j = 0..n−1, with the
 * boundary rule of `bc` (no validation; s is typically 1/h²).
 */
export function addSecondDifference(
  n: number,
  s: number,
  bc: BoundaryCondition,
  x: Float64Array,
  sx: number,
  ox: number,
  out: Float64Array,
  so: number,
  oo: number,
): void {
  if (n === 0) return;
  const first = x[ox]!;
  const last = x[ox + (n - 1) * sx]!;
  const lo = bc === "periodic" ? last : bc === "neumann" ? first : 0;
  const hi = bc === "periodic" ? first : bc === "neumann" ? last : 0;
  let prev = lo;
  for (let j = 0, ix = ox, io = oo; j < n; j++, ix += sx, io += so) {
    const cur = x[ix]!;
    const next = j + 1 < n ? x[ix + sx]! : hi;
    out[io] = out[io]! + s * (prev - 2 * cur + next);
    prev = cur;
  }
}

/** Offsets of the first element of every 1-D line along `axis` of a strided array. */
function lineOffsets(shape: readonly number[], stride: readonly number[], offset: number, axis: number): number[] {
  let offs = [offset];
  shape.forEach((n, a) => {
    if (a === axis) return;
    const next: number[] = [];
    for (const o of offs) for (let k = 0; k < n; k++) next.push(o + k * stride[a]!);
    offs = next;
  });
  return offs;
}

/** Δ_h u into the contiguous array `out` (overwritten); u contiguous with `shape`. */
export function laplacianContiguous(grid: Grid, u: Float64Array, out: Float64Array): void {
  out.fill(0);
  const shape = grid.shape;
  const stride = new Array<number>(shape.length);
  let acc = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    stride[a] = acc;
    acc *= shape[a]!;
  }
  for (let a = 0; a < shape.length; a++) {
    const h = gridSpacing(grid, a);
    for (const o of lineOffsets(shape, stride, 0, a)) addSecondDifference(shape[a]!, 1 / (h * h), grid.bc[a]!, u, stride[a]!, o, out, stride[a]!, o);
  }
}

/** Δ_h u on any grid (1-D to 3-D). Writes into `out` when given (any strides), else a new field. */
export function laplacian(grid: Grid, u: Field, out?: Field): Field {
  if (typeof grid !== "object" || grid === null || !Array.isArray(grid.shape))
    throw new InvalidArgumentError("grid", grid, "must be a Grid (see makeGrid)");
  if (!isField(u)) throw new InvalidArgumentError("u", u, "must be a Field");
  requireShape("u", u, grid.shape);
  requireFiniteField("u", u);
  if (out !== undefined) {
    if (!isField(out)) throw new InvalidArgumentError("out", out, "must be a Field");
    requireShape("out", out, grid.shape);
    if (out.data === u.data) throw new UnsupportedError("laplacian: out must not share its buffer with u");
  }
  const res = out ?? makeField(grid.shape);
  for (const o of lineOffsets(res.shape, res.stride, res.offset, res.shape.length - 1)) {
    const n = res.shape[res.shape.length - 1]!;
    const s = res.stride[res.shape.length - 1]!;
    for (let j = 0; j < n; j++) res.data[o + j * s] = 0;
  }
  for (let a = 0; a < grid.shape.length; a++) {
    const h = gridSpacing(grid, a);
    const uo = lineOffsets(u.shape, u.stride, u.offset, a);
    const oo = lineOffsets(res.shape, res.stride, res.offset, a);
    for (let k = 0; k < uo.length; k++)
      addSecondDifference(grid.shape[a]!, 1 / (h * h), grid.bc[a]!, u.data, u.stride[a]!, uo[k]!, res.data, res.stride[a]!, oo[k]!);
  }
  return res;
}
