/**
 * Validating Field-level FFTs along one axis, batched over the other axes. Conventions follow
 * numpy.fft (docs/conventions.md §Fourier): forward without scaling, inverse with 1/n, default
 * axis −1. Inputs may be any strided Field and are never modified; outputs are new contiguous
 * Fields. Every length n ≥ 1 is supported (powers of two directly, others by Bluestein).
 */
import { ShapeMismatchError, InvalidArgumentError, makeField, requireShape, type Field } from "../../core/index.js";
import { cfftStrided, irfftStrided, rfftStrided } from "./kernels.js";
import { lineOffsets, requireTransformInput, resolveAxis } from "./lines.js";

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
  requireTransformInput("re", re, 0, undefined);
  const axis = resolveAxis("axis", opts.axis ?? -1, re.shape.length);
  requireTransformInput("re", re, 1, axis);
  const imField = im ?? makeField(re.shape);
  if (im) {
    requireTransformInput("im", im, 1, axis);
    requireShape("im", im, re.shape);
  }
  const n = re.shape[axis]!;
  const out = { re: makeField(re.shape), im: makeField(re.shape) };
  const inRe = lineOffsets(re.shape, re.stride, re.offset, axis);
  const inIm = lineOffsets(imField.shape, imField.stride, imField.offset, axis);
  const outOff = lineOffsets(out.re.shape, out.re.stride, 0, axis);
  const os = out.re.stride[axis]!;
  // The kernel takes one stride/offset for re and im, so a differently strided im is copied.
  const sameLayout = re.stride[axis] === imField.stride[axis];
  for (let l = 0; l < inRe.length; l++) {
    if (sameLayout && inIm[l] === inRe[l]) {
      cfftStrided(n, re.data, imField.data, re.stride[axis]!, inRe[l]!, out.re.data, out.im.data, os, outOff[l]!, inverse);
      continue;
    }
    // Copy the line into the output (contiguous, same layout for re/im), then transform in place.
    const o = outOff[l]!;
    for (let j = 0, p = inRe[l]!, q = inIm[l]!; j < n; j++, p += re.stride[axis]!, q += imField.stride[axis]!) {
      out.re.data[o + j * os] = re.data[p]!;
      out.im.data[o + j * os] = imField.data[q]!;
    }
    cfftStrided(n, out.re.data, out.im.data, os, o, out.re.data, out.im.data, os, o, inverse);
  }
  return out;
}

/** Real-input DFT along `axis`: the ⌊n/2⌋+1 non-negative frequencies (numpy.fft.rfft). */
export function rfft(x: Field, opts: AxisOptions = {}): ComplexField {
  requireTransformInput("x", x, 0, undefined);
  const axis = resolveAxis("axis", opts.axis ?? -1, x.shape.length);
  requireTransformInput("x", x, 1, axis);
  const n = x.shape[axis]!;
  const shape = [...x.shape];
  shape[axis] = Math.floor(n / 2) + 1;
  const out = { re: makeField(shape), im: makeField(shape) };
  const inOff = lineOffsets(x.shape, x.stride, x.offset, axis);
  const outOff = lineOffsets(shape, out.re.stride, 0, axis);
  const xs = x.stride[axis]!;
  const os = out.re.stride[axis]!;
  for (let l = 0; l < inOff.length; l++) rfftStrided(n, x.data, xs, inOff[l]!, out.re.data, out.im.data, os, outOff[l]!);
  return out;
}

export interface IrfftOptions extends AxisOptions {
  /** Output length along `axis`; default 2(m−1) for m spectrum entries (numpy's default). */
  n?: number;
}

/** Inverse of rfft (numpy.fft.irfft): real output of length n along `axis`, with the 1/n. */
export function irfft(re: Field, im: Field, opts: IrfftOptions = {}): Field {
  requireTransformInput("re", re, 0, undefined);
  const axis = resolveAxis("axis", opts.axis ?? -1, re.shape.length);
  requireTransformInput("re", re, 1, axis);
  requireTransformInput("im", im, 1, axis);
  requireShape("im", im, re.shape);
  const m = re.shape[axis]!;
  const n = opts.n ?? 2 * (m - 1);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("n", opts.n ?? n, "must be an integer >= 1 (output length)");
  if (Math.floor(n / 2) + 1 !== m)
    throw new ShapeMismatchError("re", re.shape, `${Math.floor(n / 2) + 1} entries along axis ${axis} for output length n = ${n}`);
  const shape = [...re.shape];
  shape[axis] = n;
  const out = makeField(shape);
  const reOff = lineOffsets(re.shape, re.stride, re.offset, axis);
  const imOff = lineOffsets(im.shape, im.stride, im.offset, axis);
  const outOff = lineOffsets(shape, out.stride, 0, axis);
  const os = out.stride[axis]!;
  const rs = re.stride[axis]!;
  const sameLayout = rs === im.stride[axis];
  let tmpRe: Float64Array | null = null;
  let tmpIm: Float64Array | null = null;
  for (let l = 0; l < reOff.length; l++) {
    if (sameLayout && reOff[l] === imOff[l]) {
      irfftStrided(n, re.data, im.data, rs, reOff[l]!, out.data, os, outOff[l]!);
      continue;
    }
    tmpRe ??= new Float64Array(m);
    tmpIm ??= new Float64Array(m);
    for (let k = 0; k < m; k++) {
      tmpRe[k] = re.data[reOff[l]! + k * rs]!;
      tmpIm[k] = im.data[imOff[l]! + k * im.stride[axis]!]!;
    }
    irfftStrided(n, tmpRe, tmpIm, 1, 0, out.data, os, outOff[l]!);
  }
  return out;
}
