/** Filtering by a real spectral multiplier: inverse(multiplier ⊙ forward(x)). */
import * as tf from "@tensorflow/tfjs";
import { ShapeMismatchError } from "../../core/index.js";
import { spectralTransform } from "./transform.js";
import type { SpectralTransform, SpectralTransformOptions } from "./types.js";

/**
 * y = inverse(m ⊙ forward(x)) for a real multiplier `m` broadcastable to the spectrum
 * `[batch, ...modeShape, C]` (typically `[...modeShape, C]` or `[...modeShape, 1]`). The same
 * multiplier scales the real and imaginary parts, i.e. m is even in k (a symmetric filter).
 * Differentiable w.r.t. x and m on every backend.
 */
export function spectralFilter(
  x: tf.Tensor,
  multiplier: tf.Tensor,
  transform?: SpectralTransform | Omit<SpectralTransformOptions, "spatialShape">,
): tf.Tensor {
  const t =
    transform && "forward" in transform
      ? transform
      : spectralTransform({ ...(transform ?? {}), spatialShape: x.shape.slice(1, -1) });
  const ms = t.modeShape;
  const rank = ms.length + 2;
  const ok =
    multiplier.rank <= rank &&
    multiplier.shape.every((v, i) => {
      const full = [x.shape[0]!, ...ms, x.shape[x.rank - 1]!][rank - multiplier.rank + i]!;
      return v === 1 || v === full;
    });
  if (!ok) throw new ShapeMismatchError("multiplier", multiplier.shape, `broadcastable to [batch, ${ms.join(", ")}, channels]`);
  return tf.tidy(() => {
    const s = t.forward(x);
    return t.inverse({ re: tf.mul(s.re, multiplier), im: s.im ? tf.mul(s.im, multiplier) : null });
  });
}
