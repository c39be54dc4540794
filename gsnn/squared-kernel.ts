/**
 * Spectral multipliers of the GSNN filters and of their squared kernels.
 *
 * A filter with real even multiplier M(k) is a circular convolution with the kernel
 * g = filter(δ). For inputs independent across grid points, Var[(g ⊛ X)_i] = Σ_j g_{i−j}² σ²_j:
 * the variance is convolved with the squared kernel g², whose multiplier is DFT(g²)/DFT(δ)
 * (the ratio makes it independent of the transform's normalisation). This is exact on the
 * discrete periodic grid, so it is defined for periodic axes only (docs/gsnn.md §Variance).
 * For a single Gaussian g = e^{τ²Δ}, g² is again Gaussian and the multiplier tends to
 * h^d/(2τ√(2π))^d · exp(−τ²|k|²/2) on a fine grid (h the spacing): white noise averages out.
 */
import * as tf from "@tensorflow/tfjs";
import { UnsupportedError } from "../core/index.js";
import type { BoundaryCondition } from "../core/index.js";
import { spectralFilter, spectralTransform, wavenumbersSquared, type SpectralTransform } from "../operators/index.js";
import { basesForBc } from "./tau.js";

/** The full (untruncated) transform for `[batch, ...spatialShape, C]` on a grid with `bc`. */
export function fullTransform(spatialShape: readonly number[], bc: readonly BoundaryCondition[]): SpectralTransform {
  return spectralTransform({ spatialShape, bases: basesForBc(bc) });
}

/** |k|² of the transform's spectral grid as a `[...modeShape, 1]` float32 tensor. */
export function wavenumbersSquaredTensor(t: SpectralTransform, lengths: readonly number[]): tf.Tensor {
  const k2 = wavenumbersSquared(t, lengths);
  return tf.tensor(Float32Array.from(k2), [...t.modeShape, 1]);
}

/**
 * Heat-bank multiplier Σ_j a_jc exp(−t_jc |k|²) as `[...modeShape, C]`.
 * @param t `[J, C]` diffusion times τ²; @param a `[J, C]` weights or null (J must be 1).
 */
export function heatBankMultiplier(k2: tf.Tensor, t: tf.Tensor, a: tf.Tensor | null): tf.Tensor {
  return tf.tidy(() => {
    const J = t.shape[0]!;
    let m: tf.Tensor | null = null;
    for (let j = 0; j < J; j++) {
      const tj = tf.squeeze(tf.slice(t, [j, 0], [1, -1]), [0]); // [C]
      let term = tf.exp(tf.neg(tf.mul(k2, tj)));
      if (a) term = tf.mul(term, tf.squeeze(tf.slice(a, [j, 0], [1, -1]), [0]));
      m = m ? tf.add(m, term) : term;
    }
    return m!;
  });
}

/**
 * Multiplier of the squared kernel of the filter with multiplier `m` (`[...modeShape, C]` on
 * transform `t`), on the spectral grid of `out` (default `t`; pass the full transform when `t`
 * is truncated: the square of a band-limited kernel has every mode). Periodic grids only.
 */
export function squaredKernelMultiplier(m: tf.Tensor, t: SpectralTransform, out: SpectralTransform = t): tf.Tensor {
  if (t.bases.some((b) => b !== "fourier") || out.bases.some((b) => b !== "fourier"))
    throw new UnsupportedError(`the variance path needs periodic axes; got bases [${t.bases.join(", ")}]`);
  return tf.tidy(() => {
    const shape = t.spatialShape;
    const size = shape.reduce((p, q) => p * q, 1);
    const C = m.shape[m.rank - 1]!;
    const deltaData = new Float32Array(size * C);
    for (let c = 0; c < C; c++) deltaData[c] = 1;
    const delta = tf.tensor(deltaData, [1, ...shape, C]);
    const g = spectralFilter(delta, m, t);
    const num = out.forward(tf.square(g)).re;
    const den = out.forward(delta).re;
    return tf.squeeze(tf.div(num, den), [0]);
  });
}
