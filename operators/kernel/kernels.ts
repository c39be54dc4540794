/**
 * Stationary kernels on feature vectors, as functions of the distance d with length scale ℓ and
 * unit amplitude (the amplitude is a per-output factor, docs/operators.md §Kernel):
 *   rbf       exp(−d²/(2ℓ²))                                  (scikit-learn RBF)
 *   matern12  exp(−d/ℓ)                                        (Matern ν = 1/2)
 *   matern32  (1 + √3 d/ℓ) exp(−√3 d/ℓ)                        (ν = 3/2)
 *   matern52  (1 + √5 d/ℓ + 5d²/(3ℓ²)) exp(−√5 d/ℓ)            (ν = 5/2)
 * Matrices are Float64, row-major; distances are accumulated directly as Σ(aᵢ − bᵢ)², never as
 * ‖a‖² − 2a·b + ‖b‖², which cancels for close points.
 */
import { InvalidArgumentError } from "../../core/index.js";

export const KERNELS = ["rbf", "matern12", "matern32", "matern52"] as const;
export type KernelName = (typeof KERNELS)[number];

export function requireKernel(name: unknown): KernelName {
  if (!KERNELS.includes(name as KernelName)) throw new InvalidArgumentError("kernel", name, `must be one of ${KERNELS.join(", ")}`);
  return name as KernelName;
}

const SQRT3 = Math.sqrt(3);
const SQRT5 = Math.sqrt(5);

/** k(d²) for one squared distance. */
export function kernelValue(name: KernelName, d2: number, lengthscale: number): number {
  switch (name) {
    case "rbf":
      return Math.exp(-0.5 * d2 / (lengthscale * lengthscale));
    case "matern12":
      return Math.exp(-Math.sqrt(d2) / lengthscale);
    case "matern32": {
      const r = (SQRT3 * Math.sqrt(d2)) / lengthscale;
      return (1 + r) * Math.exp(-r);
    }
    case "matern52": {
      const r = (SQRT5 * Math.sqrt(d2)) / lengthscale;
      return (1 + r + (r * r) / 3) * Math.exp(-r);
    }
  }
}

/** Squared distances between rows of A [n, r] and B [m, r] → [n, m]. */
export function squaredDistances(A: Float64Array, n: number, B: Float64Array, m: number, r: number): Float64Array {
  const D = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const oa = i * r;
    for (let j = 0; j < m; j++) {
      const ob = j * r;
      let s = 0;
      for (let k = 0; k < r; k++) {
        const d = A[oa + k]! - B[ob + k]!;
        s += d * d;
      }
      D[i * m + j] = s;
    }
  }
  return D;
}

/** Kernel matrix from squared distances (new array). */
export function kernelFromDistances(name: KernelName, D2: Float64Array, lengthscale: number): Float64Array {
  const K = new Float64Array(D2.length);
  for (let i = 0; i < D2.length; i++) K[i] = kernelValue(name, D2[i]!, lengthscale);
  return K;
}

/** K(A, B) [n, m]. */
export function kernelMatrix(name: KernelName, A: Float64Array, n: number, B: Float64Array, m: number, r: number, lengthscale: number): Float64Array {
  return kernelFromDistances(name, squaredDistances(A, n, B, m, r), lengthscale);
}

/** Median of the pairwise distances among (up to 500 of) the rows: the length-scale's starting point. */
export function medianDistance(A: Float64Array, n: number, r: number): number {
  const k = Math.min(n, 500);
  const d: number[] = [];
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      let s = 0;
      for (let c = 0; c < r; c++) s += (A[i * r + c]! - A[j * r + c]!) ** 2;
      d.push(Math.sqrt(s));
    }
  if (d.length === 0) return 1;
  d.sort((a, b) => a - b);
  const med = d[Math.floor(d.length / 2)]!;
  return med > 0 ? med : 1;
}
