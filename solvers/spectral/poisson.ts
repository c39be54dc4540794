/**
 * Poisson −Δu = f on a Grid by diagonalisation in the grid's spectral basis: û = f̂/λ.
 * Dirichlet axes (DST-I) make −Δ invertible. With only periodic/Neumann axes λ = 0 for the
 * constant mode: a solution exists only if f has zero mean (the compatibility condition
 * ∫f = 0; on the grid, the mean of the samples). A mean beyond round-off is an error, never
 * silently removed; the zero-mean solution is returned.
 *
 * `eigenvalues: "discrete"` divides by the 5-point (3-point per axis) finite-difference
 * eigenvalues, so the result solves the finite-difference system on the same grid exactly (to
 * round-off) — the reference for the multigrid solvers. "continuous" (default) divides by |k|²
 * and is spectrally accurate for smooth data. See docs/conventions.md §Heat and Poisson.
 */
import { InvalidArgumentError, makeField, toContiguous, type Field, type Grid } from "../../core/index.js";
import { coefficientEigenvalues, forwardSpectral, hasNullMode, inverseSpectral, type EigenvalueKind } from "./transform.js";
import { requireEigenvalueKind, requireGrid, requireGridField } from "./validate.js";

export interface PoissonOptions {
  /** "continuous" λ = |k|² (default) or "discrete" finite-difference eigenvalues. */
  eigenvalues?: EigenvalueKind;
}

/** Solve −Δu = f with the grid's boundary conditions. */
export function poissonSpectral(grid: Grid, f: Field, opts: PoissonOptions = {}): Field {
  requireGrid(grid);
  requireGridField("f", grid, f);
  const kind = requireEigenvalueKind(opts?.eigenvalues);
  const nullMode = hasNullMode(grid);
  if (nullMode) requireZeroMean(grid, f);
  const c = forwardSpectral(grid, f);
  const lam = coefficientEigenvalues(grid, c, kind);
  const re = makeField(c.re.shape);
  const im = c.im ? makeField(c.im.shape) : null;
  for (let p = nullMode ? 1 : 0; p < lam.length; p++) {
    const inv = 1 / lam[p]!;
    re.data[p] = c.re.data[p]! * inv;
    if (im) im.data[p] = c.im!.data[p]! * inv;
  }
  return inverseSpectral(grid, { re, im, realAxis: c.realAxis });
}

function requireZeroMean(grid: Grid, f: Field): void {
  const n = f.data.length === 0 ? 0 : grid.shape.reduce((a, b) => a * b, 1);
  let sum = 0;
  let maxAbs = 0;
  const data = toContiguous(f).data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    sum += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / n;
  // Summation round-off grows like sqrt(n)·eps·max|f|; allow a generous multiple of it.
  const tol = 64 * Number.EPSILON * Math.sqrt(n) * maxAbs;
  if (Math.abs(mean) > tol) {
    const where = grid.bc.includes("neumann") ? "Neumann/periodic" : "periodic";
    throw new InvalidArgumentError(
      "f",
      mean,
      `must have zero mean for Poisson with ${where} boundaries (solvable only then; round-off tolerance ${tol.toExponential(1)}): the mean`,
    );
  }
}
