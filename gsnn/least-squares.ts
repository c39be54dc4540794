/**
 * Dense least squares min ‖A x − b‖² (+ λ‖D x‖², D the column norms) in Float64 by Householder
 * QR on column-scaled A — backward stable, so the residual stays near optimal even when the
 * heat-bank columns are nearly collinear (their Gram matrix would square the condition number).
 */
import { InvalidArgumentError } from "../core/index.js";

export interface LeastSquaresResult {
  /** Solution per right-hand side, each of length `cols`. */
  x: Float64Array[];
  /** ‖A x − b‖ per right-hand side. */
  residualNorm: number[];
}

/**
 * @param columns A by columns (each of length `rows`; not modified)
 * @param rhs right-hand sides (each of length `rows`; not modified)
 * @param ridge λ ≥ 0 relative to the squared column norms (0 = plain least squares), one for
 *   all columns or one per column
 */
export function leastSquares(
  columns: readonly Float64Array[],
  rhs: readonly Float64Array[],
  ridge: number | ArrayLike<number> = 0,
): LeastSquaresResult {
  const n = columns.length;
  if (n < 1) throw new InvalidArgumentError("columns", n, "must be at least one column");
  const m0 = columns[0]!.length;
  if (columns.some((c) => c.length !== m0) || rhs.some((b) => b.length !== m0))
    throw new InvalidArgumentError("columns", m0, "must all have the same length as every right-hand side");
  const lam = typeof ridge === "number" ? new Float64Array(n).fill(ridge) : Float64Array.from(ridge);
  if (lam.length !== n || lam.some((v) => !(v >= 0))) throw new InvalidArgumentError("ridge", ridge, `must be >= 0 (one value or ${n})`);
  const useRidge = lam.some((v) => v > 0);
  // Scale columns to unit norm; ridge rows √λ·I below A (so λ is relative to ‖a_j‖²).
  const scale = columns.map((c) => norm2(c) || 1);
  const m = m0 + (useRidge ? n : 0);
  const A = columns.map((c, j) => {
    const a = new Float64Array(m);
    const s = 1 / scale[j]!;
    for (let i = 0; i < m0; i++) a[i] = c[i]! * s;
    if (useRidge) a[m0 + j] = Math.sqrt(lam[j]!);
    return a;
  });
  const B = rhs.map((b) => {
    const v = new Float64Array(m);
    v.set(b);
    return v;
  });
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = A[k]!;
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[i]! * a[i]!;
    norm = Math.sqrt(norm);
    const alpha = a[k]! > 0 ? -norm : norm;
    rDiag[k] = alpha;
    if (norm === 0) continue;
    // v = a[k:] − alpha e_k, stored in place; H = I − 2 v vᵀ / (vᵀv).
    a[k] = a[k]! - alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += a[i]! * a[i]!;
    const reflect = (y: Float64Array): void => {
      let dot = 0;
      for (let i = k; i < m; i++) dot += a[i]! * y[i]!;
      const f = (2 * dot) / vv;
      for (let i = k; i < m; i++) y[i] = y[i]! - f * a[i]!;
    };
    for (let j = k + 1; j < n; j++) reflect(A[j]!);
    for (const y of B) reflect(y);
  }
  const x = B.map((y) => {
    const sol = new Float64Array(n);
    for (let k = n - 1; k >= 0; k--) {
      let s = y[k]!;
      for (let j = k + 1; j < n; j++) s -= A[j]![k]! * sol[j]!;
      sol[k] = rDiag[k] === 0 ? 0 : s / rDiag[k]!;
    }
    for (let j = 0; j < n; j++) sol[j] = sol[j]! / scale[j]!;
    return sol;
  });
  const residualNorm = rhs.map((b, r) => {
    let s = 0;
    for (let i = 0; i < m0; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += columns[j]![i]! * x[r]![j]!;
      s += (ax - b[i]!) ** 2;
    }
    return Math.sqrt(s);
  });
  return { x, residualNorm };
}

function norm2(c: Float64Array): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) s += c[i]! * c[i]!;
  return Math.sqrt(s);
}
