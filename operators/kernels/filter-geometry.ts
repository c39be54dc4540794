/**
 * Geometry of the fused symmetric filter on one grid: each axis is filtered as a periodic
 * sequence of length N (Fourier: the grid itself; sine/Dirichlet: its odd extension of length
 * 2(n+1); cosine/Neumann: its even extension about the half points, length 2n). The heat
 * filter's multiplier is even in every frequency, so it maps the extension of x to the
 * extension of y, and the filtered grid values are read back from it
 * (docs/operators-spectral.md §Fused kernels).
 *
 * Per axis: map/sgn (extended index → source point or −1, and sign), rmap (grid point →
 * extended index), cls (frequency row f of the length-N DFT → mode class |f| in the layout of
 * the multiplier, or −1 when that mode is not kept).
 */
import { InvalidArgumentError } from "../../core/index.js";
import type { AxisBasis } from "../spectral/index.js";

export interface AxisGeometry {
  n: number;
  N: number;
  basis: AxisBasis;
  /** Kept mode classes (first dimension of the multiplier along this axis). */
  M: number;
  map: Int32Array;
  sgn: Float32Array;
  rmap: Int32Array;
  cls: Int32Array;
}

/** Mode classes an axis has: Fourier |f| ≤ ⌊n/2⌋, sine 1..n, cosine 0..n−1. */
export function modeClasses(basis: AxisBasis, n: number): number {
  return basis === "fourier" ? Math.floor(n / 2) + 1 : n;
}

export function axisGeometry(basis: AxisBasis, n: number, M: number): AxisGeometry {
  const max = modeClasses(basis, n);
  if (!Number.isInteger(M) || M < 1 || M > max)
    throw new InvalidArgumentError("multiplier modes", M, `must be an integer in [1, ${max}] for a ${basis} axis of ${n} points`);
  const N = basis === "fourier" ? n : basis === "sine" ? 2 * (n + 1) : 2 * n;
  const map = new Int32Array(N);
  const sgn = new Float32Array(N).fill(1);
  const rmap = new Int32Array(n);
  const cls = new Int32Array(N);
  for (let e = 0; e < N; e++) {
    if (basis === "fourier") map[e] = e;
    else if (basis === "cosine") map[e] = e < n ? e : N - 1 - e;
    else if (e === 0 || e === n + 1) map[e] = -1;
    else if (e <= n) map[e] = e - 1;
    else {
      map[e] = N - e - 1; // x̃_e = −x̃_{N−e}
      sgn[e] = -1;
    }
    const f = Math.min(e, N - e);
    const c = basis === "sine" ? f - 1 : f;
    cls[e] = c >= 0 && c < M && (basis !== "cosine" || f < n) ? c : -1;
  }
  for (let j = 0; j < n; j++) rmap[j] = basis === "sine" ? j + 1 : j;
  return { n, N, basis, M, map, sgn, rmap, cls };
}

/** The trivial outer axis that lets a 1-D grid use the 2-D code path. */
export function unitAxis(): AxisGeometry {
  return { n: 1, N: 1, basis: "fourier", M: 1, map: Int32Array.of(0), sgn: Float32Array.of(1), rmap: Int32Array.of(0), cls: Int32Array.of(0) };
}
