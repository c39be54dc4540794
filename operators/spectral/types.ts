/** Shared types of the spectral transforms (see index.ts for the full interface description). */
import type * as tf from "@tensorflow/tfjs";

/**
 * Basis along one spatial axis: `fourier` (periodic grid, complex DFT), `sine` (Dirichlet grid,
 * DST-I), `cosine` (Neumann grid, DCT-II). See docs/conventions.md §Fourier conventions.
 */
export type AxisBasis = "fourier" | "sine" | "cosine";

/** `matmul`: truncated DFT as matMul with cached bases (autodiff, every backend).
 * `fft`: fft.js-backed op with a registered gradient (tf.customGrad), periodic power-of-two axes.
 * `auto`: chosen by backend and size (see chooseImplementation). */
export type SpectralImplementation = "matmul" | "fft" | "auto";

/**
 * Spectral coefficients, channels last: `[batch, ...modeShape, C]`. For Fourier transforms `im`
 * holds the imaginary parts; for purely real bases (sine/cosine on every axis) `im` is null.
 */
export interface Spectrum {
  re: tf.Tensor;
  im: tf.Tensor | null;
}

export interface SpectralTransformOptions {
  /** Spatial sizes (1 or 2 axes). */
  spatialShape: readonly number[];
  /** Kept modes per axis (see index.ts for their layout). Default: all (the full transform). */
  modes?: readonly number[];
  /** Basis per axis, default all `fourier`. Mixed Fourier/real bases in 2D are unsupported. */
  bases?: readonly AxisBasis[];
  implementation?: SpectralImplementation;
}

export interface SpectralTransform {
  /** The implementation actually used (never `auto`). */
  readonly implementation: "matmul" | "fft";
  readonly spatialShape: readonly number[];
  readonly bases: readonly AxisBasis[];
  /** Kept modes per axis as given (after defaulting). */
  readonly modes: readonly number[];
  /** Shape of the spectral grid (rows per axis: 2·modes or n on a non-last Fourier axis). */
  readonly modeShape: readonly number[];
  /** Signed integer frequency of each spectral row per axis (the m of k = 2πm/L or πm/L). */
  readonly frequencies: readonly Int32Array[];
  /** x `[batch, ...spatialShape, C]` → spectrum `[batch, ...modeShape, C]`. */
  forward(x: tf.Tensor): Spectrum;
  /** Spectrum → `[batch, ...spatialShape, C]` (missing modes are zero). */
  inverse(s: Spectrum): tf.Tensor;
}
