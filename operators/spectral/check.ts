/** Shape validation shared by the spectral transform implementations. */
import type * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import type { Spectrum } from "./types.js";

const expected = (inner: readonly number[]): string => `[batch, ${inner.join(", ")}, channels]`;

export function checkInput(x: tf.Tensor, spatialShape: readonly number[]): void {
  const d = spatialShape.length;
  if (x.rank !== d + 2 || spatialShape.some((n, a) => x.shape[a + 1] !== n))
    throw new ShapeMismatchError("x", x.shape, expected(spatialShape));
  if (x.dtype !== "float32") throw new InvalidArgumentError("x.dtype", x.dtype, "must be float32");
}

export function checkSpectrum(s: Spectrum, modeShape: readonly number[], complex: boolean): void {
  checkInput(s.re, modeShape);
  if (complex) {
    if (!s.im) throw new InvalidArgumentError("spectrum.im", null, "must be a tensor for a Fourier transform");
    if (s.im.rank !== s.re.rank || s.im.shape.some((v, i) => v !== s.re.shape[i]))
      throw new ShapeMismatchError("spectrum.im", s.im.shape, s.re.shape);
  } else if (s.im) {
    throw new InvalidArgumentError("spectrum.im", "tensor", "must be null for a sine/cosine transform");
  }
}
