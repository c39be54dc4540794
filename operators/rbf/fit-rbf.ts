/**
 * Gaussian RBF network, fitted in closed form (Float64): features z = PCA(u) (or u), hidden units
 * φⱼ(z) = exp(−βⱼ‖z − cⱼ‖²) at prototypes cⱼ chosen from the training features (k-means++ with
 * Lloyd steps, a random subset, or all of them), widths by the nearest-prototype heuristic
 * βⱼ = 1/(2(s·dⱼ)²) with dⱼ the distance from cⱼ to its nearest other prototype, and a linear
 * readout y = Wᵀφ + b by ridge (QR, ridge-qr.ts). The width factor s is given or chosen from
 * {1, 2, 4, 8, 16} by the closed-form leave-one-out error of the readout. docs/operators.md §RBF.
 */
import { InvalidArgumentError, ShapeMismatchError, requireAllFinite, requireInteger, requireNonNegative, requirePositive } from "../../core/index.js";
import { choosePrototypes, fitPca, projectPca, ridgeQr, type Pca, type PrototypeInit, type SampleData } from "../float64/index.js";

export interface RbfOptions {
  /** Hidden units M (default min(256, N)); ignored with init "all" (M = N). */
  centers?: number;
  /** Prototype choice (default "kmeans++"). */
  init?: PrototypeInit;
  /** Principal components used as features (default min(32, P, N − 1)); "none": raw values. */
  inputRank?: number | "none";
  /** Width factor s, or "loo" (default): the best of 1, 2, 4, 8, 16 by leave-one-out. */
  widthScale?: number | "loo";
  /** Ridge λ relative to the mean squared feature column (default 1e−8). */
  lambda?: number;
  seed?: number;
}

export interface RbfFit {
  inFeatures: number;
  outFeatures: number;
  pca: Pca | null;
  featureDim: number;
  /** [M, r] */
  centers: Float64Array;
  units: number;
  beta: Float64Array;
  /** [M, Q] */
  weights: Float64Array;
  bias: Float64Array;
  widthScale: number;
  lambda: number;
  /** Relative leave-one-out error of the chosen readout. */
  looError: number;
}

export const RBF_WIDTH_SCALES = [1, 2, 4, 8, 16];

/** βⱼ = 1/(2(s dⱼ)²), dⱼ = distance to the nearest other prototype (the median of the others if 0). */
export function nearestPrototypeBeta(C: Float64Array, M: number, r: number, scale: number): Float64Array {
  const d = new Float64Array(M).fill(Infinity);
  for (let a = 0; a < M; a++)
    for (let b = a + 1; b < M; b++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += (C[a * r + k]! - C[b * r + k]!) ** 2;
      if (s < d[a]!) d[a] = s;
      if (s < d[b]!) d[b] = s;
    }
  const pos = Array.from(d).filter((x) => x > 0 && Number.isFinite(x)).sort((x, y) => x - y);
  const fallback = pos.length > 0 ? pos[Math.floor(pos.length / 2)]! : 1;
  return Float64Array.from(d, (x) => 1 / (2 * scale * scale * (x > 0 && Number.isFinite(x) ? x : fallback)));
}

/** Hidden activations Φ [n, M]. */
export function rbfFeatures(Z: Float64Array, n: number, r: number, C: Float64Array, M: number, beta: Float64Array): Float64Array {
  const Phi = new Float64Array(n * M);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < M; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += (Z[i * r + k]! - C[j * r + k]!) ** 2;
      Phi[i * M + j] = Math.exp(-beta[j]! * s);
    }
  return Phi;
}

export function fitRbf(inputs: SampleData, outputs: SampleData, opts: RbfOptions = {}): RbfFit {
  const N = inputs.shape[0] ?? 0;
  if (N < 2) throw new InvalidArgumentError("inputs.shape", inputs.shape, "must have at least two samples");
  if (outputs.shape[0] !== N) throw new ShapeMismatchError("outputs", outputs.shape, `[${N}, ...] (one output per input sample)`);
  const P = inputs.shape.slice(1).reduce((a, b) => a * b, 1);
  const Q = outputs.shape.slice(1).reduce((a, b) => a * b, 1);
  if (inputs.data.length !== N * P) throw new ShapeMismatchError("inputs.data", inputs.data.length, N * P);
  if (outputs.data.length !== N * Q) throw new ShapeMismatchError("outputs.data", outputs.data.length, N * Q);
  requireAllFinite("inputs", inputs.data);
  requireAllFinite("outputs", outputs.data);
  const seed = opts.seed ?? 0;
  const init = opts.init ?? "kmeans++";
  if (!["kmeans++", "random", "all"].includes(init)) throw new InvalidArgumentError("init", init, 'must be "kmeans++", "random" or "all"');
  const lambdaRel = requireNonNegative("lambda", opts.lambda ?? 1e-8);
  const ws = opts.widthScale ?? "loo";
  if (ws !== "loo") requirePositive("widthScale", ws);
  const rank = opts.inputRank ?? Math.min(32, P, N - 1);
  let pca: Pca | null = null;
  let Z: Float64Array;
  if (rank === "none") Z = Float64Array.from(inputs.data);
  else {
    requireInteger("inputRank", rank, 1, Math.min(P, N));
    pca = fitPca(inputs.data, N, P, rank, seed);
    Z = projectPca(pca, inputs.data, N);
  }
  const r = pca ? pca.rank : P;
  const M = init === "all" ? N : requireInteger("centers", opts.centers ?? Math.min(256, N), 1, N);
  const C = choosePrototypes(Z, N, r, M, init, seed);
  let best: { s: number; beta: Float64Array; fit: ReturnType<typeof ridgeQr> } | null = null;
  for (const s of ws === "loo" ? RBF_WIDTH_SCALES : [ws]) {
    const beta = nearestPrototypeBeta(C, M, r, s);
    const fit = ridgeQr(rbfFeatures(Z, N, r, C, M, beta), N, M, outputs.data, Q, lambdaRel);
    if (best === null || fit.looError < best.fit.looError) best = { s, beta, fit };
  }
  return {
    inFeatures: P,
    outFeatures: Q,
    pca,
    featureDim: r,
    centers: C,
    units: M,
    beta: best!.beta,
    weights: best!.fit.weights,
    bias: best!.fit.bias,
    widthScale: best!.s,
    lambda: best!.fit.lambda,
    looError: best!.fit.looError,
  };
}

/** Float64 predictions [n, Q]. */
export function predictRbf(fit: RbfFit, inputs: ArrayLike<number>, n: number): Float64Array {
  if (inputs.length !== n * fit.inFeatures) throw new ShapeMismatchError("inputs", inputs.length, n * fit.inFeatures);
  const Z = fit.pca ? projectPca(fit.pca, inputs, n) : Float64Array.from(inputs);
  const Phi = rbfFeatures(Z, n, fit.featureDim, fit.centers, fit.units, fit.beta);
  const M = fit.units;
  const Q = fit.outFeatures;
  const Y = new Float64Array(n * Q);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < Q; q++) Y[i * Q + q] = fit.bias[q]!;
    for (let j = 0; j < M; j++) {
      const p = Phi[i * M + j]!;
      for (let q = 0; q < Q; q++) Y[i * Q + q]! += p * fit.weights[j * Q + q]!;
    }
  }
  return Y;
}
