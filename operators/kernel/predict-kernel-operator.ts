/**
 * Predictions of a fitted kernel operator (Float64): the posterior mean of every output value
 * and its variance. Per output coefficient q and test point x, with s(x) = k(x, x) − ‖L⁻¹k_x‖²
 * (exact) or k(x, x) − ‖b_x‖² + g‖L_A⁻¹b_x‖², b_x = L_U⁻¹k_{Ux} (Nyström, DTC):
 *   latent variance σ_q² s(x); predictive (a new observation) σ_q² (s(x) + g).
 * With an output PCA, the value variance is Σ_q W_pq² var_q (coefficients independent a posteriori
 * under the shared-kernel model); the PCA truncation error is not included.
 */
import { InvalidArgumentError, ShapeMismatchError, requireAllFinite } from "../../core/index.js";
import { projectPca, reconstructPca, solveLower } from "../float64/index.js";
import { kernelMatrix } from "./kernels.js";
import type { KernelOperatorFit } from "./fit-kernel-operator.js";

export interface KernelPrediction {
  /** [n, outFeatures] */
  mean: Float64Array;
  /** [n, outFeatures]; omitted when not asked for. */
  variance: Float64Array | null;
}

export interface KernelPredictOptions {
  /** Also compute variances (default true). */
  variance?: boolean;
  /** Variance of the latent function only, without the noise term g (default false). */
  latent?: boolean;
}

export function predictKernelOperator(fit: KernelOperatorFit, inputs: ArrayLike<number>, n: number, opts: KernelPredictOptions = {}): KernelPrediction {
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("n", n, "must be a sample count");
  if (inputs.length !== n * fit.inFeatures) throw new ShapeMismatchError("inputs", inputs.length, n * fit.inFeatures);
  requireAllFinite("inputs", inputs);
  const r = fit.featureDim;
  const nb = fit.nb;
  const Qc = fit.coefficients;
  const Z = fit.inputPca ? projectPca(fit.inputPca, inputs, n) : Float64Array.from(inputs);
  const Ks = kernelMatrix(fit.kernel, Z, n, fit.basis, nb, r, fit.lengthscale); // [n, nb]
  const coef = new Float64Array(n * Qc);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < nb; j++) {
      const k = Ks[i * nb + j]!;
      if (k === 0) continue;
      for (let q = 0; q < Qc; q++) coef[i * Qc + q]! += k * fit.alpha[j * Qc + q]!;
    }
  const Q = fit.outFeatures;
  let mean: Float64Array;
  if (fit.outputPca) mean = reconstructPca(fit.outputPca, coef, n);
  else {
    mean = coef;
    for (let i = 0; i < n; i++) for (let q = 0; q < Q; q++) mean[i * Q + q]! += fit.outputMean[q]!;
  }
  if (opts.variance === false) return { mean, variance: null };

  // s(x) for every test point: columns of Kᵀ through the triangular factors.
  const Kt = new Float64Array(nb * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < nb; j++) Kt[j * n + i] = Ks[i * nb + j]!;
  const V = solveLower(fit.factorK, nb, Kt, n);
  const s = new Float64Array(n).fill(1); // k(x, x) = 1 for every kernel here
  for (let j = 0; j < nb; j++) for (let i = 0; i < n; i++) s[i]! -= V[j * n + i]! ** 2;
  if (fit.factorA) {
    const W = solveLower(fit.factorA, nb, V, n);
    for (let j = 0; j < nb; j++) for (let i = 0; i < n; i++) s[i]! += fit.noise * W[j * n + i]! ** 2;
  }
  const extra = opts.latent ? 0 : fit.noise;
  const variance = new Float64Array(n * Q);
  for (let i = 0; i < n; i++) {
    const si = Math.max(0, s[i]!) + extra;
    if (fit.outputPca) {
      const Wp = fit.outputPca.components;
      for (let p = 0; p < Q; p++) {
        let v = 0;
        for (let q = 0; q < Qc; q++) v += Wp[p * Qc + q]! ** 2 * fit.signalVariance[q]!;
        variance[i * Q + p] = v * si;
      }
    } else for (let q = 0; q < Q; q++) variance[i * Q + q] = fit.signalVariance[q]! * si;
  }
  return { mean, variance };
}
