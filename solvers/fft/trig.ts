/**
 * Validating Field-level DST-I, DCT-I, DCT-II and DCT-III along one axis (scipy.fft types 1-3,
 * norm="backward"; definitions in trig-kernels.ts). `inverse: true` applies the inverse of the
 * named transform instead (scipy's idst/idct): dst1/(2(n+1)), dct1/(2(n−1)), dct3/(2n) for
 * dct2 and dct2/(2n) for dct3. These diagonalise the finite-difference Laplacian on the
 * Dirichlet (DST-I) and cell-centred Neumann (DCT-II) grids of core/grid.ts.
 */
import { makeField, type Field } from "../../core/index.js";
import type { AxisOptions } from "./fft.js";
import { lineOffsets, requireTransformInput } from "./lines.js";
import { dct1Strided, dct2Strided, dct3Strided, dst1Strided } from "./trig-kernels.js";

export interface TrigOptions extends AxisOptions {
  /** Apply the inverse transform (with its normalisation) instead. Default false. */
  inverse?: boolean;
}

type Kernel = (n: number, x: Float64Array, xs: number, xo: number, out: Float64Array, os: number, oo: number) => void;

function apply(x: Field, opts: TrigOptions, minLength: number, kernel: Kernel, scale: (n: number) => number): Field {
  const axis = requireTransformInput("x", x, minLength, opts.axis);
  const n = x.shape[axis]!;
  const out = makeField(x.shape);
  const inOff = lineOffsets(x.shape, x.stride, x.offset, axis);
  const outOff = lineOffsets(out.shape, out.stride, 0, axis);
  const xs = x.stride[axis]!;
  const os = out.stride[axis]!;
  for (let l = 0; l < inOff.length; l++) kernel(n, x.data, xs, inOff[l]!, out.data, os, outOff[l]!);
  const s = scale(n);
  if (s !== 1) for (let i = 0; i < out.data.length; i++) out.data[i]! *= s;
  return out;
}

/** DST-I along `axis` (Dirichlet sine modes); needs n ≥ 1. */
export function dst1(x: Field, opts: TrigOptions = {}): Field {
  return apply(x, opts, 1, dst1Strided, (n) => (opts.inverse ? 1 / (2 * (n + 1)) : 1));
}

/** DCT-I along `axis`; needs n ≥ 2 (its period is 2(n−1)). */
export function dct1(x: Field, opts: TrigOptions = {}): Field {
  return apply(x, opts, 2, dct1Strided, (n) => (opts.inverse ? 1 / (2 * (n - 1)) : 1));
}

/** DCT-II along `axis` (cell-centred Neumann cosine modes); needs n ≥ 1. */
export function dct2(x: Field, opts: TrigOptions = {}): Field {
  return opts.inverse
    ? apply(x, opts, 1, dct3Strided, (n) => 1 / (2 * n))
    : apply(x, opts, 1, dct2Strided, () => 1);
}

/** DCT-III along `axis`, the transpose of DCT-II: dct3(dct2(x)) = 2n·x; needs n ≥ 1. */
export function dct3(x: Field, opts: TrigOptions = {}): Field {
  return opts.inverse
    ? apply(x, opts, 1, dct2Strided, (n) => 1 / (2 * n))
    : apply(x, opts, 1, dct3Strided, () => 1);
}
