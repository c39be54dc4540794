/**
 * Principal components of the rows of X [N, P] (Float64), the low-rank projection shared by the
 * RBF network and the kernel operator (docs/operators.md). P ≤ 256: the covariance XᵀX is
 * diagonalised by Jacobi rotations (exact to round-off). P > 256: randomized subspace iteration
 * (Halko, Martinsson & Tropp 2011) with k = rank + 10 columns and 4 power iterations, then the
 * exact Rayleigh–Ritz step on the k-dimensional subspace; seeded, so a fit is reproducible. Each
 * component's sign is fixed (largest |entry| positive).
 */
import { InvalidArgumentError, Rng, requireInteger } from "../../core/index.js";
import { symmetricEigen } from "./cholesky.js";

export interface Pca {
  inFeatures: number;
  rank: number;
  mean: Float64Array;
  /** [P, rank] row-major, orthonormal columns. */
  components: Float64Array;
  /** Sample variance along each component (descending). */
  variances: Float64Array;
}

const EXACT_MAX = 256;

export function fitPca(X: ArrayLike<number>, N: number, P: number, rank: number, seed = 0): Pca {
  requireInteger("rank", rank, 1, Math.min(N, P));
  if (N < 2) throw new InvalidArgumentError("inputs", N, "must hold at least 2 samples for a PCA");
  const mean = new Float64Array(P);
  for (let i = 0; i < N; i++) for (let p = 0; p < P; p++) mean[p]! += X[i * P + p]!;
  for (let p = 0; p < P; p++) mean[p]! /= N;
  const Xc = new Float64Array(N * P);
  for (let i = 0; i < N; i++) for (let p = 0; p < P; p++) Xc[i * P + p] = X[i * P + p]! - mean[p]!;
  let V: Float64Array;
  let lam: Float64Array;
  let cols: number;
  if (P <= EXACT_MAX) {
    const C = new Float64Array(P * P);
    for (let i = 0; i < N; i++) {
      const o = i * P;
      for (let a = 0; a < P; a++) {
        const xa = Xc[o + a]!;
        for (let b = a; b < P; b++) C[a * P + b]! += xa * Xc[o + b]!;
      }
    }
    for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) C[a * P + b] = C[b * P + a]!;
    const e = symmetricEigen(C, P);
    V = e.vectors;
    lam = e.values;
    cols = P;
  } else {
    ({ V, lam, cols } = randomizedPca(Xc, N, P, rank, seed));
  }
  const components = new Float64Array(P * rank);
  const variances = new Float64Array(rank);
  for (let j = 0; j < rank; j++) {
    let big = 0;
    for (let p = 0; p < P; p++) if (Math.abs(V[p * cols + j]!) > Math.abs(big)) big = V[p * cols + j]!;
    const sg = big < 0 ? -1 : 1;
    for (let p = 0; p < P; p++) components[p * rank + j] = sg * V[p * cols + j]!;
    variances[j] = Math.max(0, lam[j]!) / (N - 1);
  }
  return { inFeatures: P, rank, mean, components, variances };
}

/** Z = (X − mean) V, [N, rank]. */
export function projectPca(pca: Pca, X: ArrayLike<number>, N: number): Float64Array {
  const { inFeatures: P, rank: r, mean, components: V } = pca;
  const Z = new Float64Array(N * r);
  for (let i = 0; i < N; i++)
    for (let p = 0; p < P; p++) {
      const x = X[i * P + p]! - mean[p]!;
      if (x === 0) continue;
      const o = p * r;
      for (let j = 0; j < r; j++) Z[i * r + j]! += x * V[o + j]!;
    }
  return Z;
}

/** X = mean + Z Vᵀ, [N, P]. */
export function reconstructPca(pca: Pca, Z: ArrayLike<number>, N: number): Float64Array {
  const { inFeatures: P, rank: r, mean, components: V } = pca;
  const X = new Float64Array(N * P);
  for (let i = 0; i < N; i++)
    for (let p = 0; p < P; p++) {
      let s = mean[p]!;
      for (let j = 0; j < r; j++) s += Z[i * r + j]! * V[p * r + j]!;
      X[i * P + p] = s;
    }
  return X;
}

/** Orthonormalise the columns of A [n, k] in place (modified Gram–Schmidt, twice). */
function orthonormalize(A: Float64Array, n: number, k: number): void {
  for (let pass = 0; pass < 2; pass++)
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let r = 0; r < n; r++) d += A[r * k + i]! * A[r * k + j]!;
        for (let r = 0; r < n; r++) A[r * k + j]! -= d * A[r * k + i]!;
      }
      let nn = 0;
      for (let r = 0; r < n; r++) nn += A[r * k + j]! ** 2;
      const s = nn > 0 ? 1 / Math.sqrt(nn) : 0;
      for (let r = 0; r < n; r++) A[r * k + j]! *= s;
    }
}

/** A [n, p] times B [p, k] → [n, k]; transposeA: Aᵀ with A [p, n]. */
function mul(A: Float64Array, B: Float64Array, n: number, p: number, k: number, transposeA: boolean): Float64Array {
  const C = new Float64Array(n * k);
  if (!transposeA) {
    for (let i = 0; i < n; i++)
      for (let q = 0; q < p; q++) {
        const a = A[i * p + q]!;
        if (a === 0) continue;
        for (let j = 0; j < k; j++) C[i * k + j]! += a * B[q * k + j]!;
      }
  } else {
    for (let q = 0; q < p; q++)
      for (let i = 0; i < n; i++) {
        const a = A[q * n + i]!;
        if (a === 0) continue;
        for (let j = 0; j < k; j++) C[i * k + j]! += a * B[q * k + j]!;
      }
  }
  return C;
}

function randomizedPca(Xc: Float64Array, N: number, P: number, rank: number, seed: number): { V: Float64Array; lam: Float64Array; cols: number } {
  const k = Math.min(rank + 10, P, N);
  const rng = new Rng(seed >>> 0, 0x9ca);
  const Om = rng.fillNormal(new Float64Array(P * k));
  let Y = mul(Xc, Om, N, P, k, false); // [N, k]
  for (let it = 0; it < 4; it++) {
    orthonormalize(Y, N, k);
    const Z = mul(Xc, Y, P, N, k, true); // Xᵀ Y [P, k]
    orthonormalize(Z, P, k);
    Y = mul(Xc, Z, N, P, k, false);
  }
  orthonormalize(Y, N, k);
  const Bt = mul(Xc, Y, P, N, k, true); // (Qᵀ X)ᵀ = Xᵀ Q [P, k]
  const S = mul(Bt, Bt, k, P, k, true); // QᵀX XᵀQ [k, k]
  const e = symmetricEigen(S, k);
  const V = mul(Bt, e.vectors, P, k, k, false); // [P, k], column j scaled by √λⱼ
  for (let j = 0; j < k; j++) {
    const s = e.values[j]! > 0 ? 1 / Math.sqrt(e.values[j]!) : 0;
    for (let p = 0; p < P; p++) V[p * k + j]! *= s;
  }
  return { V, lam: e.values, cols: k };
}
