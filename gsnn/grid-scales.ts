/**
 * The grid's wavenumber range and the linear path's default diffusion times, shared by the GSNN
 * builder and its users (docs/gsnn.md §Linear spectral path).
 */
import { gridSpacing, type Grid } from "../core/index.js";

/** k_min and k_max over the grid's axes (2π/L … π/h on periodic axes, π/L … π/h otherwise). */
export function gridWavenumberRange(grid: Grid): { kMin: number; kMax: number } {
  let kMin = Infinity;
  let kMax = 0;
  grid.shape.forEach((_, a) => {
    const L = grid.lengths[a]!;
    kMin = Math.min(kMin, (grid.bc[a] === "periodic" ? 2 * Math.PI : Math.PI) / L);
    kMax = Math.max(kMax, Math.PI / gridSpacing(grid, a));
  });
  return { kMin, kMax };
}

/**
 * Diffusion times of the linear path: J log-spaced t with t·|k|² spanning 0.1 … 10 over the
 * grid's wavenumbers (t from 0.1/k_max² to 10/k_min²), as measured best (docs/gsnn.md §Linear spectral path).
 */
export function linearPathTimes(grid: Grid, count: number): number[] {
  const { kMin, kMax } = gridWavenumberRange(grid);
  const lo = Math.log(0.1 / (kMax * kMax));
  const hi = Math.log(10 / (kMin * kMin));
  return Array.from({ length: count }, (_, j) => Math.exp(count === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * j) / (count - 1)));
}
