/**
 * Float64 reference of the resolvent filter for the tests: each axis's orthonormal eigenbasis
 * of the Laplacian on the grid's default points (sine for Dirichlet at (j+1)L/(n+1), real
 * Fourier for periodic at jL/n) built as dense matrices, so it shares no code with the layer's
 * fused spectral kernel.
 */
import type { BoundaryCondition } from "../../core/index.js";

interface AxisBasis {
  /** q[m * n + j]: basis vector m at point j (orthonormal). */
  q: Float64Array;
  k2: Float64Array;
}

function axisBasis(n: number, L: number, bc: BoundaryCondition): AxisBasis {
  const q = new Float64Array(n * n);
  const k2 = new Float64Array(n);
  if (bc === "dirichlet") {
    for (let m = 0; m < n; m++) {
      k2[m] = ((Math.PI * (m + 1)) / L) ** 2;
      for (let j = 0; j < n; j++) q[m * n + j] = Math.sqrt(2 / (n + 1)) * Math.sin((Math.PI * (m + 1) * (j + 1)) / (n + 1));
    }
    return { q, k2 };
  }
  if (bc !== "periodic") throw new Error(`reference: ${bc} axes are not covered`);
  let m = 0;
  const put = (k: number, f: (j: number) => number) => {
    k2[m] = ((2 * Math.PI * k) / L) ** 2;
    for (let j = 0; j < n; j++) q[m * n + j] = f(j);
    m++;
  };
  put(0, () => 1 / Math.sqrt(n));
  for (let k = 1; 2 * k < n; k++) {
    put(k, (j) => Math.sqrt(2 / n) * Math.cos((2 * Math.PI * k * j) / n));
    put(k, (j) => Math.sqrt(2 / n) * Math.sin((2 * Math.PI * k * j) / n));
  }
  if (n % 2 === 0) put(n / 2, (j) => (j % 2 === 0 ? 1 : -1) / Math.sqrt(n));
  return { q, k2 };
}

/**
 * y = Σ_modes m_c²/(m_c² + |k|²) ⟨φ, x_c⟩ φ for x `[B, ...shape, C]` (1 or 2 axes), channels last.
 */
export function resolventReference(
  x: Float64Array,
  mass: Float64Array,
  B: number,
  shape: number[],
  lengths: number[],
  bc: BoundaryCondition[],
): Float64Array {
  const C = mass.length;
  const n0 = shape[0]!;
  const n1 = shape.length === 2 ? shape[1]! : 1;
  const b0 = axisBasis(n0, lengths[0]!, bc[0]!);
  const b1 = shape.length === 2 ? axisBasis(n1, lengths[1]!, bc[1]!) : { q: Float64Array.of(1), k2: Float64Array.of(0) };
  const y = new Float64Array(x.length);
  const coef = new Float64Array(n0 * n1);
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      const at = (i: number, j: number) => ((b * n0 + i) * n1 + j) * C + c;
      const m2 = mass[c]! ** 2;
      for (let p = 0; p < n0; p++)
        for (let r = 0; r < n1; r++) {
          let s = 0;
          for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) s += b0.q[p * n0 + i]! * b1.q[r * n1 + j]! * x[at(i, j)]!;
          coef[p * n1 + r] = (s * m2) / (m2 + b0.k2[p]! + b1.k2[r]!);
        }
      for (let i = 0; i < n0; i++)
        for (let j = 0; j < n1; j++) {
          let s = 0;
          for (let p = 0; p < n0; p++) for (let r = 0; r < n1; r++) s += b0.q[p * n0 + i]! * b1.q[r * n1 + j]! * coef[p * n1 + r]!;
          y[at(i, j)] = s;
        }
    }
  return y;
}
