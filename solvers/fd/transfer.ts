/**
 * Grid transfers and coarse operators for the multigrid hierarchy (docs/solvers-fd.md
 * §Multigrid). Per axis, by layout:
 *
 * - dirichlet (vertex-centred, n = 2m+1 interior nodes): coarse node J is fine node 2J+1;
 *   prolongation is linear interpolation, restriction full weighting (¼, ½, ¼).
 * - periodic (vertex-centred, n = 2m): coarse node J is fine node 2J; same stencils, wrapped.
 * - neumann (cell-centred, n = 2m): coarse cell J covers fine cells 2J, 2J+1; prolongation is
 *   linear interpolation between cell centres (¾, ¼) with reflection at the walls, restriction
 *   its scaled transpose (⅛, ⅜, ⅜, ⅛).
 *
 * In every case restriction = ½ Pᵀ per coarsened axis, so a V-cycle with symmetric smoothing
 * is a symmetric preconditioner. 2-D transfers are tensor products applied axis by axis.
 */
import type { AxisKind, Level } from "./level.js";
import { makeLevel, paddedSize } from "./level.js";

/** Coarse size along an axis, or null if the axis cannot be coarsened further. */
export function coarsenSize(kind: AxisKind, n: number): number | null {
  if (kind === "dirichlet") return n >= 3 && n % 2 === 1 ? (n - 1) / 2 : null;
  if (kind === "periodic" || kind === "neumann") return n >= 4 && n % 2 === 0 ? n / 2 : null;
  return null;
}

/** y[J] = (R x)[J] along one axis; nc coarse points; strided views. */
function restrict1d(kind: AxisKind, nc: number, x: Float64Array, ox: number, sx: number, y: Float64Array, oy: number, sy: number): void {
  if (kind === "none") {
    y[oy] = x[ox]!;
    return;
  }
  const nf = kind === "dirichlet" ? 2 * nc + 1 : 2 * nc;
  const at = (i: number): number => x[ox + i * sx]!;
  for (let J = 0; J < nc; J++) {
    let v: number;
    if (kind === "dirichlet") v = 0.25 * at(2 * J) + 0.5 * at(2 * J + 1) + 0.25 * at(2 * J + 2);
    else if (kind === "periodic") v = 0.25 * at(J === 0 ? nf - 1 : 2 * J - 1) + 0.5 * at(2 * J) + 0.25 * at(2 * J + 1);
    else v = 0.375 * (at(2 * J) + at(2 * J + 1)) + 0.125 * (at(J === 0 ? 0 : 2 * J - 1) + at(J === nc - 1 ? nf - 1 : 2 * J + 2));
    y[oy + J * sy] = v;
  }
}

/** y += P x along one axis (x coarse with nc points). */
function prolongAdd1d(kind: AxisKind, nc: number, x: Float64Array, ox: number, sx: number, y: Float64Array, oy: number, sy: number): void {
  if (kind === "none") {
    y[oy] = y[oy]! + x[ox]!;
    return;
  }
  const at = (J: number): number => x[ox + J * sx]!;
  if (kind === "dirichlet") {
    const nf = 2 * nc + 1;
    for (let i = 0; i < nf; i++) {
      const J = i >> 1;
      const v = i & 1 ? at(J) : 0.5 * ((J > 0 ? at(J - 1) : 0) + (J < nc ? at(J) : 0));
      y[oy + i * sy] = y[oy + i * sy]! + v;
    }
  } else if (kind === "periodic") {
    for (let J = 0; J < nc; J++) {
      const a = at(J);
      const b = at(J + 1 === nc ? 0 : J + 1);
      y[oy + 2 * J * sy] = y[oy + 2 * J * sy]! + a;
      y[oy + (2 * J + 1) * sy] = y[oy + (2 * J + 1) * sy]! + 0.5 * (a + b);
    }
  } else {
    for (let J = 0; J < nc; J++) {
      const a = at(J);
      const lo = at(J > 0 ? J - 1 : 0);
      const hi = at(J + 1 < nc ? J + 1 : nc - 1);
      y[oy + 2 * J * sy] = y[oy + 2 * J * sy]! + 0.75 * a + 0.25 * lo;
      y[oy + (2 * J + 1) * sy] = y[oy + (2 * J + 1) * sy]! + 0.75 * a + 0.25 * hi;
    }
  }
}

/** A fine level, its coarse level and a scratch buffer for the separable transfers. */
export interface Transfer {
  readonly fine: Level;
  readonly coarse: Level;
  readonly tmp: Float64Array;
}

/** Coarse interior ← R (fine interior), both padded. */
export function restrict(T: Transfer, fine: Float64Array, coarse: Float64Array): void {
  const F = T.fine;
  const C = T.coarse;
  const t = T.tmp;
  for (let i = 0; i < F.n0; i++) {
    if (F.n1 === C.n1) t.set(fine.subarray((i + 1) * F.S + 1, (i + 1) * F.S + 1 + F.n1), i * C.n1);
    else restrict1d(F.k1, C.n1, fine, (i + 1) * F.S + 1, 1, t, i * C.n1, 1);
  }
  for (let J = 0; J < C.n1; J++) {
    if (F.n0 === C.n0) for (let i = 0; i < F.n0; i++) coarse[(i + 1) * C.S + 1 + J] = t[i * C.n1 + J]!;
    else restrict1d(F.k0, C.n0, t, J, C.n1, coarse, C.S + 1 + J, C.S);
  }
}

/** fine interior += P (coarse interior). */
export function prolongAdd(T: Transfer, coarse: Float64Array, fine: Float64Array): void {
  const F = T.fine;
  const C = T.coarse;
  const t = T.tmp;
  t.fill(0, 0, C.n0 * F.n1);
  for (let I = 0; I < C.n0; I++) {
    if (F.n1 === C.n1) t.set(coarse.subarray((I + 1) * C.S + 1, (I + 1) * C.S + 1 + C.n1), I * F.n1);
    else prolongAdd1d(F.k1, C.n1, coarse, (I + 1) * C.S + 1, 1, t, I * F.n1, 1);
  }
  for (let j = 0; j < F.n1; j++) {
    if (F.n0 === C.n0) for (let I = 0; I < C.n0; I++) fine[(I + 1) * F.S + 1 + j] = fine[(I + 1) * F.S + 1 + j]! + t[I * F.n1 + j]!;
    else prolongAdd1d(F.k0, C.n0, t, j, F.n1, fine, F.S + 1 + j, F.S);
  }
}

/**
 * Coarse weight of the face along a coarsened axis, from the fine faces it spans: two faces
 * in series (harmonic combination) for the vertex layouts, the coinciding face for the cell
 * layout; the factor ¼ is h² → (2h)².
 */
function normalWeight(kind: AxisKind, face: (f: number) => number, K: number, nf: number): number {
  if (kind === "neumann") return 0.25 * face(2 * K);
  const w1 = kind === "dirichlet" ? face(2 * K) : face(K === 0 ? nf - 1 : 2 * K - 1);
  const w2 = kind === "dirichlet" ? face(2 * K + 1) : face(2 * K);
  const s = w1 + w2;
  return s > 0 ? (0.5 * w1 * w2) / s : 0;
}

/**
 * Rediscretised coarse operator: face weights combined along the face normal (normalWeight)
 * and averaged across it with the restriction weights; σ restricted. Returns null when an
 * active axis cannot be coarsened (the caller then solves this level directly).
 */
export function coarsen(L: Level): Transfer | null {
  const c0 = L.k0 === "none" ? 1 : coarsenSize(L.k0, L.n0);
  const c1 = L.k1 === "none" ? 1 : coarsenSize(L.k1, L.n1);
  if (c0 === null || c1 === null || (c0 === L.n0 && c1 === L.n1)) return null;
  const Sc = c1 + 2;
  const size = paddedSize(c0, c1);
  const tmp = new Float64Array(Math.max(L.n0 * (c1 + 1), (L.n0 + 1) * L.n1, c0 * L.n1) + 1);
  const probe: Level = { ...L, n0: c0, n1: c1, S: Sc }; // shapes only, for restrict()
  const T = { fine: L, coarse: probe, tmp };

  // Faces along axis 0 (weights wn): coarse face rows K = 0..c0, then average across axis 1.
  const wn = new Float64Array(size);
  const g = new Float64Array((c0 + 1) * L.n1);
  for (let j = 0; j < L.n1; j++) {
    const face = (f: number): number => L.wn[(f + 1) * L.S + j + 1]!;
    for (let K = 0; K <= c0; K++) g[K * L.n1 + j] = c0 === L.n0 ? face(K) : normalWeight(L.k0, face, K, L.n0);
  }
  for (let K = 0; K <= c0; K++) {
    if (c1 === L.n1) wn.set(g.subarray(K * L.n1, (K + 1) * L.n1), (K + 1) * Sc + 1);
    else restrict1d(L.k1, c1, g, K * L.n1, 1, wn, (K + 1) * Sc + 1, 1);
  }
  // Faces along axis 1 (weights ww): coarse face columns K = 0..c1, then average across axis 0.
  const ww = new Float64Array(size);
  const h = new Float64Array(L.n0 * (c1 + 1));
  for (let i = 0; i < L.n0; i++) {
    const face = (f: number): number => L.ww[(i + 1) * L.S + f + 1]!;
    for (let K = 0; K <= c1; K++) h[i * (c1 + 1) + K] = c1 === L.n1 ? face(K) : normalWeight(L.k1, face, K, L.n1);
  }
  for (let K = 0; K <= c1; K++) {
    if (c0 === L.n0) for (let i = 0; i < L.n0; i++) ww[(i + 1) * Sc + K + 1] = h[i * (c1 + 1) + K]!;
    else restrict1d(L.k0, c0, h, K, c1 + 1, ww, Sc + K + 1, Sc);
  }
  let sigma: Float64Array | null = null;
  if (L.sigma !== null) {
    sigma = new Float64Array(size);
    restrict(T, L.sigma, sigma);
  }
  const coarse = makeLevel(c0, c1, L.k0, L.k1, wn, ww, sigma);
  return { fine: L, coarse, tmp };
}
