/**
 * Monte Carlo helpers for the noise-law tests: sample moments, and the Kolmogorov–Smirnov
 * distance to a law's CDF bounded from above on a grid of sample quantiles (both F and the
 * empirical CDF are monotone, so sup over a cell [t_j, t_{j+1}) is at most
 * max(Fₙ(t_{j+1}⁻) − F(t_j), F(t_{j+1}⁻) − Fₙ(t_j))); atoms are grid points, so jumps are exact.
 */
import { cdfBelow, type NoiseLaw } from "../index.js";

/** Asymptotic two-sided Kolmogorov–Smirnov critical value at level 1% (K₀.₀₁ = 1.6276). */
export function ks99(n: number): number {
  return 1.6276 / Math.sqrt(n);
}

export interface SampleStats {
  mean: number;
  variance: number;
}

export function sampleStats(y: Float64Array): SampleStats {
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += y[i]!;
  const mean = s / n;
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (y[i]! - mean) ** 2;
  return { mean, variance: s2 / (n - 1) };
}

/**
 * Sort y in place, cheaply when it is the image of sorted inputs under a map that is monotone or
 * falls then rises (every activation here; GELU has one minimum): a non-increasing run followed
 * by a non-decreasing one is merged in one pass. Anything else is sorted as usual, so the result
 * is sorted whatever the map.
 */
export function sortImage(y: Float64Array): Float64Array {
  const n = y.length;
  let p = 0;
  while (p + 1 < n && y[p + 1]! <= y[p]!) p++;
  let q = p;
  while (q + 1 < n && y[q + 1]! >= y[q]!) q++;
  if (q + 1 < n) return y.sort();
  if (p === 0) return y;
  // y[0..p] falls, y[p..n) rises: merge the reversed head with the tail.
  const head = y.slice(0, p + 1).reverse();
  let i = 0;
  let j = p + 1;
  let k = 0;
  while (i <= p && j < n) y[k++] = head[i]! <= y[j]! ? head[i++]! : y[j++]!;
  while (i <= p) y[k++] = head[i++]!;
  return y;
}

/** Index of the first element > t (count of values ≤ t) in sorted y. */
function countLe(y: Float64Array, t: number): number {
  let lo = 0;
  let hi = y.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (y[m]! <= t) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function countLt(y: Float64Array, t: number): number {
  let lo = 0;
  let hi = y.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (y[m]! < t) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/**
 * Upper bound on sup_t |Fₙ(t) − F(t)| from `sorted` samples, with a grid of m quantiles. Each cell
 * holds n/m samples, so Fₙ rises by 1/m across it and the bound exceeds the distance by at most
 * about 1/m; the law's CDF is evaluated m times, which is most of the cost for the max-pool laws.
 */
export function ksUpperBound(sorted: Float64Array, law: NoiseLaw, m = 5_000): number {
  const n = sorted.length;
  const pts: number[] = [];
  for (let j = 0; j < m; j++) pts.push(sorted[Math.floor((j * n) / m)]!);
  pts.push(sorted[n - 1]!);
  for (const a of law.atoms) pts.push(a.at);
  pts.sort((a, b) => a - b);
  const t = pts.filter((p, i) => i === 0 || p > pts[i - 1]!);
  const F = t.map((x) => law.cdf(x));
  // F(t⁻) = F(t) less an atom at t (cdfBelow), from F: a second cdf pass cost as much as the first
  // (the bivariate-normal cdf of a correlated max-pool pair integrates ~400 nodes per point).
  const Fb = law.atoms.length === 0 ? F : t.map((x, j) => cdfBelow({ ...law, cdf: () => F[j]! }, x));
  const Fn = t.map((x) => countLe(sorted, x) / n);
  const Fnb = t.map((x) => countLt(sorted, x) / n);
  // Below the smallest grid point (≤ every sample) Fₙ = 0; from the largest (≥ every sample) on, Fₙ = 1.
  let d = Math.max(Fb[0]!, 1 - F[t.length - 1]!);
  for (let j = 0; j < t.length; j++) {
    d = Math.max(d, Math.abs(Fn[j]! - F[j]!), Math.abs(Fnb[j]! - Fb[j]!));
    if (j + 1 < t.length) d = Math.max(d, Fnb[j + 1]! - F[j]!, Fb[j + 1]! - Fn[j]!);
  }
  return d;
}
