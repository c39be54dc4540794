/**
 * Float64 reference of the heat-kernel derivative filters, independent of the tfjs transforms:
 * ∂^m e^{tΔ} is a tensor product over axes of 1-D operators A_a = B diag(f(κ)) B⁻¹, built here
 * as dense n×n matrices from the closed-form bases (complex exponentials on the periodic grid,
 * sin(κ x_j) on the Dirichlet interior grid, cos(κ x_j) on the Neumann cell centres, with their
 * discrete orthogonality), f(κ) = (iκ)^m e^{−tκ²} (times (−κ²)^q for q-th t-derivatives).
 */
import type { BoundaryCondition } from "../../core/index.js";

/** 1-D operator matrix (row-major n×n): x ↦ ∂^m (d/dt)^q e^{tΔ} x along one axis. */
export function axisOperator(n: number, L: number, bc: BoundaryCondition, m: number, t: number, q = 0): Float64Array {
  const A = new Float64Array(n * n);
  const f = (kappa: number) => Math.exp(-t * kappa * kappa) * (-kappa * kappa) ** q;
  if (bc === "periodic") {
    // A_ij = (1/n) Re Σ_k (iκ)^m f(κ) e^{iκ(x_i − x_j)}, κ = 2πk/L; the Nyquist k = n/2 of an even n
    // enters with cos only (odd m: 0).
    for (let k = -Math.floor((n - 1) / 2); k <= Math.floor(n / 2); k++) {
      const kappa = (2 * Math.PI * k) / L;
      const nyq = n % 2 === 0 && k === n / 2;
      if (nyq && m % 2 === 1) continue;
      const amp = f(kappa) * kappa ** m;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const th = (2 * Math.PI * k * (i - j)) / n;
          // Re[(i)^m e^{iθ}]: m = 0 cos θ, 1 −sin θ, 2 −cos θ.
          const v = m === 0 ? Math.cos(th) : m === 1 ? -Math.sin(th) : -Math.cos(th);
          A[i * n + j] += (amp * v) / n;
        }
    }
    return A;
  }
  if (m % 2 === 1) throw new Error("odd orders only on periodic axes");
  const sign = m === 2 ? -1 : 1;
  const sine = bc === "dirichlet";
  const h = sine ? L / (n + 1) : L / n;
  for (let k = sine ? 1 : 0; k < (sine ? n + 1 : n); k++) {
    const kappa = (Math.PI * k) / L;
    const basis = Float64Array.from({ length: n }, (_, j) => (sine ? Math.sin(kappa * (j + 1) * h) : Math.cos(kappa * (j + 0.5) * h)));
    const norm = sine ? (n + 1) / 2 : k === 0 ? n : n / 2;
    const amp = (sign * f(kappa) * kappa ** m) / norm;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] += amp * basis[i]! * basis[j]!;
  }
  return A;
}

/** Applies per-axis n_a×n_a matrices to one channel of a `[B, ...shape, C]` array (transposed if asked). */
export function applyAxes(
  x: Float64Array, B: number, shape: readonly number[], C: number, c: number, mats: Float64Array[], transpose = false,
): Float64Array {
  const size = shape.reduce((p, q) => p * q, 1);
  const out = new Float64Array(B * size);
  for (let b = 0; b < B; b++) {
    let u = Float64Array.from({ length: size }, (_, p) => x[(b * size + p) * C + c]!);
    shape.forEach((n, a) => {
      const inner = shape.slice(a + 1).reduce((p, q) => p * q, 1);
      const outer = size / (n * inner);
      const v = new Float64Array(size);
      const M = mats[a]!;
      for (let o = 0; o < outer; o++)
        for (let s = 0; s < inner; s++)
          for (let i = 0; i < n; i++) {
            let acc = 0;
            for (let j = 0; j < n; j++) acc += (transpose ? M[j * n + i]! : M[i * n + j]!) * u[(o * n + j) * inner + s]!;
            v[(o * n + i) * inner + s] = acc;
          }
      u = v;
    });
    out.set(u, b * size);
  }
  return out;
}
