/**
 * Max-pooling Y = max(X₁, …, X_k) of jointly Gaussian inputs (means μ, covariance Σ).
 *
 * Moments by Clark (1961), exact for k = 2: with D = μ_a − μ_b, θ² = Var(A − B), α = D/θ,
 *   E[max]   = μ_b + DΦ(α) + θφ(α)
 *   Var[max] = v_aΦ(α) + v_bΦ(−α) + D²Φ(α)Φ(−α) + Dθφ(α)(1 − 2Φ(α)) − θ²φ(α)²
 *   Cov(max(A, B), C) = Cov(A, C)Φ(α) + Cov(B, C)Φ(−α)   (exact)
 * (the variance in this form has no E[Y²] − E[Y]² cancellation). For k > 2 the running max is
 * treated as Gaussian and folded with the next input ("pairwise"): an approximation whose error
 * is measured in docs/noise-laws.md (no bound is known; `meanError`/`varianceError` are NaN).
 * CDF and density are exact for independent inputs (Π Φᵢ) and for k = 2 (bivariate normal);
 * otherwise they are those of N(Clark mean, Clark variance) and `cdfExact` is false. Where the
 * CDF is exact, `moments: "quadrature"` integrates the exact density instead of using Clark.
 */
import { InvalidArgumentError, ShapeMismatchError, requireFiniteNumber } from "../../core/index.js";
import { normCdf64, normPdf64 } from "../moments-reference.js";
import { bivariateNormalCdf } from "./bivariate-normal.js";
import { gaussianLaw, type NoiseLaw } from "./law.js";
import { panelRule } from "./gaussian-quadrature.js";

export interface MaxPoolOptions {
  /** "clark" (default) or "quadrature" (independent inputs or k = 2 only). */
  moments?: "clark" | "quadrature";
}

/** Clark's moments of max(A, B) and the Φ(α) that weights A in covariances. */
export function clarkMax(ma: number, va: number, mb: number, vb: number, cov: number): { mean: number; variance: number; weightA: number } {
  const D = ma - mb;
  const t2 = va + vb - 2 * cov;
  // A − B is (numerically) constant: the max is whichever has the larger mean.
  if (!(t2 > 1e-14 * (va + vb)) || t2 <= 0) return D >= 0 ? { mean: ma, variance: va, weightA: 1 } : { mean: mb, variance: vb, weightA: 0 };
  const th = Math.sqrt(t2);
  const a = D / th;
  const P = normCdf64(a);
  const Q = normCdf64(-a);
  const q = normPdf64(a);
  const mean = mb + D * P + th * q;
  const variance = va * P + vb * Q + D * D * P * Q + D * th * q * (Q - P) - t2 * q * q;
  return { mean, variance: Math.max(0, variance), weightA: P };
}

/** Clark's pairwise moments of max(X₁…X_k). */
export function clarkMaxPool(means: readonly number[], cov: readonly (readonly number[])[]): { mean: number; variance: number } {
  const k = means.length;
  let m = means[0]!;
  let v = cov[0]![0]!;
  const c = new Float64Array(k);
  for (let j = 1; j < k; j++) c[j] = cov[0]![j]!;
  for (let i = 1; i < k; i++) {
    const r = clarkMax(m, v, means[i]!, cov[i]![i]!, c[i]!);
    for (let j = i + 1; j < k; j++) c[j] = c[j]! * r.weightA + cov[i]![j]! * (1 - r.weightA);
    m = r.mean;
    v = r.variance;
  }
  return { mean: m, variance: v };
}

/** `covariance`: a k×k matrix, or k variances (independent inputs). All variances must be > 0. */
export function maxPoolLaw(means: readonly number[], covariance: readonly number[] | readonly (readonly number[])[], opts: MaxPoolOptions = {}): NoiseLaw {
  const k = means.length;
  if (k < 1) throw new InvalidArgumentError("means", means, "must hold at least one input");
  means.forEach((m, i) => requireFiniteNumber(`means[${i}]`, m));
  const cov = toCovariance(covariance, k);
  const sd = cov.map((row, i) => Math.sqrt(row[i]!));
  const independent = cov.every((row, i) => row.every((x, j) => i === j || x === 0));
  const exact = independent || k === 2;
  const which = opts.moments ?? "clark";
  if (which !== "clark" && which !== "quadrature") throw new InvalidArgumentError("opts.moments", which, 'must be "clark" or "quadrature"');
  if (which === "quadrature" && !exact) throw new InvalidArgumentError("opts.moments", which, "needs independent inputs or k = 2 (the CDF is exact only there)");
  const name = `max-pool(${k})`;
  if (!exact) {
    const cl = clarkMaxPool(means, cov);
    return gaussianLaw(name, cl.mean, cl.variance, false, NaN, NaN);
  }
  const h = (t: number, i: number) => (t - means[i]!) / sd[i]!;
  let cdf: (t: number) => number;
  let pdf: (t: number) => number;
  if (k === 2 && !independent) {
    const rho = cov[0]![1]! / (sd[0]! * sd[1]!);
    const s = Math.sqrt(Math.max(0, 1 - rho * rho));
    cdf = (t) => bivariateNormalCdf(h(t, 0), h(t, 1), rho);
    pdf = (t) => {
      const h0 = h(t, 0);
      const h1 = h(t, 1);
      const d0 = normPdf64(h0) / sd[0]!;
      const d1 = normPdf64(h1) / sd[1]!;
      // |ρ| = 1: F = Φ(min(h₀, h₁)) (ρ = 1) or max(0, Φ(h₀) + Φ(h₁) − 1) (ρ = −1).
      if (s === 0) return rho > 0 ? (h0 <= h1 ? d0 : d1) : h0 + h1 > 0 ? d0 + d1 : 0;
      return d0 * normCdf64((h1 - rho * h0) / s) + d1 * normCdf64((h0 - rho * h1) / s);
    };
  } else {
    cdf = (t) => {
      let p = 1;
      for (let i = 0; i < k; i++) p *= normCdf64(h(t, i));
      return p;
    };
    pdf = (t) => {
      let s = 0;
      for (let i = 0; i < k; i++) {
        let p = normPdf64(h(t, i)) / sd[i]!;
        for (let j = 0; j < k; j++) if (j !== i) p *= normCdf64(h(t, j));
        s += p;
      }
      return s;
    };
  }
  let mom: { mean: number; variance: number; meanError: number; varianceError: number };
  if (which === "quadrature") mom = densityMoments(pdf, means, sd);
  else mom = { ...clarkMaxPool(means, cov), meanError: k <= 2 ? 0 : NaN, varianceError: k <= 2 ? 0 : NaN };
  return { name, ...mom, support: [-Infinity, Infinity], atoms: [], cdfExact: true, cdf, pdf };
}

/** ∫ t p(t) dt and ∫ (t − m)² p(t) dt on panels μᵢ + jσᵢ/2 (j = −24…24) of every input, merged. */
function densityMoments(pdf: (t: number) => number, means: readonly number[], sd: readonly number[]) {
  const pts = means.flatMap((m, i) => Array.from({ length: 49 }, (_, j) => m + ((j - 24) * sd[i]!) / 2)).sort((a, b) => a - b);
  const { x, w } = panelRule(pts.filter((p, i) => i === 0 || p > pts[i - 1]!));
  const pv = new Float64Array(x.length);
  let m0 = 0;
  let m1 = 0;
  for (let i = 0; i < x.length; i++) {
    pv[i] = w[i]! * pdf(x[i]!);
    m0 += pv[i]!;
    m1 += pv[i]! * x[i]!;
  }
  const mean = m1 / m0;
  let m2 = 0;
  for (let i = 0; i < x.length; i++) m2 += pv[i]! * (x[i]! - mean) ** 2;
  return { mean, variance: m2 / m0, meanError: 1e-12 * Math.max(1, Math.abs(mean)), varianceError: 1e-12 * Math.max(1, m2 / m0) };
}

function toCovariance(c: readonly number[] | readonly (readonly number[])[], k: number): number[][] {
  if (c.length !== k) throw new ShapeMismatchError("covariance", c.length, k);
  const rows: number[][] = typeof c[0] === "number" ? (c as number[]).map((v, i) => Array.from({ length: k }, (_, j) => (i === j ? v : 0))) : (c as number[][]).map((r) => [...r]);
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== k) throw new ShapeMismatchError(`covariance[${i}]`, Array.isArray(r) ? r.length : 0, k);
    r.forEach((x, j) => requireFiniteNumber(`covariance[${i}][${j}]`, x));
  });
  for (let i = 0; i < k; i++) {
    if (!(rows[i]![i]! > 0)) throw new InvalidArgumentError(`covariance[${i}][${i}]`, rows[i]![i], "must be > 0 (a variance)");
    for (let j = 0; j < i; j++) {
      if (rows[i]![j] !== rows[j]![i]) throw new InvalidArgumentError(`covariance[${i}][${j}]`, rows[i]![j], `must equal covariance[${j}][${i}] = ${rows[j]![i]} (symmetric)`);
      if (Math.abs(rows[i]![j]!) > Math.sqrt(rows[i]![i]! * rows[j]![j]!) * (1 + 1e-12))
        throw new InvalidArgumentError(`covariance[${i}][${j}]`, rows[i]![j], "exceeds √(variance_i · variance_j): not a covariance");
    }
  }
  return rows;
}
