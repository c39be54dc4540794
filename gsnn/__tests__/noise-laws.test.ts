/**
 * Noise laws, deterministic checks: closed forms against "exact by quadrature" within the stated
 * bounds (and mpmath values at |μ|/σ = 30, where the closed forms would cancel), the quadrature
 * against itself with every panel halved, the erf/probit approximations within their stated
 * bounds (and visibly different), CDF/density consistency, GELU's preimage roots, the bivariate
 * normal CDF, Clark's exactness for two inputs, and the argument errors.
 * The Monte Carlo checks are in noise-laws-mc.test.ts.
 */
import { describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import {
  bivariateNormalCdf,
  cdfBelow,
  clarkMax,
  gelu64,
  GELU_ARGMIN,
  GELU_MIN,
  geluRoots,
  maxPoolLaw,
  noiseLaw,
  NOISE_LAW_ACTIVATIONS,
  quadratureMoments,
  sigmoid64,
  normCdf64,
  SIGMOID_PROBIT_MAX_ERROR,
  SIGMOID_PROBIT_SCALE,
  TANH_ERF_MAX_ERROR,
  type NoiseLaw,
  type NoiseLawActivation,
} from "../index.js";
import { arcsinForm, conditionalForm } from "../noise-laws/bivariate-normal.js";

const ALPHA = 0.1;
const F: Record<NoiseLawActivation, (x: number) => number> = {
  linear: (x) => -0.5 * x + 2,
  relu: (x) => Math.max(0, x),
  leaky_relu: (x) => (x >= 0 ? x : ALPHA * x),
  tanh: Math.tanh,
  sigmoid: sigmoid64,
  gelu: gelu64,
};
const law = (a: NoiseLawActivation, mu: number, s: number, moments?: "quadrature" | "erf" | "probit") =>
  noiseLaw(a, mu, s, { scale: -0.5, shift: 2, alpha: ALPHA, ...(moments ? { moments } : {}) });
const HINTS = { breaks: [0], transition: { lo: -40, hi: 40, scale: 1 } };
const CASES: [number, number][] = [
  [0, 1],
  [1.5, 0.5],
  [-2, 2],
  [5, 1],
  [-5, 1],
  [-3, 0.5],
  [0.3, 30],
  [12, 0.1],
  [-0.7, 1e-3],
];

describe("closed forms and quadrature", () => {
  for (const a of NOISE_LAW_ACTIVATIONS) {
    it(`${a}: the law's moments equal quadrature of E[f(X)], Var[f(X)] within the stated bound`, () => {
      for (const [mu, s] of CASES) {
        const l = law(a, mu, s);
        const q = quadratureMoments(F[a], mu, s, HINTS);
        expect(Math.abs(l.mean - q.mean), `${a} mean (${mu}, ${s})`).toBeLessThanOrEqual(q.meanError + l.meanError);
        expect(Math.abs(l.variance - q.variance), `${a} variance (${mu}, ${s})`).toBeLessThanOrEqual(q.varianceError + l.varianceError);
        // The bound is far from tight: closed form and quadrature agree to round-off.
        expect(Math.abs(l.mean - q.mean)).toBeLessThan(1e-13 * Math.max(1, Math.abs(q.mean)));
      }
    });
  }

  it("quadrature agrees with itself with every panel halved to 2e-15 (relative to max(1, |value|))", () => {
    for (const a of NOISE_LAW_ACTIVATIONS)
      for (const [mu, s] of CASES) {
        const q1 = quadratureMoments(F[a], mu, s, HINTS);
        const q2 = quadratureMoments(F[a], mu, s, HINTS, 2);
        expect(Math.abs(q1.mean - q2.mean)).toBeLessThan(2e-15 * Math.max(1, Math.abs(q1.mean)) * 10);
        expect(Math.abs(q1.variance - q2.variance)).toBeLessThan(2e-15 * Math.max(1, q1.variance) * 10);
      }
  });

  it("deep tails (|μ|/σ = 30) match mpmath to 1e-14 relative, where the textbook forms cancel", () => {
    // mpmath (50 digits): E[(Z − 30)₊] = φ(30) − 30Φ(−30), its variance; E[XΦ(X)] for X ~ N(−30, 1).
    const r = noiseLaw("relu", -30, 1);
    expect(Math.abs(r.mean / 1.6319567340914011893e-199 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(r.variance / 1.0843724873983491482e-200 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(noiseLaw("gelu", -30, 1).mean / -5.3977768178693407273e-99 - 1)).toBeLessThan(1e-12);
  });
});

describe("matched approximations stay within their stated bounds", () => {
  it("tanh via erf(√π x/2): |Δmean| ≤ δ, |Δvar| ≤ 2δ; sigmoid via Φ(√(π/8)x): ≤ δ/2 both", () => {
    let worstT = 0;
    let worstS = 0;
    for (const [mu, s] of CASES) {
      const te = law("tanh", mu, s, "erf");
      const tq = law("tanh", mu, s);
      expect(Math.abs(te.mean - tq.mean)).toBeLessThanOrEqual(TANH_ERF_MAX_ERROR);
      expect(Math.abs(te.variance - tq.variance)).toBeLessThanOrEqual(2 * TANH_ERF_MAX_ERROR);
      expect(te.meanError).toBe(TANH_ERF_MAX_ERROR);
      const se = law("sigmoid", mu, s, "probit");
      const sq = law("sigmoid", mu, s);
      expect(Math.abs(se.mean - sq.mean)).toBeLessThanOrEqual(SIGMOID_PROBIT_MAX_ERROR);
      expect(Math.abs(se.variance - sq.variance)).toBeLessThanOrEqual(SIGMOID_PROBIT_MAX_ERROR);
      worstT = Math.max(worstT, Math.abs(te.mean - tq.mean));
      worstS = Math.max(worstS, Math.abs(se.mean - sq.mean));
    }
    expect(worstT).toBeGreaterThan(1e-3);
    expect(worstS).toBeGreaterThan(1e-3);
  });

  it("the sigmoid's probit error constant is sup|σ(x) − Φ(√(π/8)x)| (measured on a 1e-4 grid)", () => {
    let sup = 0;
    // σ(x) − Φ(λx) is odd about (0, 1/2): x ≥ 0 suffices.
    for (let x = 0; x <= 8; x += 1e-4) sup = Math.max(sup, Math.abs(sigmoid64(x) - normCdf64(SIGMOID_PROBIT_SCALE * x)));
    expect(sup).toBeLessThanOrEqual(SIGMOID_PROBIT_MAX_ERROR);
    expect(sup).toBeGreaterThan(SIGMOID_PROBIT_MAX_ERROR - 1e-5);
  });
});

describe("CDF and density", () => {
  const checkConsistent = (l: NoiseLaw, lo: number, hi: number) => {
    // ∫ density over [lo, hi] + atoms inside = F(hi) − F(lo⁻), by 20 000-step Simpson.
    const n = 20_000;
    const h = (hi - lo) / n;
    let s = l.pdf(lo) + l.pdf(hi);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * l.pdf(lo + i * h);
    const atoms = l.atoms.filter((a) => a.at >= lo && a.at <= hi).reduce((t, a) => t + a.mass, 0);
    expect(Math.abs((s * h) / 3 + atoms - (l.cdf(hi) - cdfBelow(l, lo))), l.name).toBeLessThan(1e-6);
  };
  it("F(hi) − F(lo) = ∫ density + atoms; F is 0/1 outside the support", () => {
    for (const [mu, s] of [[0.2, 1], [-1, 0.7], [1, 2]] as [number, number][]) {
      checkConsistent(law("linear", mu, s), -8, 8);
      checkConsistent(law("relu", mu, s), 0, 10);
      // The density jumps at 0 (slope α below, 1 above): integrate each side up to it.
      checkConsistent(law("leaky_relu", mu, s), -2, -1e-12);
      checkConsistent(law("leaky_relu", mu, s), 0, 8);
      checkConsistent(law("tanh", mu, s), -0.999, 0.999);
      checkConsistent(law("sigmoid", mu, s), 0.001, 0.999);
      checkConsistent(law("gelu", mu, s), 0, 9);
      checkConsistent(law("gelu", mu, s), -0.16, -0.01);
    }
    const r = noiseLaw("relu", 0.3, 1);
    expect(r.cdf(-1e-12)).toBe(0);
    expect(r.atoms[0]!.mass).toBeCloseTo(0.3820885778110474, 14);
    expect(noiseLaw("tanh", 0, 1).cdf(1)).toBe(1);
    expect(noiseLaw("gelu", 0, 1).cdf(GELU_MIN - 1e-9)).toBe(0);
  });

  it("GELU: minimum and preimage roots", () => {
    // mpmath: x* = −0.751791524693564457, g(x*) = −0.169971207479903662.
    expect(Math.abs(GELU_ARGMIN - -0.751791524693564457)).toBeLessThan(1e-15);
    expect(Math.abs(GELU_MIN - -0.169971207479903662)).toBeLessThan(1e-16);
    for (const t of [-0.1699, -0.15, -0.05, -1e-6, -1e-30, 0, 0.3, 5]) {
      const r = geluRoots(t)!;
      expect(Math.abs(gelu64(r.x2) - t)).toBeLessThan(1e-14 * Math.max(1e-3, Math.abs(t)));
      // Far left the root moves g by |x·g'(x)/g| ≈ x² ulps (x ≈ −11 at t = −1e−30).
      if (t < 0 && t < gelu64(-38.5)) expect(Math.abs(gelu64(r.x1) - t)).toBeLessThan(1e-13 * Math.abs(t) + 1e-300);
    }
    expect(geluRoots(-0.2)).toBeNull();
  });

  it("a point mass when σ = 0", () => {
    const l = noiseLaw("sigmoid", 0.4, 0);
    expect(l.mean).toBe(sigmoid64(0.4));
    expect(l.variance).toBe(0);
    expect(l.cdf(0.5)).toBe(0);
    expect(l.cdf(0.6)).toBe(1);
  });
});

describe("bivariate normal and max-pooling", () => {
  it("Φ₂(0, 0; ρ) = 1/4 + asin ρ / 2π; the two formulas agree where both apply", () => {
    for (const rho of [-0.999, -0.9, -0.3, 0.2, 0.6, 0.95, 0.9999]) expect(Math.abs(bivariateNormalCdf(0, 0, rho) - (0.25 + Math.asin(rho) / (2 * Math.PI)))).toBeLessThan(1e-15);
    let worst = 0;
    for (const rho of [-0.925, -0.6, 0.1, 0.8, 0.925])
      for (const h of [-7, -2, 0.3, 4])
        for (const k of [-5, -0.5, 1, 6]) worst = Math.max(worst, Math.abs(arcsinForm(h, k, rho) - conditionalForm(h, k, rho)));
    expect(worst).toBeLessThan(1e-14);
  });

  it("Clark for two inputs equals integrating the exact density (independent and correlated)", () => {
    for (const [m, c] of [
      [[0.3, -0.2], [[1, 0], [0, 0.4]]],
      [[0, 0], [[1, 0.5], [0.5, 1]]],
      [[2, -1], [[0.5, -0.6], [-0.6, 2]]],
    ] as [number[], number[][]][]) {
      const a = maxPoolLaw(m, c);
      const b = maxPoolLaw(m, c, { moments: "quadrature" });
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(1e-12);
      expect(Math.abs(a.variance - b.variance)).toBeLessThan(1e-12);
    }
    // E[max(Z₁, Z₂)] = 1/√π for iid standard normals.
    expect(clarkMax(0, 1, 0, 1, 0).mean).toBeCloseTo(1 / Math.sqrt(Math.PI), 15);
    // Identical inputs: the max is the input.
    expect(clarkMax(1, 2, 1, 2, 2)).toEqual({ mean: 1, variance: 2, weightA: 1 });
  });

  it("k > 2 correlated: Clark moments with a Gaussian CDF flagged as approximate", () => {
    const l = maxPoolLaw([0, 0.1, 0.2], [[1, 0.3, 0.1], [0.3, 1, 0.2], [0.1, 0.2, 1]]);
    expect(l.cdfExact).toBe(false);
    expect(Number.isNaN(l.meanError)).toBe(true);
    expect(maxPoolLaw([0, 0.1, 0.2], [1, 1, 1]).cdfExact).toBe(true);
  });
});

describe("bad input", () => {
  const arg = (f: () => unknown): string | null => {
    try {
      f();
      return null;
    } catch (e) {
      return isPdesError(e, "InvalidArgument") || isPdesError(e, "ShapeMismatch") ? (e as unknown as { argument: string }).argument : "other";
    }
  };
  it("names the argument", () => {
    expect(arg(() => noiseLaw("relu", 0, -1))).toBe("sigma");
    expect(arg(() => noiseLaw("relu", NaN, 1))).toBe("mu");
    expect(arg(() => noiseLaw("leaky_relu", 0, 1, { alpha: -0.2 }))).toBe("alpha");
    expect(arg(() => noiseLaw("tanh", 0, 1, { moments: "probit" }))).toBe("moments");
    expect(arg(() => noiseLaw("swish" as never, 0, 1))).toBe("activation");
    expect(arg(() => maxPoolLaw([0, 1], [[1, 2], [2, 1]]))).toBe("covariance[1][0]");
    expect(arg(() => maxPoolLaw([0, 1], [1, 0]))).toBe("covariance[1][1]");
    expect(arg(() => maxPoolLaw([0, 1], [1]))).toBe("covariance");
    expect(arg(() => maxPoolLaw([0, 1, 2], [[1, 0.1, 0], [0.1, 1, 0], [0, 0, 1]], { moments: "quadrature" }))).toBe("opts.moments");
  });
});
