/**
 * Angular wavenumbers of a Grid's spectral basis along one axis (docs/conventions.md §Fourier):
 * periodic k = 2πm/L in numpy fftfreq order (m = 0..⌈n/2⌉−1, then −⌊n/2⌋..−1); Dirichlet
 * (DST-I sine modes) k = πm/L, m = 1..n; Neumann (DCT-II cosine modes) k = πm/L, m = 0..n−1.
 */
import { InvalidArgumentError, type Grid } from "../../core/index.js";
import { resolveAxis } from "./lines.js";

export interface WavenumberOptions {
  /** Periodic axes only: the ⌊n/2⌋+1 non-negative wavenumbers of an rfft (numpy rfftfreq). */
  half?: boolean;
}

export function angularWavenumbers(grid: Grid, axis: number, opts: WavenumberOptions = {}): Float64Array {
  if (typeof grid !== "object" || grid === null || !Array.isArray(grid.shape))
    throw new InvalidArgumentError("grid", grid, "must be a Grid (see makeGrid)");
  const a = resolveAxis("axis", axis, grid.shape.length);
  const n = grid.shape[a]!;
  const L = grid.lengths[a]!;
  const bc = grid.bc[a]!;
  if (bc === "periodic") {
    const count = opts.half ? Math.floor(n / 2) + 1 : n;
    const k = new Float64Array(count);
    const c = (2 * Math.PI) / L;
    for (let j = 0; j < count; j++) k[j] = c * (j < Math.ceil(n / 2) || opts.half ? j : j - n);
    return k;
  }
  if (opts.half) throw new InvalidArgumentError("half", true, `applies only to periodic axes, axis ${a} is ${bc}`);
  const k = new Float64Array(n);
  const shift = bc === "dirichlet" ? 1 : 0;
  for (let j = 0; j < n; j++) k[j] = (Math.PI * (j + shift)) / L;
  return k;
}
