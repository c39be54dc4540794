/**
 * Dense least squares min ‖A x − b‖² (+ λ‖D x‖², D the column norms) in Float64 by Householder
 * QR on column-scaled A — backward stable, so the residual stays near optimal even when the
 * heat-bank columns are nearly collinear (their Gram matrix would square the condition number).
 * Rows are consumed in blocks (R is updated block by block), so a tall problem never has to be
 * held in memory as a whole: the linear-path fit streams its rows from the spectra.
 */
import { InvalidArgumentError } from "../core/index.js";

export interface LeastSquaresResult {
  /** Solution per right-hand side, each of length `cols`. */
  x: Float64Array[];
  /** ‖A x − b‖ per right-hand side (without the ridge term). */
  residualNorm: number[];
}

/** Rows [start, start+count) of A (by columns) and of every right-hand side, written into `cols`/`rhs`. */
export type RowBlockFn = (start: number, count: number, cols: Float64Array[], rhs: Float64Array[]) => void;

export interface BlockProblem {
  rows: number;
  cols: number;
  rhs: number;
  block: RowBlockFn;
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
  const m = columns[0]!.length;
  if (columns.some((c) => c.length !== m) || rhs.some((b) => b.length !== m))
    throw new InvalidArgumentError("columns", m, "must all have the same length as every right-hand side");
  return leastSquaresBlocks(
    {
      rows: m,
      cols: n,
      rhs: rhs.length,
      block: (start, count, c, r) => {
        columns.forEach((col, j) => c[j]!.set(col.subarray(start, start + count)));
        rhs.forEach((b, k) => r[k]!.set(b.subarray(start, start + count)));
      },
    },
    ridge,
  );
}

/** Streaming form: rows come from `p.block` in chunks of `blockRows` (three passes). */
export function leastSquaresBlocks(p: BlockProblem, ridge: number | ArrayLike<number> = 0, blockRows = 4096): LeastSquaresResult {
  const n = p.cols;
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("cols", n, "must be an integer >= 1");
  const lam = typeof ridge === "number" ? new Float64Array(n).fill(ridge) : Float64Array.from(ridge);
  if (lam.length !== n || lam.some((v) => !(v >= 0))) throw new InvalidArgumentError("ridge", ridge, `must be >= 0 (one value or ${n})`);
  const bufC = Array.from({ length: n }, () => new Float64Array(blockRows));
  const bufR = Array.from({ length: p.rhs }, () => new Float64Array(blockRows));
  const forBlocks = (f: (count: number) => void): void => {
    for (let s = 0; s < p.rows; s += blockRows) {
      const count = Math.min(blockRows, p.rows - s);
      p.block(s, count, bufC, bufR);
      f(count);
    }
  };
  // Pass 1: column norms, so the QR runs on unit columns (λ is then relative to ‖a_j‖²).
  const scale = new Float64Array(n);
  forBlocks((count) => bufC.forEach((c, j) => (scale[j] = scale[j]! + dot(c, c, count))));
  for (let j = 0; j < n; j++) scale[j] = Math.sqrt(scale[j]!) || 1;

  // Pass 2: R (n×n, by columns) and Qᵀb updated block by block; the ridge rows √λ·I last.
  const R = Array.from({ length: n }, () => new Float64Array(n));
  const qb = Array.from({ length: p.rhs }, () => new Float64Array(n));
  const update = (count: number, col: (j: number, i: number) => number, rhsAt: (k: number, i: number) => number): void => {
    const m = n + count;
    const A = R.map((r, j) => {
      const a = new Float64Array(m);
      a.set(r);
      for (let i = 0; i < count; i++) a[n + i] = col(j, i);
      return a;
    });
    const B = qb.map((q, k) => {
      const b = new Float64Array(m);
      b.set(q);
      for (let i = 0; i < count; i++) b[n + i] = rhsAt(k, i);
      return b;
    });
    householder(A, B, n, m);
    A.forEach((a, j) => {
      R[j]!.set(a.subarray(0, n));
    });
    B.forEach((b, k) => qb[k]!.set(b.subarray(0, n)));
  };
  forBlocks((count) =>
    update(
      count,
      (j, i) => bufC[j]![i]! / scale[j]!,
      (k, i) => bufR[k]![i]!,
    ),
  );
  if (lam.some((v) => v > 0))
    update(
      n,
      (j, i) => (i === j ? Math.sqrt(lam[j]!) : 0),
      () => 0,
    );
  const x = qb.map((q) => {
    const sol = new Float64Array(n);
    for (let k = n - 1; k >= 0; k--) {
      let s = q[k]!;
      for (let j = k + 1; j < n; j++) s -= R[j]![k]! * sol[j]!;
      sol[k] = R[k]![k] === 0 ? 0 : s / R[k]![k]!;
    }
    for (let j = 0; j < n; j++) sol[j] = sol[j]! / scale[j]!;
    return sol;
  });

  // Pass 3: the true residual ‖Ax − b‖ (without the ridge term).
  const res = new Float64Array(p.rhs);
  forBlocks((count) => {
    for (let k = 0; k < p.rhs; k++) {
      for (let i = 0; i < count; i++) {
        let ax = 0;
        for (let j = 0; j < n; j++) ax += bufC[j]![i]! * x[k]![j]!;
        res[k] = res[k]! + (ax - bufR[k]![i]!) ** 2;
      }
    }
  });
  return { x, residualNorm: Array.from(res, Math.sqrt) };
}

/** In-place Householder triangularisation of the m×n matrix A (by columns), applied to B. */
function householder(A: Float64Array[], B: Float64Array[], n: number, m: number): void {
  for (let k = 0; k < n; k++) {
    const a = A[k]!;
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[i]! * a[i]!;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[k]! > 0 ? -norm : norm;
    // v = a[k:] − alpha e_k; H = I − 2 v vᵀ / (vᵀv); H a = alpha e_k.
    a[k] = a[k]! - alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += a[i]! * a[i]!;
    const reflect = (y: Float64Array): void => {
      let d = 0;
      for (let i = k; i < m; i++) d += a[i]! * y[i]!;
      const f = (2 * d) / vv;
      for (let i = k; i < m; i++) y[i] = y[i]! - f * a[i]!;
    };
    for (let j = k + 1; j < n; j++) reflect(A[j]!);
    for (const y of B) reflect(y);
    a[k] = alpha;
    for (let i = k + 1; i < m; i++) a[i] = 0;
  }
}

function dot(a: Float64Array, b: Float64Array, count: number): number {
  let s = 0;
  for (let i = 0; i < count; i++) s += a[i]! * b[i]!;
  return s;
}
