/**
 * The separable spectral transform of a Grid: along each axis the basis that diagonalises the
 * Laplacian for its boundary condition (docs/conventions.md §Grids, §Fourier) — DFT for
 * periodic axes (a real FFT on the last periodic axis, complex FFTs on the others), DST-I for
 * Dirichlet and DCT-II for Neumann. Heat and Poisson are then a multiplication of each
 * coefficient by a function of its eigenvalue λ = Σ_axes λ_a.
 */
import { makeField, type Field, type Grid } from "../../core/index.js";
import { angularWavenumbers, dct2, dst1, fft, ifft, irfft, rfft } from "../fft/index.js";

export type EigenvalueKind = "continuous" | "discrete";

/** Coefficients in the grid's basis; `im` is null when no axis is periodic. */
export interface SpectralCoefficients {
  re: Field;
  im: Field | null;
  /** The axis transformed with a real FFT (half spectrum), or −1. */
  realAxis: number;
}

/**
 * −Δ eigenvalue of every mode along `axis`, in the order the transform stores them (fftfreq
 * order for periodic, or the rfft half when `half`). Continuous: λ = k². Discrete: the
 * 3-point stencil's λ = (4/h²) sin²(kh/2) on the same grid, so that 1/λ inverts the
 * finite-difference Laplacian exactly.
 */
export function laplacianEigenvalues(grid: Grid, axis: number, kind: EigenvalueKind = "continuous", half = false): Float64Array {
  const k = angularWavenumbers(grid, axis, { half: half && grid.bc[axis] === "periodic" });
  const lam = new Float64Array(k.length);
  if (kind === "continuous") {
    for (let i = 0; i < k.length; i++) lam[i] = k[i]! * k[i]!;
    return lam;
  }
  const n = grid.shape[axis]!;
  const L = grid.lengths[axis]!;
  const h = grid.bc[axis] === "dirichlet" ? L / (n + 1) : L / n;
  for (let i = 0; i < k.length; i++) {
    const s = Math.sin((k[i]! * h) / 2);
    lam[i] = (4 / (h * h)) * s * s;
  }
  return lam;
}

function lastPeriodicAxis(grid: Grid): number {
  for (let a = grid.shape.length - 1; a >= 0; a--) if (grid.bc[a] === "periodic") return a;
  return -1;
}

/** Forward transform of a (validated) field on `grid`. */
export function forwardSpectral(grid: Grid, u: Field): SpectralCoefficients {
  const r = lastPeriodicAxis(grid);
  let re: Field;
  let im: Field | null = null;
  if (r >= 0) ({ re, im } = rfft(u, { axis: r }));
  else re = u;
  for (let a = 0; a < grid.shape.length; a++) {
    const bc = grid.bc[a];
    if (a === r) continue;
    if (bc === "periodic") ({ re, im } = fft(re, im, { axis: a }));
    else {
      const t = bc === "dirichlet" ? dst1 : dct2;
      re = t(re, { axis: a });
      if (im) im = t(im, { axis: a });
    }
  }
  if (re === u) re = makeField(u.shape, Float64Array.from(u.data));
  return { re, im, realAxis: r };
}

/** Inverse of forwardSpectral: the real field on `grid`. */
export function inverseSpectral(grid: Grid, c: SpectralCoefficients): Field {
  let { re, im } = c;
  for (let a = grid.shape.length - 1; a >= 0; a--) {
    const bc = grid.bc[a];
    if (a === c.realAxis) continue;
    if (bc === "periodic") ({ re, im } = ifft(re, im, { axis: a }));
    else {
      const t = bc === "dirichlet" ? dst1 : dct2;
      re = t(re, { axis: a, inverse: true });
      if (im) im = t(im, { axis: a, inverse: true });
    }
  }
  if (c.realAxis >= 0) return irfft(re, im!, { axis: c.realAxis, n: grid.shape[c.realAxis]! });
  return re;
}

/** λ for every stored coefficient (C order over the coefficient array's shape). */
export function coefficientEigenvalues(grid: Grid, c: SpectralCoefficients, kind: EigenvalueKind): Float64Array {
  const shape = c.re.shape;
  const d = shape.length;
  const per = shape.map((_, a) => laplacianEigenvalues(grid, a, kind, a === c.realAxis));
  const size = c.re.data.length;
  const lam = new Float64Array(size);
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < size; p++) {
    let s = 0;
    for (let a = 0; a < d; a++) s += per[a]![idx[a]!]!;
    lam[p] = s;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < shape[a]!) break;
      idx[a] = 0;
    }
  }
  return lam;
}

/** Does −Δ on this grid have a zero eigenvalue (no Dirichlet axis)? Its mode is coefficient 0. */
export function hasNullMode(grid: Grid): boolean {
  return !grid.bc.includes("dirichlet");
}
