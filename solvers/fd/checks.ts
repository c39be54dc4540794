/** Argument checks shared by the public finite-difference entry points. */
import {
  InvalidArgumentError,
  UnsupportedError,
  isField,
  requireFiniteField,
  requireInteger,
  requirePositive,
  requireShape,
  requireSolverLayout,
  toContiguous,
  type Field,
  type Grid,
} from "../../core/index.js";
import { fromPadded, paddedSize, toPadded, type Level } from "./level.js";
import type { Layout } from "./assemble.js";

export function requireGrid12(fn: string, grid: Grid): void {
  if (typeof grid !== "object" || grid === null || !Array.isArray(grid.shape))
    throw new InvalidArgumentError("grid", grid, "must be a Grid (see makeGrid)");
  if (grid.shape.length > 2) throw new UnsupportedError(`${fn}: grid has ${grid.shape.length} axes; 1-D and 2-D grids are supported`);
  requireSolverLayout(fn, grid);
}

/** Validated contiguous copy of a field that must match `shape` and be finite. */
export function requireInputField(name: string, f: unknown, shape: readonly number[]): Float64Array {
  if (!isField(f)) throw new InvalidArgumentError(name, f, "must be a Field {data: Float64Array, shape, stride, offset}");
  requireShape(name, f, shape);
  requireFiniteField(name, f);
  return toContiguous(f as Field).data;
}

export function requireRtol(v: unknown): number {
  const r = requirePositive("rtol", v);
  if (r >= 1) throw new InvalidArgumentError("rtol", v, "must be < 1");
  return r;
}

export function requireCount(name: string, v: unknown): number {
  return requireInteger(name, v, 1);
}

export function requireSweeps(name: string, v: unknown): number {
  return requireInteger(name, v, 1, 10);
}

/**
 * Periodic/Neumann Poisson needs a zero-mean right-hand side (docs/conventions.md): a mean
 * beyond round-off relative to mean |f| is an error, never silently removed.
 */
export function requireZeroMean(L: Level, f: Float64Array): void {
  if (!L.singular) return;
  let sum = 0;
  let abs = 0;
  for (let i = 0; i < f.length; i++) {
    sum += f[i]!;
    abs += Math.abs(f[i]!);
  }
  const m = sum / f.length;
  if (Math.abs(m) > 1e-10 * (abs / f.length))
    throw new InvalidArgumentError("f", m, "must have zero mean on a grid without Dirichlet axes (its mean is the value shown)");
}

export function padded(lay: Layout, data: Float64Array): Float64Array {
  const out = new Float64Array(paddedSize(lay.n0, lay.n1));
  toPadded(lay.n0, lay.n1, data, out);
  return out;
}

/** A right-hand side in the levels' finite-volume scaling: padded and multiplied by lay.vol. */
export function scaledPadded(lay: Layout, data: Float64Array): Float64Array {
  const out = padded(lay, data);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * lay.vol;
  return out;
}

export function unpadded(lay: Layout, pad: Float64Array): Float64Array {
  const out = new Float64Array(lay.n0 * lay.n1);
  fromPadded(lay.n0, lay.n1, pad, out);
  return out;
}
