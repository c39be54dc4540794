/**
 * Grid transfers and coarse operators for the multigrid hierarchy (docs/solvers-fd.md
 * §Multigrid). Levels are in finite-volume scaling (rows multiplied by the control volume,
 * face weights are conductances), so the coarse operator of any coarsening is symmetric and
 * restriction is exactly Pᵀ. Per axis, by layout:
 *
 * - dirichlet (vertex-centred): coarse point J is fine point 2J+1 (n → ⌊n/2⌋); prolongation is
 *   linear interpolation, restriction Pᵀ = 2 × full weighting (½, 1, ½).
 * - periodic (vertex-centred): coarse point J is fine point 2J (n → ⌈n/2⌉); same stencils.
 * - neumann (cell-centred, even n): coarse cell J covers fine cells 2J, 2J+1; prolongation is
 *   linear interpolation between centres (¾, ¼) with reflection at the walls; restriction Pᵀ.
 *
 * 2-D transfers are tensor products applied axis by axis.
 */
import type { AxisKind, Level } from "./level.js";
import { fillGhosts, makeLevel, paddedSize, residualRow } from "./level.js";

/**
 * Coarse size along an axis, or null if the axis cannot be coarsened further. Dirichlet and
 * periodic axes coarsen for any size (the coarse points are every other fine point; an even
 * Dirichlet n or an odd periodic n leaves one coarse interval of length h instead of 2h);
 * Neumann (cell-centred) axes need an even n.
 */
export function coarsenSize(kind: AxisKind, n: number): number | null {
  if (kind === "dirichlet") return n >= 2 ? n >> 1 : null;
  if (kind === "periodic") return n >= 4 ? (n + 1) >> 1 : null;
  if (kind === "neumann") return n >= 4 && n % 2 === 0 ? n / 2 : null;
  return null;
}

/** One axis of a transfer: layout, fine and coarse sizes. */
interface AxisPair {
  kind: AxisKind;
  nf: number;
  nc: number;
}

/** y[J] = (Pᵀ x)[J] along one axis; strided views. */
function restrict1d(A: AxisPair, x: Float64Array, ox: number, sx: number, y: Float64Array, oy: number, sy: number): void {
  const { kind, nf, nc } = A;
  if (kind === "none") {
    y[oy] = x[ox]!;
    return;
  }
  if (kind === "dirichlet") {
    for (let J = 0, q = ox; J < nc; J++, q += 2 * sx) {
      const right = 2 * J + 2 < nf ? 0.5 * x[q + 2 * sx]! : 0;
      y[oy + J * sy] = 0.5 * x[q]! + x[q + sx]! + right;
    }
  } else if (kind === "periodic") {
    // F-point neighbours of coarse J (fine 2J): 2J−1 and 2J+1 when they exist; with odd nf the
    // last fine point is a coarse point, so nothing wraps.
    for (let J = 0, q = ox; J < nc; J++, q += 2 * sx) {
      const left = J > 0 ? 0.5 * x[q - sx]! : nf % 2 === 0 ? 0.5 * x[ox + (nf - 1) * sx]! : 0;
      const right = 2 * J + 1 < nf ? 0.5 * x[q + sx]! : 0;
      y[oy + J * sy] = x[q]! + left + right;
    }
  } else {
    for (let J = 0, q = ox; J < nc; J++, q += 2 * sx) {
      const lo = J === 0 ? x[ox]! : x[q - sx]!;
      const hi = J === nc - 1 ? x[ox + (nf - 1) * sx]! : x[q + 2 * sx]!;
      y[oy + J * sy] = 0.75 * (x[q]! + x[q + sx]!) + 0.25 * (lo + hi);
    }
  }
}

/** y += P x along one axis (x coarse). */
function prolongAdd1d(A: AxisPair, x: Float64Array, ox: number, sx: number, y: Float64Array, oy: number, sy: number): void {
  const { kind, nf, nc } = A;
  if (kind === "none") {
    y[oy] = y[oy]! + x[ox]!;
    return;
  }
  for (let i = 0, q = oy; i < nf; i++, q += sy) {
    const J = i >> 1;
    const a = J < nc ? x[ox + J * sx]! : 0;
    let v: number;
    if (kind === "dirichlet") v = i & 1 ? a : 0.5 * ((J > 0 ? x[ox + (J - 1) * sx]! : 0) + a);
    else if (kind === "periodic") v = i & 1 ? 0.5 * (a + x[ox + (J + 1 < nc ? J + 1 : 0) * sx]!) : a;
    else {
      const other = i & 1 ? (J + 1 < nc ? J + 1 : J) : J > 0 ? J - 1 : 0;
      v = 0.75 * a + 0.25 * x[ox + other * sx]!;
    }
    y[q] = y[q]! + v;
  }
}

/**
 * Prolongation along one axis as two (coarse index, weight) terms per fine point (index −1:
 * no term). The axis-0 stages use it row by row, so their inner loops run along contiguous rows.
 */
interface Stencil {
  readonly jl: Int32Array;
  readonly wl: Float64Array;
  readonly jr: Int32Array;
  readonly wr: Float64Array;
}

function stencilOf(A: AxisPair): Stencil {
  const { kind, nf, nc } = A;
  const jl = new Int32Array(nf).fill(-1);
  const jr = new Int32Array(nf).fill(-1);
  const wl = new Float64Array(nf);
  const wr = new Float64Array(nf);
  for (let i = 0; i < nf; i++) {
    const J = i >> 1;
    if (kind === "none") [jl[i], wl[i]] = [i, 1]; // not coarsened: identity
    else if (kind === "dirichlet") {
      if (i & 1) [jl[i], wl[i]] = [J, 1];
      else {
        if (J > 0) [jl[i], wl[i]] = [J - 1, 0.5];
        if (J < nc) [jr[i], wr[i]] = [J, 0.5];
      }
    } else if (kind === "periodic") {
      if (i & 1) {
        [jl[i], wl[i]] = [J, 0.5];
        [jr[i], wr[i]] = [J + 1 < nc ? J + 1 : 0, 0.5];
      } else [jl[i], wl[i]] = [J, 1];
    } else {
      [jl[i], wl[i]] = [J, 0.75];
      [jr[i], wr[i]] = [i & 1 ? (J + 1 < nc ? J + 1 : J) : J > 0 ? J - 1 : 0, 0.25];
    }
  }
  return { jl, wl, jr, wr };
}

/** A fine level, its coarse level and a scratch buffer for the separable transfers. */
export interface Transfer {
  readonly fine: Level;
  readonly coarse: Level;
  readonly tmp: Float64Array;
  /** Axis-0 prolongation stencil (fine n0 entries). */
  readonly rows: Stencil;
  /** One fine row of scratch (the residual row in restrictResidual). */
  readonly row: Float64Array;
}

/** dst[od + k] += w · src[os + k] for k < n. */
function axpyRow(n: number, w: number, src: Float64Array, os: number, dst: Float64Array, od: number): void {
  for (let k = 0; k < n; k++) dst[od + k] = dst[od + k]! + w * src[os + k]!;
}

/** Coarse interior ← R (fine interior), both padded. */
export function restrict(T: Transfer, fine: Float64Array, coarse: Float64Array): void {
  const F = T.fine;
  for (let i = 0; i < F.n0; i++) restrictRowAxis1(T, fine, (i + 1) * F.S + 1, i);
  restrictAxis0(T, coarse);
}

/** Coarse interior ← R (f − A u) on the fine level, one residual row at a time. */
export function restrictResidual(T: Transfer, u: Float64Array, f: Float64Array, coarse: Float64Array): void {
  const F = T.fine;
  fillGhosts(F, u);
  for (let i = 0; i < F.n0; i++) {
    residualRow(F, u, f, i + 1, T.row, 0);
    restrictRowAxis1(T, T.row, 0, i);
  }
  restrictAxis0(T, coarse);
}

/** tmp row i ← R along axis 1 of the fine row starting at x[o]. */
function restrictRowAxis1(T: Transfer, x: Float64Array, o: number, i: number): void {
  const F = T.fine;
  const C = T.coarse;
  if (F.n1 === C.n1) T.tmp.set(x.subarray(o, o + F.n1), i * C.n1);
  else restrict1d({ kind: F.k1, nf: F.n1, nc: C.n1 }, x, o, 1, T.tmp, i * C.n1, 1);
}

/** Axis 0, row by row: coarse row J += P[i][J] · tmp row i (Pᵀ applied as a scatter). */
function restrictAxis0(T: Transfer, coarse: Float64Array): void {
  const F = T.fine;
  const C = T.coarse;
  const t = T.tmp;
  for (let J = 0; J < C.n0; J++) coarse.fill(0, (J + 1) * C.S + 1, (J + 1) * C.S + 1 + C.n1);
  const { jl, wl, jr, wr } = T.rows;
  for (let i = 0; i < F.n0; i++) {
    if (jl[i]! >= 0) axpyRow(C.n1, wl[i]!, t, i * C.n1, coarse, (jl[i]! + 1) * C.S + 1);
    if (jr[i]! >= 0) axpyRow(C.n1, wr[i]!, t, i * C.n1, coarse, (jr[i]! + 1) * C.S + 1);
  }
}

/** fine interior += P (coarse interior). */
export function prolongAdd(T: Transfer, coarse: Float64Array, fine: Float64Array): void {
  const F = T.fine;
  const C = T.coarse;
  const t = T.tmp;
  const a1 = { kind: F.k1, nf: F.n1, nc: C.n1 };
  t.fill(0, 0, C.n0 * F.n1);
  for (let I = 0; I < C.n0; I++) {
    if (F.n1 === C.n1) t.set(coarse.subarray((I + 1) * C.S + 1, (I + 1) * C.S + 1 + C.n1), I * F.n1);
    else prolongAdd1d(a1, coarse, (I + 1) * C.S + 1, 1, t, I * F.n1, 1);
  }
  // Axis 0, row by row: fine row i += Σ P[i][J] · tmp row J.
  const { jl, wl, jr, wr } = T.rows;
  for (let i = 0; i < F.n0; i++) {
    if (jl[i]! >= 0) axpyRow(F.n1, wl[i]!, t, jl[i]! * F.n1, fine, (i + 1) * F.S + 1);
    if (jr[i]! >= 0) axpyRow(F.n1, wr[i]!, t, jr[i]! * F.n1, fine, (i + 1) * F.S + 1);
  }
}

/**
 * Coarse conductance of face K along a coarsened axis (faces K = 0..nc; face f joins fine
 * points f−1 and f). Vertex layouts: the fine faces between the two coarse points, in series
 * (one face where a coarse interval is only h long). Cell layout: the coinciding fine face,
 * halved because the centres are 2h apart.
 */
function normalWeight(A: AxisPair, w: Float64Array, o: number, stride: number, K: number): number {
  const { kind, nf, nc } = A;
  if (kind === "neumann") return 0.5 * w[o + 2 * K * stride]!;
  let f1: number;
  let f2 = -1; // second face, if any
  if (kind === "dirichlet") {
    f1 = 2 * K;
    if (2 * K + 1 <= nf) f2 = 2 * K + 1;
  } else if (K === 0 || K === nc) {
    f1 = nf % 2 === 0 ? nf - 1 : 0;
    if (nf % 2 === 0) f2 = 0;
  } else {
    f1 = 2 * K - 1;
    f2 = 2 * K;
  }
  const w1 = w[o + f1 * stride]!;
  if (!(w1 > 0)) return 0;
  if (f2 < 0) return w1;
  const w2 = w[o + f2 * stride]!;
  return w2 > 0 ? (w1 * w2) / (w1 + w2) : 0;
}

/** Mean conductance of the interior faces along an axis (0 for an axis without faces). */
function meanFaceWeight(L: Level, axis: 0 | 1): number {
  if ((axis === 0 ? L.k0 : L.k1) === "none") return 0;
  if (L.uniform !== null) return axis === 0 ? L.uniform.c0 : L.uniform.c1;
  let s = 0;
  let n = 0;
  for (let i = 1; i <= L.n0; i++) {
    for (let j = 1; j <= L.n1; j++) {
      if (axis === 0 ? i === 1 : j === 1) continue;
      s += axis === 0 ? L.wn[i * L.S + j]! : L.ww[i * L.S + j]!;
      n++;
    }
  }
  return n > 0 ? s / n : 0;
}

/**
 * Rediscretised coarse operator: conductances combined along the face normal (normalWeight)
 * and summed across it with the weights of Pᵀ (the coarse face is twice as wide); σ·volume
 * summed the same way. Returns null when an
 * active axis cannot be coarsened (the caller then solves this level directly).
 */
export function coarsen(L: Level): Transfer | null {
  // Coarsen along the strongly coupled axes only (semi-coarsening when the mean conductances
  // differ by more than 2×, e.g. h0 ≠ h1): point smoothers do not smooth across weak couplings.
  const s0 = meanFaceWeight(L, 0);
  const s1 = meanFaceWeight(L, 1);
  const want0 = L.k0 !== "none" && s0 * 2 >= s1;
  const want1 = L.k1 !== "none" && s1 * 2 >= s0;
  const c0 = want0 ? coarsenSize(L.k0, L.n0) : L.n0;
  const c1 = want1 ? coarsenSize(L.k1, L.n1) : L.n1;
  if (c0 === null || c1 === null || (c0 === L.n0 && c1 === L.n1)) return null;
  const Sc = c1 + 2;
  const size = paddedSize(c0, c1);
  const tmp = new Float64Array(Math.max(L.n0 * (c1 + 1), (L.n0 + 1) * L.n1, c0 * L.n1) + 1);
  const probe: Level = { ...L, n0: c0, n1: c1, S: Sc }; // shapes only, for restrict()
  const a0 = { kind: L.k0, nf: L.n0, nc: c0 };
  const a1 = { kind: L.k1, nf: L.n1, nc: c1 };
  const rows = stencilOf(c0 === L.n0 ? { kind: "none", nf: L.n0, nc: c0 } : a0);
  const row = new Float64Array(L.n1);
  const T: Transfer = { fine: L, coarse: probe, tmp, rows, row };

  // Faces along axis 0 (weights wn): coarse face rows K = 0..c0, then average across axis 1.
  const wn = new Float64Array(size);
  const g = new Float64Array((c0 + 1) * L.n1);
  for (let K = 0; K <= c0; K++) {
    for (let j = 0; j < L.n1; j++)
      g[K * L.n1 + j] = c0 === L.n0 ? L.wn[(K + 1) * L.S + j + 1]! : normalWeight(a0, L.wn, L.S + j + 1, L.S, K);
  }
  for (let K = 0; K <= c0; K++) {
    if (c1 === L.n1) wn.set(g.subarray(K * L.n1, (K + 1) * L.n1), (K + 1) * Sc + 1);
    else restrict1d(a1, g, K * L.n1, 1, wn, (K + 1) * Sc + 1, 1);
  }
  // Faces along axis 1 (weights ww): coarse face columns K = 0..c1, then average across axis 0.
  const ww = new Float64Array(size);
  const h = new Float64Array(L.n0 * (c1 + 1));
  for (let i = 0; i < L.n0; i++) {
    const o = (i + 1) * L.S + 1;
    for (let K = 0; K <= c1; K++) h[i * (c1 + 1) + K] = c1 === L.n1 ? L.ww[o + K]! : normalWeight(a1, L.ww, o, 1, K);
  }
  for (let K = 0; K <= c1; K++) {
    if (c0 === L.n0) for (let i = 0; i < L.n0; i++) ww[(i + 1) * Sc + K + 1] = h[i * (c1 + 1) + K]!;
    else restrict1d(a0, h, K, c1 + 1, ww, Sc + K + 1, Sc);
  }
  let sigma: Float64Array | null = null;
  if (L.sigma !== null) {
    sigma = new Float64Array(size);
    restrict(T, L.sigma, sigma);
  }
  const coarse = makeLevel(c0, c1, L.k0, L.k1, wn, ww, sigma);
  return { fine: L, coarse, tmp, rows, row };
}
