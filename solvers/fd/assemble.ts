/**
 * Build padded 5-point levels for a Grid: the constant-coefficient Laplacian (optionally
 * shifted, for implicit heat steps) and the variable-coefficient Darcy operator. A 1-D grid
 * [n] becomes the level 1×n whose axis 0 has no faces. Levels are in finite-volume scaling:
 * the finite-difference rows times the cell volume (vol), so right-hand sides must be
 * multiplied by `vol` too (scaledPadded in checks.ts).
 */
import { gridSpacing, type Grid } from "../../core/index.js";
import { makeLevel, paddedSize, type AxisKind, type Level } from "./level.js";

export interface Layout {
  readonly n0: number;
  readonly n1: number;
  readonly k0: AxisKind;
  readonly k1: AxisKind;
  /** Conductance factor (cell volume)/h² per padded axis (0 for an axis of kind "none"). */
  readonly ih0: number;
  readonly ih1: number;
  /** Cell volume h (1-D) or h0·h1 (2-D): the finite-volume row scaling of every level. */
  readonly vol: number;
}

export function layoutOf(grid: Grid): Layout {
  if (grid.shape.length === 1) {
    const h = gridSpacing(grid, 0);
    return { n0: 1, n1: grid.shape[0]!, k0: "none", k1: grid.bc[0]!, ih0: 0, ih1: 1 / h, vol: h };
  }
  const h0 = gridSpacing(grid, 0);
  const h1 = gridSpacing(grid, 1);
  return { n0: grid.shape[0]!, n1: grid.shape[1]!, k0: grid.bc[0]!, k1: grid.bc[1]!, ih0: h1 / h0, ih1: h0 / h1, vol: h0 * h1 };
}

/** Weight of an axis' boundary face: Dirichlet and periodic keep it, Neumann (and none) drop it. */
function boundaryWeight(kind: AxisKind, w: number): number {
  return kind === "dirichlet" || kind === "periodic" ? w : 0;
}

/** vol·(−Δ_h + σ I) (σ ≥ 0 constant). */
export function laplaceLevel(lay: Layout, sigma = 0): Level {
  const { n0, n1, k0, k1, ih0, ih1 } = lay;
  const S = n1 + 2;
  const size = paddedSize(n0, n1);
  const wn = new Float64Array(size);
  const ww = new Float64Array(size);
  for (let i = 1; i <= n0 + 1; i++) {
    const w = i === 1 || i === n0 + 1 ? boundaryWeight(k0, ih0) : ih0;
    for (let j = 1; j <= n1; j++) wn[i * S + j] = w;
  }
  for (let i = 1; i <= n0; i++) {
    for (let j = 1; j <= n1 + 1; j++) ww[i * S + j] = j === 1 || j === n1 + 1 ? boundaryWeight(k1, ih1) : ih1;
  }
  let s: Float64Array | null = null;
  if (sigma !== 0) {
    s = new Float64Array(size);
    for (let i = 1; i <= n0; i++) s.fill(sigma * lay.vol, i * S + 1, i * S + 1 + n1);
  }
  return makeLevel(n0, n1, k0, k1, wn, ww, s);
}

/**
 * vol·(−∇·(a∇u)) with u = 0 on the boundary (all axes Dirichlet). Face coefficient = harmonic mean
 * 2 a_p a_q / (a_p + a_q) of the two nodes the face joins. `a` is either sampled at the grid's
 * interior nodes (layout n0×n1; a boundary face then uses its interior node's value) or at the
 * (n0+2)×(n1+2) nodes including the boundary (boundary faces use the harmonic mean of the
 * boundary node and its interior neighbour). 1-D: [n] or [n+2].
 */
export function darcyLevel(lay: Layout, a: Float64Array, withBoundary: boolean): Level {
  const { n0, n1, k0, k1, ih0, ih1 } = lay;
  const S = n1 + 2;
  const size = paddedSize(n0, n1);
  // Coefficient on the padded node layout; 1-D has a single row.
  const ap = new Float64Array(size);
  if (withBoundary && n0 === 1 && k0 === "none") ap.set(a, S); // a has n1 + 2 values: row 1 incl. ghosts
  else if (withBoundary) ap.set(a);
  else {
    for (let i = 1; i <= n0; i++) {
      ap.set(a.subarray((i - 1) * n1, i * n1), i * S + 1);
      ap[i * S] = a[(i - 1) * n1]!;
      ap[i * S + n1 + 1] = a[i * n1 - 1]!;
    }
    ap.copyWithin(0, S, 2 * S);
    ap.copyWithin((n0 + 1) * S, n0 * S, (n0 + 1) * S);
  }
  const harm = (x: number, y: number): number => (2 * x * y) / (x + y);
  const wn = new Float64Array(size);
  const ww = new Float64Array(size);
  if (k0 !== "none") {
    for (let i = 1; i <= n0 + 1; i++) for (let j = 1, p = i * S + 1; j <= n1; j++, p++) wn[p] = ih0 * harm(ap[p]!, ap[p - S]!);
  }
  for (let i = 1; i <= n0; i++) for (let j = 1, p = i * S + 1; j <= n1 + 1; j++, p++) ww[p] = ih1 * harm(ap[p]!, ap[p - 1]!);
  return makeLevel(n0, n1, k0, k1, wn, ww, null);
}
