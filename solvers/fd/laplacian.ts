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
  requireSolverLayout,
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

/**
 * Strided kernel, periodic only: out += s · (−x_{j−2} + 16x_{j−1} − 30x_j + 16x_{j+1} − x_{j+2})/12,
 * the fourth-order central second difference (indices wrap).
 */
export function addFourthOrderDifference(n: number, s: number, x: Float64Array, sx: number, ox: number, out: Float64Array, so: number, oo: number): void {
  const at = (j: number): number => x[ox + (((j % n) + n) % n) * sx]!;
  const c = s / 12;
  for (let j = 0, io = oo; j < n; j++, io += so) {
    out[io] = out[io]! + c * (-at(j - 2) + 16 * at(j - 1) - 30 * at(j) + 16 * at(j + 1) - at(j + 2));
  }
}

export interface LaplacianOptions {
  /** 2 (default): 3-point stencil per axis, any boundary condition. 4: 5-point central stencil, periodic axes only. */
  order?: 2 | 4;
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
export function laplacian(grid: Grid, u: Field, out?: Field, opts: LaplacianOptions = {}): Field {
  if (typeof grid !== "object" || grid === null || !Array.isArray(grid.shape))
    throw new InvalidArgumentError("grid", grid, "must be a Grid (see makeGrid)");
  requireSolverLayout("laplacian", grid);
  if (!isField(u)) throw new InvalidArgumentError("u", u, "must be a Field");
  requireShape("u", u, grid.shape);
  requireFiniteField("u", u);
  if (out !== undefined) {
    if (!isField(out)) throw new InvalidArgumentError("out", out, "must be a Field");
    requireShape("out", out, grid.shape);
    if (out.data === u.data) throw new UnsupportedError("laplacian: out must not share its buffer with u");
  }
  const order = opts.order ?? 2;
  if (order !== 2 && order !== 4) throw new InvalidArgumentError("order", order, "must be 2 or 4");
  if (order === 4 && grid.bc.some((b) => b !== "periodic"))
    throw new UnsupportedError(`laplacian: order 4 needs periodic axes, got bc [${grid.bc.join(", ")}]`);
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
    for (let k = 0; k < uo.length; k++) {
      if (order === 4) addFourthOrderDifference(grid.shape[a]!, 1 / (h * h), u.data, u.stride[a]!, uo[k]!, res.data, res.stride[a]!, oo[k]!);
      else addSecondDifference(grid.shape[a]!, 1 / (h * h), grid.bc[a]!, u.data, u.stride[a]!, uo[k]!, res.data, res.stride[a]!, oo[k]!);
    }
  }
  return res;
}
