/**
 * Independent references for the spectral solver tests: sums of Laplacian eigenmodes with their
 * analytic eigenvalues, and a direct 3-point-per-axis finite-difference Laplacian with the
 * ghost-point rules of each boundary condition (docs/conventions.md §Grids).
 */
import { Rng, gridPoints, makeField, type BoundaryCondition, type Field, type Grid } from "../../core/index.js";

export interface Mode {
  /** One integer index per axis (periodic: may be negative; dirichlet 1..n; neumann 0..n−1). */
  m: number[];
  /** For periodic axes: phase of the cosine. */
  phase: number[];
  amp: number;
}

/** The 1-D eigenfunction along an axis with boundary condition bc. */
function basis(bc: string, m: number, phase: number, L: number, x: number): number {
  if (bc === "periodic") return Math.cos((2 * Math.PI * m * x) / L + phase);
  if (bc === "dirichlet") return Math.sin((Math.PI * m * x) / L);
  return Math.cos((Math.PI * m * x) / L);
}

/** Continuous −Δ eigenvalue |k|² of a mode. */
export function modeEigenvalue(grid: Grid, mode: Mode): number {
  return mode.m.reduce((s, m, a) => {
    const k = ((grid.bc[a] === "periodic" ? 2 : 1) * Math.PI * m) / grid.lengths[a]!;
    return s + k * k;
  }, 0);
}

/** Random modes resolvable on the grid (periodic |m| < n/2, Dirichlet 1..n, Neumann 0..n−1). */
export function randomModes(grid: Grid, count: number, rng: Rng, allowConstant = true): Mode[] {
  const modes: Mode[] = [];
  while (modes.length < count) {
    const m = grid.shape.map((n, a) => {
      const bc = grid.bc[a];
      if (bc === "periodic") return rng.int(Math.ceil(n / 2) * 2 - 1) - (Math.ceil(n / 2) - 1);
      if (bc === "dirichlet") return 1 + rng.int(n);
      return rng.int(n);
    });
    if (!allowConstant && m.every((v) => v === 0)) continue;
    modes.push({ m, phase: m.map(() => 2 * Math.PI * rng.uniform()), amp: rng.normal() });
  }
  return modes;
}

/** Σ_modes amp · g(λ_mode) · Π_axes basis, sampled on the grid. */
export function sampleModes(grid: Grid, modes: Mode[], weight: (lambda: number) => number = () => 1): Field {
  const pts = grid.shape.map((_, a) => gridPoints(grid, a));
  const out = makeField(grid.shape);
  const d = grid.shape.length;
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < out.data.length; p++) {
    let s = 0;
    for (const md of modes) {
      let v = md.amp * weight(modeEigenvalue(grid, md));
      for (let a = 0; a < d; a++) v *= basis(grid.bc[a]!, md.m[a]!, md.phase[a]!, grid.lengths[a]!, pts[a]![idx[a]!]!);
      s += v;
    }
    out.data[p] = s;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < grid.shape[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

/**
 * −Δ_h u with the standard 3-point stencil per axis: periodic wraps, Dirichlet takes 0 outside
 * (u = 0 on the boundary one spacing away), Neumann (cell centres) reflects: ghost = first cell.
 */
export function negLaplacianFd(grid: Grid, u: Field): Field {
  const out = makeField(grid.shape);
  const d = grid.shape.length;
  const strides = u.stride;
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < out.data.length; p++) {
    let c = u.offset;
    for (let a = 0; a < d; a++) c += idx[a]! * strides[a]!;
    const uc = u.data[c]!;
    let s = 0;
    for (let a = 0; a < d; a++) {
      const n = grid.shape[a]!;
      const L = grid.lengths[a]!;
      const bc = grid.bc[a];
      const h = bc === "dirichlet" ? L / (n + 1) : L / n;
      const i = idx[a]!;
      const at = (j: number): number => {
        if (j >= 0 && j < n) return u.data[c + (j - i) * strides[a]!]!;
        if (bc === "periodic") return u.data[c + (((j + n) % n) - i) * strides[a]!]!;
        if (bc === "dirichlet") return 0;
        return uc; // Neumann ghost mirrors the boundary cell
      };
      s += (2 * uc - at(i - 1) - at(i + 1)) / (h * h);
    }
    out.data[p] = s;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < grid.shape[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/** max|a − b| / scale, scale = max|b| unless given (e.g. the size of the initial data). */
export function relMaxErr(a: ArrayLike<number>, b: ArrayLike<number>, scale?: number): number {
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!));
  const s = scale ?? maxAbs(b);
  return s === 0 ? e : e / s;
}

/** Periodic Gaussian of width s centred at c on [0, L), summed over images j = −8..8 (1-D). */
export function periodicGaussian(x: number, c: number, s: number, L: number): number {
  let v = 0;
  for (let j = -8; j <= 8; j++) v += Math.exp(-((x - c - j * L) ** 2) / (2 * s * s));
  return v;
}

/** Its second derivative. */
export function periodicGaussianXX(x: number, c: number, s: number, L: number): number {
  let v = 0;
  for (let j = -8; j <= 8; j++) {
    const y = x - c - j * L;
    v += Math.exp(-(y * y) / (2 * s * s)) * ((y * y) / s ** 4 - 1 / (s * s));
  }
  return v;
}

/** Grids of the band-limited spectral tests: every BC alone and mixed, 1-D to 3-D, odd lengths. */
export const SPECTRAL_GRID_CASES: ReadonlyArray<{ shape: number[]; lengths: number[]; bc: BoundaryCondition[] }> = [
  { shape: [32], lengths: [2], bc: ["periodic"] },
  { shape: [33], lengths: [1.5], bc: ["periodic"] },
  { shape: [27], lengths: [1], bc: ["periodic"] },
  { shape: [31], lengths: [1], bc: ["dirichlet"] },
  { shape: [20], lengths: [3], bc: ["neumann"] },
  { shape: [16, 24], lengths: [1, 2], bc: ["periodic", "periodic"] },
  { shape: [15, 12], lengths: [1, 1], bc: ["dirichlet", "dirichlet"] },
  { shape: [12, 10], lengths: [2, 1], bc: ["neumann", "neumann"] },
  { shape: [16, 11], lengths: [1, 1], bc: ["periodic", "dirichlet"] },
  { shape: [9, 16], lengths: [1, 2], bc: ["dirichlet", "neumann"] },
  { shape: [10, 14], lengths: [1, 1], bc: ["neumann", "periodic"] },
  { shape: [6, 7, 8], lengths: [1, 2, 1.5], bc: ["periodic", "dirichlet", "neumann"] },
];
