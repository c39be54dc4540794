/**
 * Kernel / Gaussian-process operator (Batlle, Darcy, Hosseini & Owhadi 2023, "Kernel methods are
 * competitive for operator learning"): inputs u [N, ...] are flattened and optionally projected
 * on their leading principal components; outputs are centred (optionally PCA-reduced) and every
 * output coefficient is a GP regression on those features with one shared kernel k_ℓ and its own
 * amplitude (posterior.ts). Hyperparameters (ℓ and the noise ratio g = σ_n²/σ_q²) maximise the
 * profiled marginal likelihood: a 5 × 3 grid, then Nelder–Mead in (log ℓ, log g); or are given.
 * Float64 throughout. Exact: O(N³) time and O(N²) memory per likelihood evaluation (N = 1000:
 * ~0.3 s per Cholesky here); `nystrom: m` makes it O(N m²). See docs/operators.md §Kernel.
 */
import { InvalidArgumentError, ShapeMismatchError, requireAllFinite, requireInteger, requirePositive } from "../../core/index.js";
import { choosePrototypes, fitPca, nelderMead, projectPca, type Pca, type SampleData } from "../float64/index.js";
import { medianDistance, requireKernel, squaredDistances, type KernelName } from "./kernels.js";
import { exactPosterior, nystromPosterior, profiledLogLikelihood, type Posterior } from "./posterior.js";

export interface KernelOperatorOptions {
  /** Default "rbf". */
  kernel?: KernelName;
  /** Principal components of the input used as features (default min(32, P, N − 1)); "none": raw values. */
  inputRank?: number | "none";
  /** Output coefficients: "none" (every output value; default when Q ≤ 256) or a PCA rank (default min(256, N − 1) beyond). */
  outputRank?: number | "none";
  /** Fixed length scale (feature units); default: maximum marginal likelihood. */
  lengthscale?: number;
  /** Fixed noise ratio g = σ_n²/σ_q²; default: maximum marginal likelihood. */
  noise?: number;
  /** Inducing points (k-means++ on the features) for the Nyström approximation; default: exact. */
  nystrom?: number;
  /** Largest jitter relative to the mean diagonal (default 1e−6). */
  maxJitter?: number;
  /** Seed of the randomized PCA and the inducing-point choice. */
  seed?: number;
  /** Likelihood evaluations of the Nelder–Mead stage (default 60). */
  maxEvaluations?: number;
}

export interface KernelOperatorFit {
  kernel: KernelName;
  lengthscale: number;
  /** Effective noise ratio g (with any jitter). */
  noise: number;
  jitter: number;
  method: "exact" | "nystrom";
  inFeatures: number;
  outFeatures: number;
  inputPca: Pca | null;
  outputPca: Pca | null;
  /** Output means (used when outputPca is null). */
  outputMean: Float64Array;
  /** Feature dimension r and the basis points [nb, r] (training features or inducing points). */
  featureDim: number;
  basis: Float64Array;
  nb: number;
  /** Output coefficients Qc; alpha [nb, Qc]; σ_q² [Qc]. */
  coefficients: number;
  alpha: Float64Array;
  signalVariance: Float64Array;
  factorK: Float64Array;
  factorA: Float64Array | null;
  logMarginalLikelihood: number;
  /** Likelihood evaluations spent on the search (0 when both hyperparameters were given). */
  evaluations: number;
}

export function fitKernelOperator(inputs: SampleData, outputs: SampleData, opts: KernelOperatorOptions = {}): KernelOperatorFit {
  const N = inputs.shape[0] ?? 0;
  if (N < 2) throw new InvalidArgumentError("inputs.shape", inputs.shape, "must have at least two samples");
  if (outputs.shape[0] !== N) throw new ShapeMismatchError("outputs", outputs.shape, `[${N}, ...] (one output per input sample)`);
  const P = inputs.shape.slice(1).reduce((a, b) => a * b, 1);
  const Q = outputs.shape.slice(1).reduce((a, b) => a * b, 1);
  if (inputs.data.length !== N * P) throw new ShapeMismatchError("inputs.data", inputs.data.length, N * P);
  if (outputs.data.length !== N * Q) throw new ShapeMismatchError("outputs.data", outputs.data.length, N * Q);
  requireAllFinite("inputs", inputs.data);
  requireAllFinite("outputs", outputs.data);
  const kernel = requireKernel(opts.kernel ?? "rbf");
  const seed = opts.seed ?? 0;
  const maxJitter = opts.maxJitter === undefined ? undefined : requirePositive("maxJitter", opts.maxJitter);

  // Features.
  const inRank = opts.inputRank ?? Math.min(32, P, N - 1);
  let inputPca: Pca | null = null;
  let Z: Float64Array;
  if (inRank === "none") Z = Float64Array.from(inputs.data);
  else {
    requireInteger("inputRank", inRank, 1, Math.min(P, N));
    inputPca = fitPca(inputs.data, N, P, inRank, seed);
    Z = projectPca(inputPca, inputs.data, N);
  }
  const r = inputPca ? inputPca.rank : P;

  // Output coefficients C [N, Qc], centred.
  const outRank = opts.outputRank ?? (Q <= 256 ? "none" : Math.min(256, N - 1));
  let outputPca: Pca | null = null;
  const outputMean = new Float64Array(Q);
  let C: Float64Array;
  if (outRank === "none") {
    for (let i = 0; i < N; i++) for (let q = 0; q < Q; q++) outputMean[q]! += outputs.data[i * Q + q]!;
    for (let q = 0; q < Q; q++) outputMean[q]! /= N;
    C = new Float64Array(N * Q);
    for (let i = 0; i < N; i++) for (let q = 0; q < Q; q++) C[i * Q + q] = outputs.data[i * Q + q]! - outputMean[q]!;
  } else {
    requireInteger("outputRank", outRank, 1, Math.min(Q, N));
    outputPca = fitPca(outputs.data, N, Q, outRank, seed + 1);
    C = projectPca(outputPca, outputs.data, N);
  }
  const Qc = outputPca ? outputPca.rank : Q;
  // Constant outputs (zero spread) carry no likelihood information and would make it unbounded.
  const norms = new Float64Array(Qc);
  for (let i = 0; i < N; i++) for (let q = 0; q < Qc; q++) norms[q]! += C[i * Qc + q]! ** 2;
  const top = Math.max(...norms);
  const use = [...norms.keys()].filter((q) => norms[q]! > 1e-24 * top);
  if (use.length === 0) throw new InvalidArgumentError("outputs", "constant", "must vary across samples");

  // Basis and the distances every likelihood evaluation reuses.
  let posterior: (ell: number, g: number) => Posterior;
  let basis: Float64Array;
  let nb: number;
  if (opts.nystrom === undefined) {
    const D2 = squaredDistances(Z, N, Z, N, r);
    posterior = (ell, g) => exactPosterior(D2, N, C, Qc, kernel, ell, g, maxJitter);
    basis = Z;
    nb = N;
  } else {
    nb = requireInteger("nystrom", opts.nystrom, 1, N);
    basis = nb === N ? Float64Array.from(Z) : choosePrototypes(Z, N, r, nb, "kmeans++", seed);
    const DNU = squaredDistances(Z, N, basis, nb, r);
    const DUU = squaredDistances(basis, nb, basis, nb, r);
    posterior = (ell, g) => nystromPosterior(DNU, DUU, N, nb, C, Qc, kernel, ell, g, maxJitter);
  }

  const med = medianDistance(Z, N, r);
  const fixedEll = opts.lengthscale === undefined ? null : requirePositive("lengthscale", opts.lengthscale);
  const fixedG = opts.noise === undefined ? null : requirePositive("noise", opts.noise);
  // log ℓ ∈ [log(med/100), log(1e4 med)], log g ∈ [log 1e−10, log 10]: clamped, not rejected.
  const lo = [Math.log(med / 100), Math.log(1e-10)];
  const hi = [Math.log(med * 1e4), Math.log(10)];
  const unpack = (t: number[]): [number, number] => [
    fixedEll ?? Math.exp(Math.min(hi[0]!, Math.max(lo[0]!, t[0]!))),
    fixedG ?? Math.exp(Math.min(hi[1]!, Math.max(lo[1]!, t[1]!))),
  ];
  let evaluations = 0;
  const negLogLik = (t: number[]): number => {
    evaluations++;
    try {
      const [ell, g] = unpack(t);
      return -profiledLogLikelihood(posterior(ell, g), N, use);
    } catch {
      return Infinity;
    }
  };
  let best: number[] = [Math.log(fixedEll ?? med), Math.log(fixedG ?? 1e-4)];
  if (fixedEll === null || fixedG === null) {
    let bestV = Infinity;
    for (const e of fixedEll === null ? [0.5, 2, 8, 32, 128] : [1])
      for (const g of fixedG === null ? [1e-8, 1e-5, 1e-2] : [1]) {
        const t = [Math.log(med * e), Math.log(g)];
        const v = negLogLik(t);
        if (v < bestV) [bestV, best] = [v, t];
      }
    if (!Number.isFinite(bestV))
      throw new InvalidArgumentError("inputs", `N = ${N}`, "give no positive-definite kernel matrix for any hyperparameters tried (duplicate inputs with too little noise?)");
    const step = [fixedEll === null ? 1 : 0, fixedG === null ? 2 : 0];
    best = nelderMead(negLogLik, best, step, opts.maxEvaluations ?? 60, 1e-7).x;
  }
  const [lengthscale, noise] = unpack(best);
  const post = posterior(lengthscale, noise);
  const sig = new Float64Array(Qc);
  let sigMax = 0;
  for (const q of use) sigMax = Math.max(sigMax, post.beta[q]! / N);
  // σ_q² floor keeps every predictive variance > 0 (constant outputs would otherwise get 0).
  for (let q = 0; q < Qc; q++) sig[q] = Math.max(post.beta[q]! / N, 1e-12 * sigMax);
  return {
    kernel,
    lengthscale,
    noise: post.noise,
    jitter: post.jitter,
    method: post.method,
    inFeatures: P,
    outFeatures: Q,
    inputPca,
    outputPca,
    outputMean,
    featureDim: r,
    basis,
    nb,
    coefficients: Qc,
    alpha: post.alpha,
    signalVariance: sig,
    factorK: post.factorK,
    factorA: post.factorA,
    logMarginalLikelihood: profiledLogLikelihood(post, N, use),
    evaluations,
  };
}
