/**
 * Ridge regression with an unpenalised intercept, solved by Householder QR of the augmented
 * system [Φc; √λ I] W = [Yc; 0] (Φc, Yc centred): backward stable, so the conditioning is that of
 * Φ, not its square as in the normal equations (which matters when Φ is a nearly square kernel
 * matrix fitted to interpolation accuracy). λ is relative: λ = lambda · mean ‖column of Φc‖².
 * Also returns the leave-one-out residuals in closed form: with G = ΦcᵀΦc + λI = RᵀR the hat
 * matrix is H = 11ᵀ/N + Φc G⁻¹ Φcᵀ, and the LOO residual of sample i is eᵢ / (1 − Hᵢᵢ).
 */
import { requireNonNegative } from "../../core/index.js";

export interface RidgeQrResult {
  /** [M, Q] */
  weights: Float64Array;
  bias: Float64Array;
  /** Absolute λ. */
  lambda: number;
  /** Σ LOO residual² / Σ (Y − mean)², over all outputs. */
  looError: number;
}

export function ridgeQr(Phi: Float64Array, N: number, M: number, Y: ArrayLike<number>, Q: number, lambdaRel: number): RidgeQrResult {
  requireNonNegative("lambda", lambdaRel);
  const pm = new Float64Array(M);
  const ym = new Float64Array(Q);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < M; j++) pm[j]! += Phi[i * M + j]! / N;
    for (let q = 0; q < Q; q++) ym[q]! += Y[i * Q + q]! / N;
  }
  const R = N + M;
  const A = new Float64Array(R * M);
  const B = new Float64Array(R * Q);
  let colSq = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < M; j++) {
      const v = Phi[i * M + j]! - pm[j]!;
      A[i * M + j] = v;
      colSq += v * v;
    }
    for (let q = 0; q < Q; q++) B[i * Q + q] = Y[i * Q + q]! - ym[q]!;
  }
  const lambda = lambdaRel * (colSq / M);
  const sl = Math.sqrt(lambda);
  for (let j = 0; j < M; j++) A[(N + j) * M + j] = sl;
  // Householder QR, column by column; reflections applied to A's remaining columns and to B, row
  // by row (contiguous in row-major storage; a column walk strides by M), skipping the rows where
  // v is 0 (the ridge rows below the diagonal block are until a reflection fills them).
  const v = new Float64Array(R);
  const sA = new Float64Array(M);
  const sB = new Float64Array(Q);
  for (let k = 0; k < M; k++) {
    let norm = 0;
    for (let i = k; i < R; i++) norm += A[i * M + k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = A[k * M + k]! > 0 ? -norm : norm;
    for (let i = k; i < R; i++) v[i] = A[i * M + k]!;
    v[k]! -= alpha;
    let vn = 0;
    for (let i = k; i < R; i++) vn += v[i]! ** 2;
    if (vn === 0) continue;
    const tau = 2 / vn;
    reflectRows(A, M, k, R, v, tau, sA, k);
    reflectRows(B, Q, k, R, v, tau, sB, 0);
  }
  // R W = (QᵀB)[0:M]; a zero pivot (no ridge, rank-deficient Φ) gives a zero weight row.
  const W = new Float64Array(M * Q);
  for (let k = M - 1; k >= 0; k--) {
    const d = A[k * M + k]!;
    for (let q = 0; q < Q; q++) {
      let s = B[k * Q + q]!;
      for (let j = k + 1; j < M; j++) s -= A[k * M + j]! * W[j * Q + q]!;
      W[k * Q + q] = d !== 0 ? s / d : 0;
    }
  }
  const bias = Float64Array.from(ym);
  for (let j = 0; j < M; j++) for (let q = 0; q < Q; q++) bias[q]! -= pm[j]! * W[j * Q + q]!;
  // LOO: Hᵢᵢ = 1/N + ‖R⁻ᵀ φcᵢ‖².
  let num = 0;
  let den = 0;
  const z = new Float64Array(M);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < M; k++) {
      let s = Phi[i * M + k]! - pm[k]!;
      for (let j = 0; j < k; j++) s -= A[j * M + k]! * z[j]!;
      const d = A[k * M + k]!;
      z[k] = d !== 0 ? s / d : 0;
    }
    let h = 1 / N;
    for (let k = 0; k < M; k++) h += z[k]! ** 2;
    const lev = Math.max(1 - h, 1e-12);
    for (let q = 0; q < Q; q++) {
      let pred = bias[q]!;
      for (let j = 0; j < M; j++) pred += Phi[i * M + j]! * W[j * Q + q]!;
      const yc = Y[i * Q + q]!;
      num += ((yc - pred) / lev) ** 2;
      den += (yc - ym[q]!) ** 2;
    }
  }
  return { weights: W, bias, lambda, looError: den > 0 ? num / den : 0 };
}

/** X[i, j] −= τ v_i Σ_r v_r X[r, j] for rows i, r in [k, R) and columns j in [j0, cols): (I − τvvᵀ)X. */
function reflectRows(X: Float64Array, cols: number, k: number, R: number, v: Float64Array, tau: number, s: Float64Array, j0: number): void {
  s.fill(0, j0, cols);
  for (let i = k; i < R; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    const o = i * cols;
    for (let j = j0; j < cols; j++) s[j]! += vi * X[o + j]!;
  }
  for (let j = j0; j < cols; j++) s[j]! *= tau;
  for (let i = k; i < R; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    const o = i * cols;
    for (let j = j0; j < cols; j++) X[o + j]! -= s[j]! * vi;
  }
}
