/**
 * Validating Field-level FFTs along one axis, batched over the other axes. Conventions follow
 * numpy.fft (docs/conventions.md §Fourier): forward without scaling, inverse with 1/n, default
 * axis −1. Inputs may be any strided Field and are never modified; outputs are new contiguous
 * Fields. Every length n ≥ 1 is supported (powers of two directly, others by Bluestein).
 */
import { ShapeMismatchError, InvalidArgumentError, makeField, toContiguous, type Field } from "../../core/index.js";
import { cfftLines, irfftLines, rfftLines } from "./kernels.js";
import { lineOffsets, requireTransformInput } from "./lines.js";

export interface AxisOptions {
  /** Axis to transform; negative counts from the end. Default −1 (the last, fastest axis). */
  axis?: number;
}

/** A complex field as two real Fields of equal shape. */
export interface ComplexField {
  re: Field;
  im: Field;
}

/** Complex forward DFT along `axis`. `im` may be omitted for real input. */
export function fft(re: Field, im?: Field | null, opts: AxisOptions = {}): ComplexField {
  return complexTransform(re, im, opts, false);
}

/** Complex inverse DFT along `axis`, including the 1/n. */
export function ifft(re: Field, im?: Field | null, opts: AxisOptions = {}): ComplexField {
  return complexTransform(re, im, opts, true);
}

function complexTransform(re: Field, im: Field | null | undefined, opts: AxisOptions, inverse: boolean): ComplexField {
  const axis = requireTransformInput("re", re, 1, opts.axis);
  if (im) requireTransformInput("im", im, 1, axis, re.shape);
  const imField = im ?? makeField(re.shape);
  const n = re.shape[axis]!;
  const out = { re: makeField(re.shape), im: makeField(re.shape) };
  const inRe = lineOffsets(re.shape, re.stride, re.offset, axis);
  const inIm = lineOffsets(imField.shape, imField.stride, imField.offset, axis);
  const outOff = lineOffsets(out.re.shape, out.re.stride, 0, axis);
  const os = out.re.stride[axis]!;
  // The kernels take one stride/offset per line for re and im together; a differently laid out
  // pair is first copied into the (contiguous) output and transformed there in place.
  if (re.stride[axis] === imField.stride[axis] && inRe.every((o, l) => o === inIm[l])) {
    cfftLines(n, re.data, imField.data, re.stride[axis]!, inRe, out.re.data, out.im.data, os, outOff, inverse);
    return out;
  }
  out.re.data.set(toContiguous(re).data);
  out.im.data.set(toContiguous(imField).data);
  cfftLines(n, out.re.data, out.im.data, os, outOff, out.re.data, out.im.data, os, outOff, inverse);
  return out;
}

/** Real-input DFT along `axis`: the ⌊n/2⌋+1 non-negative frequencies (numpy.fft.rfft). */
export function rfft(x: Field, opts: AxisOptions = {}): ComplexField {
  const axis = requireTransformInput("x", x, 1, opts.axis);
  const n = x.shape[axis]!;
  const shape = [...x.shape];
  shape[axis] = Math.floor(n / 2) + 1;
  const out = { re: makeField(shape), im: makeField(shape) };
  const inOff = lineOffsets(x.shape, x.stride, x.offset, axis);
  const outOff = lineOffsets(shape, out.re.stride, 0, axis);
  const xs = x.stride[axis]!;
  const os = out.re.stride[axis]!;
  rfftLines(n, x.data, xs, inOff, out.re.data, out.im.data, os, outOff);
  return out;
}

export interface IrfftOptions extends AxisOptions {
  /** Output length along `axis`; default 2(m−1) for m spectrum entries (numpy's default). */
  n?: number;
}

/** Inverse of rfft (numpy.fft.irfft): real output of length n along `axis`, with the 1/n. */
export function irfft(re: Field, im: Field, opts: IrfftOptions = {}): Field {
  const axis = requireTransformInput("re", re, 1, opts.axis);
  requireTransformInput("im", im, 1, axis, re.shape);
  const m = re.shape[axis]!;
  const n = opts.n ?? 2 * (m - 1);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("n", opts.n ?? n, "must be an integer >= 1 (output length)");
  if (Math.floor(n / 2) + 1 !== m)
    throw new ShapeMismatchError("re", re.shape, `${Math.floor(n / 2) + 1} entries along axis ${axis} for output length n = ${n}`);
  const shape = [...re.shape];
  shape[axis] = n;
  const out = makeField(shape);
  let r = re;
  let i = im;
  if (re.stride[axis] !== im.stride[axis] || re.offset !== im.offset || re.stride.some((st, a) => st !== im.stride[a])) {
    // one stride/offset per line serves re and im together: give both the same (contiguous) layout
    r = toContiguous(re);
    i = toContiguous(im);
  }
  const inOff = lineOffsets(r.shape, r.stride, r.offset, axis);
  const outOff = lineOffsets(shape, out.stride, 0, axis);
  irfftLines(n, r.data, i.data, r.stride[axis]!, inOff, out.data, out.stride[axis]!, outOff);
  return out;
}
