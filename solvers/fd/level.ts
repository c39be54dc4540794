/**
 * One level of a 5-point operator on a padded 2-D array (see docs/solvers-fd.md §Operator):
 *
 *   (A u)_p = σ_p u_p + Σ_faces w_f (u_p − u_q),
 *
 * with face weights w_f = a_f / h² along each axis. A 1-D problem is the 2-D one with a single
 * row (axis 0 of kind "none": no faces). Arrays carry one ghost layer on each side
 * (index p = (i+1)·S + (j+1), S = n1 + 2) so the kernels have no boundary branches:
 *
 * - dirichlet: ghost values stay 0 (the boundary node u = 0 sits one h beyond the first
 *   unknown); the boundary face keeps its weight, which puts w_f on the diagonal.
 * - neumann: boundary face weight 0 (ghost reflection u_{-1} = u_0, the cell-centred layout).
 * - periodic: ghosts are copies of the opposite edge (refreshed by fillGhosts); the face
 *   weights at face 0 and face n are equal (one physical face).
 */
import type { BoundaryCondition } from "../../core/index.js";

export type AxisKind = BoundaryCondition | "none";

export interface Level {
  readonly n0: number;
  readonly n1: number;
  readonly k0: AxisKind;
  readonly k1: AxisKind;
  /** Row stride of the padded arrays (n1 + 2). */
  readonly S: number;
  /** wn[p]: weight of the face between p and p − S (rows 1..n0+1 used). */
  readonly wn: Float64Array;
  /** ww[p]: weight of the face between p and p − 1 (columns 1..n1+1 used). */
  readonly ww: Float64Array;
  /** Diagonal shift σ (padded), or null for σ = 0. */
  readonly sigma: Float64Array | null;
  /** 1 / diagonal (the kernels rebuild the diagonal itself from the loaded face weights). */
  readonly invDiag: Float64Array;
  /** No Dirichlet axis and σ = 0: A is singular with the constants as null space. */
  readonly singular: boolean;
  /**
   * Set when every face weight along each axis and σ are the same (constant-coefficient
   * Dirichlet/periodic levels): the kernels then skip the weight arrays, about halving the
   * memory traffic per point.
   */
  readonly uniform: { readonly c0: number; readonly c1: number; readonly d: number; readonly invD: number } | null;
}

export function paddedSize(n0: number, n1: number): number {
  return (n0 + 2) * (n1 + 2);
}

/** Assemble a level from face weights (and optional σ) given in padded layout. */
export function makeLevel(
  n0: number,
  n1: number,
  k0: AxisKind,
  k1: AxisKind,
  wn: Float64Array,
  ww: Float64Array,
  sigma: Float64Array | null,
): Level {
  const S = n1 + 2;
  const invDiag = new Float64Array(paddedSize(n0, n1));
  let anyShift = false;
  let sameDiag = true;
  const d0 = (sigma === null ? 0 : sigma[S + 1]!) + wn[S + 1]! + wn[2 * S + 1]! + ww[S + 1]! + ww[S + 2]!;
  for (let i = 1; i <= n0; i++) {
    for (let j = 1, p = i * S + 1; j <= n1; j++, p++) {
      const s = sigma === null ? 0 : sigma[p]!;
      if (s !== 0) anyShift = true;
      const d = s + wn[p]! + wn[p + S]! + ww[p]! + ww[p + 1]!;
      if (d !== d0) sameDiag = false;
      invDiag[p] = d > 0 ? 1 / d : 0;
    }
  }
  const singular = !anyShift && k0 !== "dirichlet" && k1 !== "dirichlet";
  const uniform = sameDiag && d0 > 0 ? uniformity(n0, n1, wn, ww, d0) : null;
  return { n0, n1, k0, k1, S, wn, ww, sigma: anyShift ? sigma : null, invDiag, singular, uniform };
}

function uniformity(n0: number, n1: number, wn: Float64Array, ww: Float64Array, d: number): Level["uniform"] {
  const S = n1 + 2;
  const c0 = wn[S + 1]!;
  const c1 = ww[S + 1]!;
  for (let i = 1; i <= n0 + 1; i++) {
    for (let j = 1, p = i * S + 1; j <= n1 + 1; j++, p++) {
      if (j <= n1 && wn[p] !== c0) return null;
      if (i <= n0 && ww[p] !== c1) return null;
    }
  }
  return { c0, c1, d, invD: 1 / d };
}

/** Refresh periodic ghost cells of `u` (non-periodic ghosts are never written and stay 0). */
export function fillGhosts(L: Level, u: Float64Array): void {
  const { n0, n1, S } = L;
  if (L.k0 === "periodic") {
    const top = n0 * S;
    const bottom = (n0 + 1) * S;
    for (let j = 1; j <= n1; j++) {
      u[j] = u[top + j]!;
      u[bottom + j] = u[S + j]!;
    }
  }
  if (L.k1 === "periodic") {
    for (let i = 1, r = S; i <= n0; i++, r += S) {
      u[r] = u[r + n1]!;
      u[r + n1 + 1] = u[r + 1]!;
    }
  }
}

/** out = A u on the interior (u's ghosts are refreshed first); returns u·(A u). */
export function applyOperator(L: Level, u: Float64Array, out: Float64Array): number {
  fillGhosts(L, u);
  const { n0, n1, S, wn, ww } = L;
  let dot = 0;
  if (L.uniform !== null) {
    const { c0, c1, d } = L.uniform;
    for (let i = 1; i <= n0; i++) {
      for (let j = 1, p = i * S + 1; j <= n1; j++, p++) {
        const v = d * u[p]! - c0 * (u[p - S]! + u[p + S]!) - c1 * (u[p - 1]! + u[p + 1]!);
        out[p] = v;
        dot += u[p]! * v;
      }
    }
    return dot;
  }
  // The diagonal is rebuilt from the face weights already loaded (one memory stream fewer).
  const sg = L.sigma;
  for (let i = 1; i <= n0; i++) {
    for (let j = 1, p = i * S + 1; j <= n1; j++, p++) {
      const a = wn[p]!;
      const b = wn[p + S]!;
      const c = ww[p]!;
      const e = ww[p + 1]!;
      const up = u[p]!;
      const v = ((sg === null ? 0 : sg[p]!) + a + b + c + e) * up - a * u[p - S]! - b * u[p + S]! - c * u[p - 1]! - e * u[p + 1]!;
      out[p] = v;
      dot += up * v;
    }
  }
  return dot;
}

/** r = f − A u on the interior; returns ‖r‖₂². */
export function residual(L: Level, u: Float64Array, f: Float64Array, r: Float64Array): number {
  fillGhosts(L, u);
  let ss = 0;
  for (let i = 1; i <= L.n0; i++) ss += residualRow(L, u, f, i, r, i * L.S + 1);
  return ss;
}

/**
 * Row i of f − A u into r[ro .. ro + n1) (ghosts of u must be current); returns the row's sum
 * of squares. Used row by row so the multigrid restriction never stores the whole residual.
 */
export function residualRow(L: Level, u: Float64Array, f: Float64Array, i: number, r: Float64Array, ro: number): number {
  const { n1, S } = L;
  let ss = 0;
  const p0 = i * S + 1;
  if (L.uniform !== null) {
    const { c0, c1, d } = L.uniform;
    for (let j = 0, p = p0; j < n1; j++, p++) {
      const v = f[p]! - (d * u[p]! - c0 * (u[p - S]! + u[p + S]!) - c1 * (u[p - 1]! + u[p + 1]!));
      r[ro + j] = v;
      ss += v * v;
    }
    return ss;
  }
  // The diagonal is rebuilt from the face weights already loaded (one memory stream fewer).
  const { wn, ww } = L;
  const sg = L.sigma;
  for (let j = 0, p = p0; j < n1; j++, p++) {
    const a = wn[p]!;
    const b = wn[p + S]!;
    const c = ww[p]!;
    const e = ww[p + 1]!;
    const Au = ((sg === null ? 0 : sg[p]!) + a + b + c + e) * u[p]! - a * u[p - S]! - b * u[p + S]! - c * u[p - 1]! - e * u[p + 1]!;
    const v = f[p]! - Au;
    r[ro + j] = v;
    ss += v * v;
  }
  return ss;
}

/** Gauss–Seidel update of the points of one colour ((i + j) mod 2, padded indices) in row i. */
function smoothRow(L: Level, u: Float64Array, f: Float64Array, i: number, colour: number): void {
  const { n1, S } = L;
  const j0 = 1 + ((i + 1 + colour) & 1);
  if (L.uniform !== null) {
    const { c0, c1, invD } = L.uniform;
    for (let j = j0, p = i * S + j0; j <= n1; j += 2, p += 2)
      u[p] = (f[p]! + c0 * (u[p - S]! + u[p + S]!) + c1 * (u[p - 1]! + u[p + 1]!)) * invD;
    return;
  }
  const { wn, ww, invDiag } = L;
  for (let j = j0, p = i * S + j0; j <= n1; j += 2, p += 2) {
    u[p] =
      (f[p]! + wn[p]! * u[p - S]! + wn[p + S]! * u[p + S]! + ww[p]! * u[p - 1]! + ww[p + 1]! * u[p + 1]!) * invDiag[p]!;
  }
}

function fillRowGhosts(L: Level, u: Float64Array, i: number): void {
  if (L.k1 !== "periodic") return;
  const r = i * L.S;
  u[r] = u[r + L.n1]!;
  u[r + L.n1 + 1] = u[r + 1]!;
}

/**
 * The first red-black sweep from u = 0 without reading u: the first colour's neighbours are all
 * of the other colour (still 0), so u = f/diag there; the second colour then updates normally.
 * Writes every interior point, so u needs no zero fill. Only for levels without periodic axes
 * (their ghosts would copy unwritten values); others must zero u and use smoothSweep.
 */
export function smoothSweepFromZero(L: Level, u: Float64Array, f: Float64Array, first: number): void {
  const { n0, n1, S } = L;
  const second = first ^ 1;
  for (let i = 1; i <= n0 + 1; i++) {
    if (i <= n0) {
      // Both colours of row i: the first from f alone, the second zeroed for now.
      const p0 = i * S + 1;
      if (L.uniform !== null) {
        const invD = L.uniform.invD;
        for (let j = 1, p = p0; j <= n1; j++, p++) u[p] = ((i + j) & 1) === first ? f[p]! * invD : 0;
      } else {
        const invDiag = L.invDiag;
        for (let j = 1, p = p0; j <= n1; j++, p++) u[p] = ((i + j) & 1) === first ? f[p]! * invDiag[p]! : 0;
      }
    }
    if (i >= 2) smoothRow(L, u, f, i - 1, second);
  }
}

/**
 * One red-black Gauss–Seidel sweep: all points of colour `first`, then the other colour. Points
 * of one colour only couple to the other, so each half-sweep is order independent; the two
 * half-sweeps are fused into one pass over memory (the second colour of row i−1 right after
 * the first colour of row i), except when axis 0 is periodic (its ghost rows would lag).
 */
export function smoothSweep(L: Level, u: Float64Array, f: Float64Array, first: number): void {
  const second = first ^ 1;
  fillGhosts(L, u);
  if (L.k0 === "periodic") {
    for (let i = 1; i <= L.n0; i++) smoothRow(L, u, f, i, first);
    fillGhosts(L, u);
    for (let i = 1; i <= L.n0; i++) smoothRow(L, u, f, i, second);
    return;
  }
  for (let i = 1; i <= L.n0 + 1; i++) {
    if (i <= L.n0) {
      smoothRow(L, u, f, i, first);
      fillRowGhosts(L, u, i);
    }
    if (i >= 2) {
      smoothRow(L, u, f, i - 1, second);
      fillRowGhosts(L, u, i - 1);
    }
  }
}

export function dotInterior(L: Level, a: Float64Array, b: Float64Array): number {
  const { n0, n1, S } = L;
  let s = 0;
  for (let i = 1; i <= n0; i++) for (let j = 1, p = i * S + 1; j <= n1; j++, p++) s += a[p]! * b[p]!;
  return s;
}

export function meanInterior(L: Level, a: Float64Array): number {
  const { n0, n1, S } = L;
  let s = 0;
  for (let i = 1; i <= n0; i++) for (let j = 1, p = i * S + 1; j <= n1; j++, p++) s += a[p]!;
  return s / (n0 * n1);
}

/** Subtract the interior mean (projection onto the range of a singular level). */
export function removeMean(L: Level, a: Float64Array): void {
  const m = meanInterior(L, a);
  const { n0, n1, S } = L;
  for (let i = 1; i <= n0; i++) for (let j = 1, p = i * S + 1; j <= n1; j++, p++) a[p] = a[p]! - m;
}

/** Copy a contiguous n0×n1 array into the interior of a padded one (and back). */
export function toPadded(n0: number, n1: number, src: Float64Array, dst: Float64Array): void {
  const S = n1 + 2;
  for (let i = 0; i < n0; i++) dst.set(src.subarray(i * n1, (i + 1) * n1), (i + 1) * S + 1);
}

export function fromPadded(n0: number, n1: number, src: Float64Array, dst: Float64Array): void {
  const S = n1 + 2;
  for (let i = 0; i < n0; i++) dst.set(src.subarray((i + 1) * S + 1, (i + 1) * S + 1 + n1), i * n1);
}
