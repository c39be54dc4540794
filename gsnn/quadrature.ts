/**
 * Gauss–Legendre nodes and weights on [−1, 1], computed once by Newton's method on the
 * Legendre three-term recurrence (Float64; nodes converge to round-off in a few steps).
 */
export interface QuadratureRule {
  readonly x: Float64Array;
  readonly w: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

export function gaussLegendre(n: number): QuadratureRule {
  const hit = cache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Chebyshev-like initial guess for the i-th root (descending order, then flipped).
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? z : p1;
      const pn1 = n === 1 ? 1 : p0;
      dp = (n * (z * pn - pn1)) / (z * z - 1);
      const dz = pn / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[n - 1 - i] = z;
    w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  const rule = { x, w };
  cache.set(n, rule);
  return rule;
}

/** ∫_a^b f by `panels` composite Gauss–Legendre panels of `n` nodes each. */
export function integrate(f: (x: number) => number, a: number, b: number, panels = 8, n = 20): number {
  const { x, w } = gaussLegendre(n);
  const h = (b - a) / panels;
  let s = 0;
  for (let p = 0; p < panels; p++) {
    const c = a + (p + 0.5) * h;
    for (let q = 0; q < n; q++) s += w[q]! * f(c + 0.5 * h * x[q]!);
  }
  return 0.5 * h * s;
}
