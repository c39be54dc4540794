/**
 * Tridiagonal solves on strided views (no validation): the Thomas algorithm, and its cyclic
 * variant (periodic ends) by the Sherman–Morrison correction.
 */

/**
 * Solve sub[j] x_{j−1} + diag[j] x_j + sup[j] x_{j+1} = d_j (sub[0], sup[n−1] unused) for x,
 * d and x strided (they may alias). `work` needs n entries. No pivoting: for the diagonally
 * dominant matrices used here (I + c·T, c ≥ 0).
 */
export function thomasSolve(
  n: number,
  sub: Float64Array,
  diag: Float64Array,
  sup: Float64Array,
  d: Float64Array,
  sd: number,
  od: number,
  x: Float64Array,
  sx: number,
  ox: number,
  work: Float64Array,
): void {
  let beta = diag[0]!;
  x[ox] = d[od]! / beta;
  for (let j = 1; j < n; j++) {
    work[j] = sup[j - 1]! / beta;
    beta = diag[j]! - sub[j]! * work[j]!;
    x[ox + j * sx] = (d[od + j * sd]! - sub[j]! * x[ox + (j - 1) * sx]!) / beta;
  }
  for (let j = n - 2; j >= 0; j--) x[ox + j * sx] = x[ox + j * sx]! - work[j + 1]! * x[ox + (j + 1) * sx]!;
}

/**
 * Cyclic system: as thomasSolve plus the corner entries `cornerLo` = A[n−1][0] and
 * `cornerHi` = A[0][n−1]. Needs n ≥ 3; `work` needs 3n entries. x and d must not alias.
 */
export function cyclicThomasSolve(
  n: number,
  sub: Float64Array,
  diag: Float64Array,
  sup: Float64Array,
  cornerLo: number,
  cornerHi: number,
  d: Float64Array,
  sd: number,
  od: number,
  x: Float64Array,
  sx: number,
  ox: number,
  work: Float64Array,
): void {
  const gamma = -diag[0]!;
  const diag2 = work.subarray(n, 2 * n);
  diag2.set(diag.subarray(0, n));
  diag2[0] = diag[0]! - gamma;
  diag2[n - 1] = diag[n - 1]! - (cornerLo * cornerHi) / gamma;
  // y = A'^{-1} d (into x), z = A'^{-1} [gamma, 0, ..., 0, cornerLo]
  thomasSolve(n, sub, diag2, sup, d, sd, od, x, sx, ox, work);
  const z = work.subarray(2 * n, 3 * n);
  z.fill(0);
  z[0] = gamma;
  z[n - 1] = cornerLo;
  thomasSolve(n, sub, diag2, sup, z, 1, 0, z, 1, 0, work);
  const vy = x[ox]! + (cornerHi / gamma) * x[ox + (n - 1) * sx]!;
  const vz = z[0]! + (cornerHi / gamma) * z[n - 1]!;
  const k = vy / (1 + vz);
  for (let j = 0; j < n; j++) x[ox + j * sx] = x[ox + j * sx]! - k * z[j]!;
}
