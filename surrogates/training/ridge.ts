/**
 * Closed-form ridge regression for the linear baseline: minimise ‖Xc·K − Yc‖² + λ‖K‖² over the
 * centred, flattened samples, b = ȳ − x̄·K. Solved in Float64 by Cholesky in the smaller of the
 * two Gram forms: primal (XcᵀXc + λI)K = XcᵀYc when features ≤ samples, otherwise the dual
 * K = Xcᵀ(XcXcᵀ + λI)⁻¹Yc (the same minimiser, by the push-through identity).
 */
import { NotConvergedError } from "../../core/index.js";

export interface RidgeFit {
  /** `[p, q]` row-major (Dense kernel layout: y = x·K + b). */
  kernel: Float64Array;
  bias: Float64Array;
}

/** x: rows `idx` of a `[count, p]` array; y: of a `[count, q]` array. */
export function fitRidge(x: Float32Array, p: number, y: Float32Array, q: number, idx: readonly number[], lambda: number): RidgeFit {
  const n = idx.length;
  const xm = new Float64Array(p);
  const ym = new Float64Array(q);
  for (const i of idx) {
    for (let j = 0; j < p; j++) xm[j]! += x[i * p + j]! / n;
    for (let j = 0; j < q; j++) ym[j]! += y[i * q + j]! / n;
  }
  const X = new Float64Array(n * p);
  const Y = new Float64Array(n * q);
  idx.forEach((i, r) => {
    for (let j = 0; j < p; j++) X[r * p + j] = x[i * p + j]! - xm[j]!;
    for (let j = 0; j < q; j++) Y[r * q + j] = y[i * q + j]! - ym[j]!;
  });
  // A tiny jitter keeps Cholesky defined when λ = 0 and the Gram matrix is singular.
  const reg = Math.max(lambda, 1e-10);
  let kernel: Float64Array;
  if (p <= n) {
    const A = gram(X, n, p, true, reg); // XᵀX + λI, p×p
    const B = new Float64Array(p * q); // XᵀY
    for (let r = 0; r < n; r++)
      for (let a = 0; a < p; a++) {
        const xa = X[r * p + a]!;
        if (xa !== 0) for (let c = 0; c < q; c++) B[a * q + c]! += xa * Y[r * q + c]!;
      }
    choleskySolveInPlace(A, p, B, q);
    kernel = B;
  } else {
    const A = gram(X, n, p, false, reg); // XXᵀ + λI, n×n
    choleskySolveInPlace(A, n, Y, q); // Y ← (XXᵀ + λI)⁻¹Y
    kernel = new Float64Array(p * q);
    for (let r = 0; r < n; r++)
      for (let a = 0; a < p; a++) {
        const xa = X[r * p + a]!;
        if (xa !== 0) for (let c = 0; c < q; c++) kernel[a * q + c]! += xa * Y[r * q + c]!;
      }
  }
  const bias = Float64Array.from(ym);
  for (let a = 0; a < p; a++) for (let c = 0; c < q; c++) bias[c]! -= xm[a]! * kernel[a * q + c]!;
  return { kernel, bias };
}

function gram(X: Float64Array, n: number, p: number, primal: boolean, reg: number): Float64Array {
  const m = primal ? p : n;
  const A = new Float64Array(m * m);
  if (primal) {
    for (let r = 0; r < n; r++)
      for (let a = 0; a < p; a++) {
        const xa = X[r * p + a]!;
        for (let b = a; b < p; b++) A[a * p + b]! += xa * X[r * p + b]!;
      }
  } else {
    for (let a = 0; a < n; a++)
      for (let b = a; b < n; b++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += X[a * p + j]! * X[b * p + j]!;
        A[a * n + b] = s;
      }
  }
  for (let a = 0; a < m; a++) {
    A[a * m + a]! += reg;
    for (let b = a + 1; b < m; b++) A[b * m + a] = A[a * m + b]!;
  }
  return A;
}

/** Solve A·Z = B for symmetric positive-definite A (m×m); B (m×q) is overwritten by Z. */
export function choleskySolveInPlace(A: Float64Array, m: number, B: Float64Array, q: number): void {
  for (let j = 0; j < m; j++) {
    let d = A[j * m + j]!;
    for (let k = 0; k < j; k++) d -= A[j * m + k]! * A[j * m + k]!;
    if (!(d > 0)) throw new NotConvergedError(`ridge: Gram matrix not positive definite at pivot ${j} (increase ridgeLambda)`);
    const l = Math.sqrt(d);
    A[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let s = A[i * m + j]!;
      for (let k = 0; k < j; k++) s -= A[i * m + k]! * A[j * m + k]!;
      A[i * m + j] = s / l;
    }
  }
  for (let c = 0; c < q; c++) {
    for (let i = 0; i < m; i++) {
      let s = B[i * q + c]!;
      for (let k = 0; k < i; k++) s -= A[i * m + k]! * B[k * q + c]!;
      B[i * q + c] = s / A[i * m + i]!;
    }
    for (let i = m - 1; i >= 0; i--) {
      let s = B[i * q + c]!;
      for (let k = i + 1; k < m; k++) s -= A[k * m + i]! * B[k * q + c]!;
      B[i * q + c] = s / A[i * m + i]!;
    }
  }
}
