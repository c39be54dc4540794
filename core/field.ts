/**
 * Field: Float64 values on a grid, laid out like an ndarray (data, shape, stride, offset) and,
 * when contiguous, like a C-order zarr chunk. Adapters to and from `ndarray` share the buffer.
 */
import ndarray from "ndarray";
import type { NdArray } from "ndarray";
import { InvalidArgumentError, ShapeMismatchError } from "./errors.js";
import { gridPoints, type Grid } from "./grid.js";
import { requireAllFinite } from "./validate.js";

export interface Field {
  readonly data: Float64Array;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}

/** C-order strides for `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    s[a] = acc;
    acc *= shape[a]!;
  }
  return s;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A contiguous field; wraps `data` without copying when given (its length must match). */
export function makeField(shape: readonly number[], data?: Float64Array | readonly number[]): Field {
  shape.forEach((n, a) => {
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`shape[${a}]`, n, "must be an integer >= 0");
  });
  const size = sizeOf(shape);
  let buf: Float64Array;
  if (data === undefined) buf = new Float64Array(size);
  else if (data instanceof Float64Array) buf = data;
  else buf = Float64Array.from(data);
  if (buf.length !== size) throw new ShapeMismatchError("data", buf.length, `length ${size} for shape [${shape.join(", ")}]`);
  return { data: buf, shape: [...shape], stride: contiguousStrides(shape), offset: 0 };
}

/** A zero field shaped like the grid. */
export function zerosLike(grid: Grid | Field): Field {
  return makeField(grid.shape);
}

/** A field whose values are fn(x_0, x_1, ...) at the grid's points (see core/grid.ts). */
export function sampleOnGrid(grid: Grid, fn: (...x: number[]) => number): Field {
  const out = makeField(grid.shape);
  const pts = grid.shape.map((_, a) => gridPoints(grid, a));
  const d = grid.shape.length;
  const idx = new Array<number>(d).fill(0);
  const x = new Array<number>(d);
  for (let k = 0; k < out.data.length; k++) {
    for (let a = 0; a < d; a++) x[a] = pts[a]![idx[a]!]!;
    out.data[k] = fn(...x);
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < grid.shape[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** Is the field laid out contiguously in C order from offset 0? */
export function isContiguous(f: Field): boolean {
  if (f.offset !== 0 || f.data.length !== sizeOf(f.shape)) return false;
  const s = contiguousStrides(f.shape);
  return f.shape.every((n, a) => n <= 1 || f.stride[a] === s[a]);
}

/** Contiguous copy (or the field itself if already contiguous and `copy` is false). */
export function toContiguous(f: Field, copy = false): Field {
  if (!copy && isContiguous(f)) return f;
  const out = makeField(f.shape);
  const d = f.shape.length;
  const idx = new Array<number>(d).fill(0);
  const n = out.data.length;
  for (let k = 0; k < n; k++) {
    let src = f.offset;
    for (let a = 0; a < d; a++) src += idx[a]! * f.stride[a]!;
    out.data[k] = f.data[src]!;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < f.shape[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** Value at a multi-index (for tests and small jobs; kernels index data directly). */
export function fieldGet(f: Field, ...index: number[]): number {
  let p = f.offset;
  for (let a = 0; a < index.length; a++) p += index[a]! * f.stride[a]!;
  return f.data[p]!;
}

/** Zero-copy view as an `ndarray`. */
export function toNdarray(f: Field): NdArray<Float64Array> {
  return ndarray(f.data, [...f.shape], [...f.stride], f.offset);
}

/** Zero-copy Field over an `ndarray` backed by a Float64Array. */
export function fromNdarray(a: NdArray): Field {
  if (!(a.data instanceof Float64Array)) throw new InvalidArgumentError("ndarray.data", a.dtype, "must be a Float64Array");
  return { data: a.data, shape: [...a.shape], stride: [...a.stride], offset: a.offset };
}

/** Throws a tagged error if `f`'s shape differs from `shape`. */
export function requireShape(name: string, f: Field, shape: readonly number[]): void {
  if (f.shape.length !== shape.length || f.shape.some((n, a) => n !== shape[a])) throw new ShapeMismatchError(name, f.shape, shape);
}

/** Throws NonFiniteError naming `name` if any value of `f` is NaN or ±Inf. */
export function requireFiniteField(name: string, f: Field): void {
  if (isContiguous(f)) requireAllFinite(name, f.data);
  else requireAllFinite(name, toContiguous(f).data);
}

/** Is `f` a structurally valid Field (data buffer, integer shape, strides in bounds)? */
export function isField(f: unknown): f is Field {
  if (typeof f !== "object" || f === null) return false;
  const g = f as Field;
  return (
    g.data instanceof Float64Array &&
    Array.isArray(g.shape) &&
    Array.isArray(g.stride) &&
    g.shape.length === g.stride.length &&
    Number.isInteger(g.offset)
  );
}
