/**
 * The ETDRK4 (Cox–Matthews) coefficients for a diagonal real linear part, computed stably by
 * the Kassam–Trefethen contour integral (docs/solvers-nonlinear.md §ETDRK4).
 *
 * For z = hλ the scheme needs e^{z}, e^{z/2} and the φ-type functions
 *   Q  = h (e^{z/2} − 1)/z
 *   f1 = h (−4 − z + e^{z}(4 − 3z + z²))/z³
 *   f2 = h (2 + z + e^{z}(z − 2))/z³
 *   f3 = h (−4 − 3z − z² + e^{z}(4 − z))/z³
 * whose direct formulas lose every digit to cancellation as z → 0 (all four are entire). Each
 * is instead the mean of the same expression over a circle around z (Cauchy's integral
 * formula; the trapezoid rule on a circle converges geometrically for entire functions). The
 * functions are real on the real axis, so the real part of the mean over the upper half circle
 * equals the full-circle mean. Kassam–Trefethen use radius 1; for 1/2 < |z| < 2 that circle
 * passes near 0, where the formulas cancel again (measured: 1e-13 relative error at z = ±1),
 * so there the radius is 1/4. Every contour point then stays ≥ 1/4 away from 0.
 */

/** Coefficient arrays, one entry per mode (same order as the λ they were built from). */
export interface Etdrk4Coefficients {
  readonly h: number;
  readonly e: Float64Array;
  readonly e2: Float64Array;
  readonly q: Float64Array;
  readonly f1: Float64Array;
  readonly f2: Float64Array;
  readonly f3: Float64Array;
}

/** Points on the upper half circle (Kassam–Trefethen use 32; more changes nothing in Float64). */
const M = 32;
const COS = new Float64Array(M);
const SIN = new Float64Array(M);
for (let j = 0; j < M; j++) {
  const th = (Math.PI * (j + 0.5)) / M;
  COS[j] = Math.cos(th);
  SIN[j] = Math.sin(th);
}

/**
 * The four φ-type values at real z (without the factor h), by the contour mean. Exported for
 * the tests; `etdrk4Coefficients` is the entry point.
 */
export function phiContour(z: number): { q: number; f1: number; f2: number; f3: number } {
  const az = Math.abs(z);
  const radius = az > 0.5 && az < 2 ? 0.25 : 1;
  let q = 0;
  let f1 = 0;
  let f2 = 0;
  let f3 = 0;
  for (let j = 0; j < M; j++) {
    // r = z + ρe^{iθ}
    const x = z + radius * COS[j]!;
    const y = radius * SIN[j]!;
    // e^{r} and e^{r/2}
    const ex = Math.exp(x);
    const er = ex * Math.cos(y);
    const ei = ex * Math.sin(y);
    const hx = Math.exp(x / 2);
    const hr = hx * Math.cos(y / 2);
    const hi = hx * Math.sin(y / 2);
    // r², r³ and 1/r, 1/r³
    const r2r = x * x - y * y;
    const r2i = 2 * x * y;
    const r3r = r2r * x - r2i * y;
    const r3i = r2r * y + r2i * x;
    const d1 = x * x + y * y;
    const d3 = r3r * r3r + r3i * r3i;
    // Re[(e^{r/2} − 1)/r]
    q += ((hr - 1) * x + hi * y) / d1;
    // numerators of f1, f2, f3 (complex), then Re[num / r³]
    const a1r = 4 - 3 * x + r2r;
    const a1i = -3 * y + r2i;
    const n1r = -4 - x + (er * a1r - ei * a1i);
    const n1i = -y + (er * a1i + ei * a1r);
    const a2r = x - 2;
    const a2i = y;
    const n2r = 2 + x + (er * a2r - ei * a2i);
    const n2i = y + (er * a2i + ei * a2r);
    const a3r = 4 - x;
    const a3i = -y;
    const n3r = -4 - 3 * x - r2r + (er * a3r - ei * a3i);
    const n3i = -3 * y - r2i + (er * a3i + ei * a3r);
    f1 += (n1r * r3r + n1i * r3i) / d3;
    f2 += (n2r * r3r + n2i * r3i) / d3;
    f3 += (n3r * r3r + n3i * r3i) / d3;
  }
  return { q: q / M, f1: f1 / M, f2: f2 / M, f3: f3 / M };
}

/**
 * ETDRK4 coefficients for step h and the linear part's eigenvalues `lambda` (real, any sign).
 * Modes with equal λ share one evaluation (a periodic spectrum repeats each |k|).
 */
export function etdrk4Coefficients(lambda: Float64Array, h: number): Etdrk4Coefficients {
  const n = lambda.length;
  const out = {
    h,
    e: new Float64Array(n),
    e2: new Float64Array(n),
    q: new Float64Array(n),
    f1: new Float64Array(n),
    f2: new Float64Array(n),
    f3: new Float64Array(n),
  };
  let lastZ = NaN;
  let p = { q: 0, f1: 0, f2: 0, f3: 0 };
  for (let i = 0; i < n; i++) {
    const z = h * lambda[i]!;
    if (z !== lastZ) {
      p = phiContour(z);
      lastZ = z;
    }
    out.e[i] = Math.exp(z);
    out.e2[i] = Math.exp(z / 2);
    out.q[i] = h * p.q;
    out.f1[i] = h * p.f1;
    out.f2[i] = h * p.f2;
    out.f3[i] = h * p.f3;
  }
  return out;
}
