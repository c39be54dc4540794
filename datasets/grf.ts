/**
 * Gaussian random fields u ~ N(0, σ²(−Δ + τ²I)^(−α)) on a grid (docs/conventions.md §Gaussian
 * random fields). The covariance operator is diagonal in the grid's spectral basis, so a sample
 * is Σ_m √λ_m ξ_m φ_m with λ_m = σ²(|k_m|² + τ²)^(−α), ξ_m iid N(0, 1) and φ_m the
 * L²-orthonormal eigenfunctions:
 *
 * - periodic axes: φ_m = e^{i k·x}/√V. Drawn as real white noise w on the grid, multiplied in
 *   Fourier space by c_m = √(N λ_m / V) (N points, V the domain volume), so that the DFT of a
 *   sample has E|û_m|² = N² λ_m / V — the Hermitian symmetry of a real field comes for free.
 * - Dirichlet axes: φ_m = Π_a √(2/L_a) sin(π m_a x_a / L_a), m_a = 1..n_a (DST-I modes).
 *
 * Defaults follow the FNO paper's Darcy inputs: α = 2, τ = 3, σ = τ^(α − d/2) (unit-order
 * variance whatever τ). All axes must be periodic or all Dirichlet.
 */
import {
  InvalidArgumentError,
  makeField,
  requireFiniteNumber,
  requirePositive,
  requireSolverLayout,
  UnsupportedError,
  type Grid,
  type Rng,
} from "../core/index.js";
import { angularWavenumbers, dst1, fft, ifft } from "../solvers/index.js";

export interface GrfOptions {
  /** Smoothness exponent α > d/2 (finite pointwise variance). Default 2. */
  alpha?: number;
  /** Inverse length scale τ > 0. Default 3. */
  tau?: number;
  /** Amplitude σ. Default τ^(α − d/2). */
  sigma?: number;
}

export interface Grf {
  readonly grid: Grid;
  readonly alpha: number;
  readonly tau: number;
  readonly sigma: number;
  /** Eigenvalue λ_m of the covariance for each mode, in the grid's transform order (C order). */
  readonly eigenvalues: Float64Array;
  /** Draw one sample into `out` (length = grid size, C order) from `rng`. */
  sample(rng: Rng, out: Float64Array): Float64Array;
}

/** A sampler for N(0, σ²(−Δ + τ²I)^(−α)) on `grid`. */
export function makeGrf(grid: Grid, opts: GrfOptions = {}): Grf {
  const d = grid.shape.length;
  const alpha = requirePositive("alpha", opts.alpha ?? 2);
  const tau = requirePositive("tau", opts.tau ?? 3);
  const sigma = requireFiniteNumber("sigma", opts.sigma ?? tau ** (alpha - d / 2));
  if (!(alpha > d / 2)) throw new InvalidArgumentError("alpha", alpha, `must be > d/2 = ${d / 2} for a field with finite variance`);
  requireSolverLayout("makeGrf", grid);
  const kind = grid.bc[0];
  if (!grid.bc.every((b) => b === kind) || (kind !== "periodic" && kind !== "dirichlet"))
    throw new UnsupportedError(`GRF needs all axes periodic or all dirichlet, got bc = [${grid.bc.join(", ")}]`);
  const ks = grid.shape.map((_, a) => angularWavenumbers(grid, a));
  const size = grid.shape.reduce((a, b) => a * b, 1);
  const lam = new Float64Array(size);
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < size; p++) {
    let k2 = 0;
    for (let a = 0; a < d; a++) k2 += ks[a]![idx[a]!]! ** 2;
    lam[p] = sigma * sigma * (k2 + tau * tau) ** -alpha;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < grid.shape[a]!) break;
      idx[a] = 0;
    }
  }
  if (!lam.every(Number.isFinite)) throw new InvalidArgumentError("sigma", sigma, "is too large: the covariance eigenvalues overflow");
  const volume = grid.lengths.reduce((a, b) => a * b, 1);
  // Per-mode multiplier applied to the noise's transform (see the module comment).
  const mult = new Float64Array(size);
  if (kind === "periodic") for (let p = 0; p < size; p++) mult[p] = Math.sqrt((size * lam[p]!) / volume);
  else {
    // u = Π_a (½ dst1_a) applied to √λ ξ Π_a √(2/L_a): scipy's DST-I carries a factor 2 per axis.
    const norm = grid.lengths.reduce((acc, L) => acc * Math.sqrt(2 / L) * 0.5, 1);
    for (let p = 0; p < size; p++) mult[p] = Math.sqrt(lam[p]!) * norm;
  }
  const shape = [...grid.shape];
  return {
    grid,
    alpha,
    tau,
    sigma,
    eigenvalues: lam,
    sample(rng: Rng, out: Float64Array): Float64Array {
      if (out.length !== size) throw new InvalidArgumentError("out.length", out.length, `must equal the grid size ${size}`);
      const w = makeField(shape);
      rng.fillNormal(w.data);
      if (kind === "periodic") {
        let z = { re: w, im: makeField(shape) };
        for (let a = 0; a < d; a++) z = fft(z.re, z.im, { axis: a });
        for (let p = 0; p < size; p++) {
          z.re.data[p]! *= mult[p]!;
          z.im.data[p]! *= mult[p]!;
        }
        for (let a = 0; a < d; a++) z = ifft(z.re, z.im, { axis: a });
        out.set(z.re.data);
      } else {
        for (let p = 0; p < size; p++) w.data[p]! *= mult[p]!;
        let u = w;
        for (let a = 0; a < d; a++) u = dst1(u, { axis: a });
        out.set(u.data);
      }
      return out;
    },
  };
}
