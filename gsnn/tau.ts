/**
 * Heat-filter scales. τ is in physical units (the filter multiplies mode k by exp(−τ²|k|²) with
 * k = 2πm/L on periodic axes, πm/L on sine/cosine axes; docs/conventions.md §GSNN) and is
 * stored as log τ, which keeps it positive and makes Adam steps relative rather than absolute.
 */
import { InvalidArgumentError, requireInteger, requirePositive, type BoundaryCondition } from "../core/index.js";
import type { AxisBasis } from "../operators/index.js";

/** Spectral basis per axis for a grid's boundary conditions (periodic → fourier, dirichlet → sine, neumann → cosine). */
export function basesForBc(bc: readonly BoundaryCondition[]): AxisBasis[] {
  return bc.map((b) => (b === "periodic" ? "fourier" : b === "dirichlet" ? "sine" : "cosine"));
}

/** `count` values log-spaced over [lo, hi] (lo when count = 1 is the geometric mean). */
export function logSpaced(count: number, lo: number, hi: number): number[] {
  requireInteger("count", count, 1);
  requirePositive("lo", lo);
  requirePositive("hi", hi);
  if (hi < lo) throw new InvalidArgumentError("hi", hi, `must be >= lo (${lo})`);
  if (count === 1) return [Math.sqrt(lo * hi)];
  return Array.from({ length: count }, (_, j) => lo * (hi / lo) ** (j / (count - 1)));
}

/**
 * τ range over which τ²|k|² spans [lo, hi] on a grid: τ_min = √lo / k_max, τ_max = √hi / k_min,
 * with k_min the lowest nonzero and k_max the highest wavenumber of the grid over all axes.
 */
export function tauRangeForGrid(
  lengths: readonly number[],
  shape: readonly number[],
  bc: readonly BoundaryCondition[],
  spread: readonly [number, number] = [0.1, 10],
): [number, number] {
  let kMin = Infinity;
  let kMax = 0;
  lengths.forEach((L, a) => {
    requirePositive(`lengths[${a}]`, L);
    const n = requireInteger(`shape[${a}]`, shape[a], 1);
    const periodic = bc[a] === "periodic";
    const unit = (periodic ? 2 * Math.PI : Math.PI) / L;
    kMin = Math.min(kMin, unit);
    kMax = Math.max(kMax, unit * (periodic ? Math.floor(n / 2) : n));
  });
  return [Math.sqrt(spread[0]) / kMax, Math.sqrt(spread[1]) / kMin];
}

/** Default initial τ of a bank of `count` filters on a domain: log-spaced so that τ²k₁² runs
 * over [1e-3, 1e-1] for the lowest wavenumber k₁ = 2π/L_max (one filter: τ²k₁² = 1e-2). */
export function defaultTauInit(count: number, lengths: readonly number[]): number[] {
  const k1 = (2 * Math.PI) / Math.max(...lengths);
  return logSpaced(count, Math.sqrt(1e-3) / k1, Math.sqrt(1e-1) / k1);
}
