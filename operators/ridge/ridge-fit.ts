/**
 * Closed-form ridge regression from input grid values to output grid values, in Float64:
 * minimise ‖X W + 1 bᵀ − Y‖² + λ‖W‖² over W [P, Q] and an unpenalised intercept b [Q].
 * X and Y are centred; then W = (XᵀX + λI)⁻¹ XᵀY via Cholesky when N ≥ P, or the dual
 * W = Xᵀ(XXᵀ + λI)⁻¹ Y when N < P (same minimiser, an N×N system instead of P×P).
 * λ is relative: λ = lambda · mean(diag XᵀX), so one default works whatever the data scale.
 * For a linear PDE's solution operator this is the exact answer given enough samples.
 */
import { InvalidArgumentError, ShapeMismatchError, requireAllFinite, requireNonNegative } from "../../core/index.js";

/** Samples along the first axis; everything after it is flattened (C order). */
export interface RidgeData {
  data: ArrayLike<number>;
  shape: readonly number[];
}

export interface RidgeOptions {
  /** Relative regularisation (see the module comment). Default 1e-8. */
  lambda?: number;
  /** Normal equations in feature space ("primal") or sample space ("dual"); auto picks the smaller. */
  solver?: "auto" | "primal" | "dual";
}

export interface RidgeFit {
  /** [P, Q] row-major: y = xᵀW + b. */
  weights: Float64Array;
  bias: Float64Array;
  inFeatures: number;
  outFeatures: number;
  /** The absolute λ used. */
  lambda: number;
  solver: "primal" | "dual";
}

export function fitRidge(inputs: RidgeData, outputs: RidgeData, opts: RidgeOptions = {}): RidgeFit {
  const rel = requireNonNegative("lambda", opts.lambda ?? 1e-8);
  const N = inputs.shape[0] ?? 0;
  if (N < 1) throw new InvalidArgumentError("inputs.shape", inputs.shape, "must have at least one sample");
  if (outputs.shape[0] !== N) throw new ShapeMismatchError("outputs", outputs.shape, `[${N}, ...] (one output per input sample)`);
  const P = inputs.shape.slice(1).reduce((a, b) => a * b, 1);
  const Q = outputs.shape.slice(1).reduce((a, b) => a * b, 1);
  if (inputs.data.length !== N * P) throw new ShapeMismatchError("inputs.data", inputs.data.length, N * P);
  if (outputs.data.length !== N * Q) throw new ShapeMismatchError("outputs.data", outputs.data.length, N * Q);
  requireAllFinite("inputs", inputs.data);
  requireAllFinite("outputs", outputs.data);
  const { c: X, mean: xm } = centre(inputs.data, N, P);
  const { c: Y, mean: ym } = centre(outputs.data, N, Q);
  let W: Float64Array;
  let lambda: number;
  let solver: RidgeFit["solver"];
  const which = opts.solver ?? "auto";
  if (which !== "auto" && which !== "primal" && which !== "dual")
    throw new InvalidArgumentError("solver", which, 'must be "auto", "primal" or "dual"');
  if (which === "primal" || (which === "auto" && N >= P)) {
    const G = gram(X, N, P, true); // XᵀX [P, P]
    lambda = rel * meanDiag(G, P);
    for (let i = 0; i < P; i++) G[i * P + i]! += lambda;
    W = choleskySolve(G, P, crossProduct(X, Y, N, P, Q), Q, rel);
    solver = "primal";
  } else {
    const K = gram(X, N, P, false); // XXᵀ [N, N]; its mean diagonal equals XᵀX's times P/N
    lambda = (rel * meanDiag(K, N) * N) / P;
    for (let i = 0; i < N; i++) K[i * N + i]! += lambda;
    const A = choleskySolve(K, N, Y, Q, rel); // [N, Q]
    W = crossProduct(X, A, N, P, Q);
    solver = "dual";
  }
  const bias = new Float64Array(Q);
  for (let q = 0; q < Q; q++) bias[q] = ym[q]!;
  for (let p = 0; p < P; p++) {
    const xp = xm[p]!;
    for (let q = 0; q < Q; q++) bias[q]! -= xp * W[p * Q + q]!;
  }
  return { weights: W, bias, inFeatures: P, outFeatures: Q, lambda, solver };
}

function centre(d: ArrayLike<number>, N: number, P: number): { c: Float64Array; mean: Float64Array } {
  const mean = new Float64Array(P);
  for (let i = 0; i < N; i++) for (let p = 0; p < P; p++) mean[p]! += d[i * P + p]!;
  for (let p = 0; p < P; p++) mean[p]! /= N;
  const c = new Float64Array(N * P);
  for (let i = 0; i < N; i++) for (let p = 0; p < P; p++) c[i * P + p] = d[i * P + p]! - mean[p]!;
  return { c, mean };
}

/** XᵀX (transpose = true, [P, P]) or XXᵀ ([N, N]) of a row-major X [N, P]. */
function gram(X: Float64Array, N: number, P: number, transpose: boolean): Float64Array {
  if (transpose) {
    const G = new Float64Array(P * P);
    for (let i = 0; i < N; i++) {
      const o = i * P;
      for (let a = 0; a < P; a++) {
        const xa = X[o + a]!;
        if (xa === 0) continue;
        const r = a * P;
        for (let b = a; b < P; b++) G[r + b]! += xa * X[o + b]!;
      }
    }
    for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) G[a * P + b] = G[b * P + a]!;
    return G;
  }
  const K = new Float64Array(N * N);
  for (let i = 0; i < N; i++)
    for (let j = i; j < N; j++) {
      let s = 0;
      for (let p = 0, oi = i * P, oj = j * P; p < P; p++) s += X[oi + p]! * X[oj + p]!;
      K[i * N + j] = s;
      K[j * N + i] = s;
    }
  return K;
}

/** Aᵀ B for A [N, P], B [N, Q] → [P, Q]. */
function crossProduct(A: Float64Array, B: Float64Array, N: number, P: number, Q: number): Float64Array {
  const R = new Float64Array(P * Q);
  for (let i = 0; i < N; i++)
    for (let p = 0; p < P; p++) {
      const a = A[i * P + p]!;
      if (a === 0) continue;
      const r = p * Q;
      const o = i * Q;
      for (let q = 0; q < Q; q++) R[r + q]! += a * B[o + q]!;
    }
  return R;
}

function meanDiag(G: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += G[i * n + i]!;
  return s / n;
}

/** Solve S X = B for symmetric positive definite S [n, n] (overwritten), B [n, q]. */
function choleskySolve(S: Float64Array, n: number, B: Float64Array, q: number, rel: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = S[j * n + j]!;
    for (let k = 0; k < j; k++) d -= S[j * n + k]! ** 2;
    if (!(d > 0))
      throw new InvalidArgumentError("lambda", rel, "is too small: the regularised Gram matrix is not positive definite (increase lambda)");
    const l = Math.sqrt(d);
    S[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = S[i * n + j]!;
      for (let k = 0; k < j; k++) s -= S[i * n + k]! * S[j * n + k]!;
      S[i * n + j] = s / l;
    }
  }
  const X = Float64Array.from(B);
  // L Z = B, then Lᵀ X = Z, all right-hand sides at once (row operations on X).
  for (let i = 0; i < n; i++) {
    const r = i * q;
    for (let k = 0; k < i; k++) {
      const l = S[i * n + k]!;
      if (l === 0) continue;
      const o = k * q;
      for (let c = 0; c < q; c++) X[r + c]! -= l * X[o + c]!;
    }
    const d = S[i * n + i]!;
    for (let c = 0; c < q; c++) X[r + c]! /= d;
  }
  for (let i = n - 1; i >= 0; i--) {
    const r = i * q;
    for (let k = i + 1; k < n; k++) {
      const l = S[k * n + i]!;
      if (l === 0) continue;
      const o = k * q;
      for (let c = 0; c < q; c++) X[r + c]! -= l * X[o + c]!;
    }
    const d = S[i * n + i]!;
    for (let c = 0; c < q; c++) X[r + c]! /= d;
  }
  return X;
}
