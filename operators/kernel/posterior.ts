/**
 * The GP posterior for given hyperparameters, shared by the likelihood search and the final fit.
 * Targets C [N, Q] (centred output coefficients) share one kernel k_ℓ (Batlle et al. 2023's
 * K(u, u')·I); each column q has its own amplitude σ_q², profiled out:
 *   C_q ~ N(0, σ_q² (K + gI)),   σ̂_q² = β_q / N,   β_q = C_qᵀ (K + gI)⁻¹ C_q,
 *   log p(C) = Σ_q [−(N/2) log σ̂_q² − ½ log|K + gI| − (N/2)(1 + log 2π)].
 * Exact: one Cholesky of K + gI. Nyström (Williams & Seeger 2001) with m inducing points U:
 * K ≈ K_NU K_UU⁻¹ K_UN; with K_UU = L_U L_Uᵀ, B = L_U⁻¹ K_UN and A = gI + BBᵀ = L_A L_Aᵀ,
 * log|K̂ + gI| = log|A| + (N − m) log g and C_qᵀ(K̂ + gI)⁻¹C_q = (‖C_q‖² − ‖L_A⁻¹ B C_q‖²)/g,
 * all in O(N m²). Jitter that a factorisation needed is added to g (so g is the effective noise).
 */
import { choleskyWithJitter, logDetFromCholesky, solveLower, solveUpperT } from "../float64/index.js";
import { kernelFromDistances, type KernelName } from "./kernels.js";

export interface Posterior {
  method: "exact" | "nystrom";
  /** Basis size: N (exact) or m (Nyström). */
  nb: number;
  /** L of K + gI (exact) or L_U of K_UU (Nyström), [nb, nb]. */
  factorK: Float64Array;
  /** L_A (Nyström only). */
  factorA: Float64Array | null;
  /** Mean weights [nb, Q]: mean(x) = k(x, basis)ᵀ α (computed on first read). */
  readonly alpha: Float64Array;
  /** β_q = C_qᵀ(K + gI)⁻¹C_q. */
  beta: Float64Array;
  logDet: number;
  /** Effective noise ratio g (+ jitter). */
  noise: number;
  jitter: number;
}

function transposeInto(A: Float64Array, n: number, m: number): Float64Array {
  const T = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) T[j * n + i] = A[i * m + j]!;
  return T;
}

export function exactPosterior(D2: Float64Array, N: number, C: Float64Array, Q: number, kernel: KernelName, lengthscale: number, noise: number, maxJitter?: number): Posterior {
  const K = kernelFromDistances(kernel, D2, lengthscale);
  for (let i = 0; i < N; i++) K[i * N + i]! += noise;
  const { L, jitter } = choleskyWithJitter(K, N, { maxJitter, argument: "lengthscale", value: lengthscale });
  const W = solveLower(L, N, Float64Array.from(C), Q);
  const beta = new Float64Array(Q);
  for (let i = 0; i < N; i++) for (let q = 0; q < Q; q++) beta[q]! += W[i * Q + q]! ** 2;
  // α on first read: the likelihood search needs β and log|K + gI| only, and the back-solve for α
  // cost as much as the forward one.
  let alpha: Float64Array | undefined;
  return {
    method: "exact",
    nb: N,
    factorK: L,
    factorA: null,
    get alpha() {
      return (alpha ??= solveUpperT(L, N, W, Q));
    },
    beta,
    logDet: logDetFromCholesky(L, N),
    noise: noise + jitter,
    jitter,
  };
}

/** DNU: squared distances data × inducing [N, m]; DUU: inducing × inducing [m, m]. */
export function nystromPosterior(
  DNU: Float64Array,
  DUU: Float64Array,
  N: number,
  m: number,
  C: Float64Array,
  Q: number,
  kernel: KernelName,
  lengthscale: number,
  noise: number,
  maxJitter?: number,
): Posterior {
  const KUU = kernelFromDistances(kernel, DUU, lengthscale);
  const { L: LU, jitter: jU } = choleskyWithJitter(KUU, m, { maxJitter, argument: "lengthscale", value: lengthscale });
  const B = solveLower(LU, m, transposeInto(kernelFromDistances(kernel, DNU, lengthscale), N, m), N); // [m, N]
  const A = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += B[a * N + i]! * B[b * N + i]!;
      A[a * m + b] = s;
      A[b * m + a] = s;
    }
  for (let a = 0; a < m; a++) A[a * m + a]! += noise;
  const { L: LA, jitter: jA } = choleskyWithJitter(A, m, { maxJitter, argument: "noise", value: noise });
  const g = noise + jA;
  const BC = new Float64Array(m * Q);
  for (let a = 0; a < m; a++)
    for (let i = 0; i < N; i++) {
      const b = B[a * N + i]!;
      if (b === 0) continue;
      for (let q = 0; q < Q; q++) BC[a * Q + q]! += b * C[i * Q + q]!;
    }
  const Wc = solveLower(LA, m, BC, Q);
  const beta = new Float64Array(Q);
  for (let i = 0; i < N; i++) for (let q = 0; q < Q; q++) beta[q]! += C[i * Q + q]! ** 2;
  for (let a = 0; a < m; a++) for (let q = 0; q < Q; q++) beta[q]! -= Wc[a * Q + q]! ** 2;
  for (let q = 0; q < Q; q++) beta[q] = Math.max(beta[q]! / g, 0);
  let alpha: Float64Array | undefined;
  return {
    method: "nystrom",
    nb: m,
    factorK: LU,
    factorA: LA,
    get alpha() {
      return (alpha ??= solveUpperT(LU, m, solveUpperT(LA, m, Wc, Q), Q));
    },
    beta,
    logDet: logDetFromCholesky(LA, m) + (N - m) * Math.log(g),
    noise: g,
    jitter: jU + jA,
  };
}

/** Profiled log marginal likelihood over the columns in `use` (others are constant outputs). */
export function profiledLogLikelihood(p: Posterior, N: number, use: readonly number[]): number {
  let s = 0;
  for (const q of use) s += -0.5 * N * Math.log(p.beta[q]! / N);
  return s - 0.5 * use.length * (p.logDet + N * (1 + Math.log(2 * Math.PI)));
}
