/**
 * operators/spectral: differentiable real spectral transforms on tfjs (float32, channels last).
 *
 * Interface
 * - `spectralTransform({spatialShape, modes?, bases?, implementation?})` → a `SpectralTransform`
 *   with `forward(x)` and `inverse(spectrum)` for `x: [batch, ...spatialShape, C]`, 1 or 2
 *   spatial axes. `forward` returns `{re, im}` of shape `[batch, ...modeShape, C]` (`im` is null
 *   for sine/cosine bases); `inverse` maps a spectrum back to the grid, missing modes = 0.
 * - Mode layout per axis (`modes[a]` = m):
 *   - Fourier, last spatial axis: half spectrum, frequencies 0..m−1 (m ≤ ⌊n/2⌋+1).
 *   - Fourier, first axis of a 2D field: frequencies 0..m−1 then −m..−1 (2m rows, positive and
 *     negative modes as in neuraloperator); when 2m ≥ n all n frequencies in numpy fftfreq order.
 *   - sine (Dirichlet grid, DST-I): frequencies 1..m; cosine (Neumann, DCT-II): 0..m−1.
 *   - Default `modes`: everything (the full transform). `transform.frequencies[a]` lists the
 *     signed integer frequency of every row; `wavenumbersSquared` gives |k|² in physical units.
 * - Normalisation: forward X_m = Σ_j x_j e^{−2πi jm/n} (numpy rfft/rfft2, no scaling), inverse =
 *   numpy irfft/irfft2 of the zero-padded spectrum; DST-I S_m = Σ x_j sin(πm(j+1)/(n+1)) with
 *   inverse 2/(n+1) Σ; DCT-II C_m = Σ x_j cos(πm(j+½)/n) with inverse (C_0 + 2Σ_{m≥1})/n.
 *   See docs/conventions.md §Fourier conventions and docs/operators-spectral.md.
 * - Implementations: `matmul` (cached cos/sin bases, tfjs autodiff, every backend, any n and
 *   basis) and `fft` (fft.js kernels wrapped in tf.customGrad; n a power of two for Fourier
 *   and cosine axes, n + 1 for sine axes). `auto` (default) picks by backend, basis and size
 *   via `chooseImplementation` (measured crossover in docs/operators-spectral.md).
 * - `spectralFilter(x, multiplier, transformOrOptions?)` = inverse(multiplier ⊙ forward(x)),
 *   differentiable w.r.t. x and the multiplier.
 * - Low-level cached bases for per-mode work (FNO): `dftBasis1d(n, modes)` → `{forward [2M, n],
 *   inverse [n, 2M]}` (rows cos then −sin; columns w·cos/n then −w·sin/n), `realBasis1d`.
 *   Cached tensors are kept out of tf.tidy and must not be disposed; `clearSpectralCache()`
 *   releases them all.
 */
export type { AxisBasis, SpectralImplementation, Spectrum, SpectralTransform, SpectralTransformOptions } from "./types.js";
export { spectralTransform, chooseImplementation, matmulFlopsPerPoint } from "./transform.js";
export { spectralFilter } from "./filter.js";
export { resolveLayout, wavenumbersSquared, maxModes, type ModeLayout } from "./layout.js";
export { dftBasis1d, realBasis1d, clearSpectralCache, spectralCacheSize, halfSpectrumWeight } from "./basis.js";
export { fftSupported } from "./fft-transform.js";
