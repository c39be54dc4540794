/**
 * Noise law of GELU, g(x) = xΦ(x). Moments: the closed forms of docs/gsnn.md (exact).
 * g is not monotone: it falls from 0⁻ (x → −∞) to its minimum g* = g(x*) ≈ −0.16997 at
 * x* ≈ −0.75179 (where g'(x) = Φ(x) + xφ(x) = 0), then rises. So for g* ≤ t < 0 the event
 * {g(X) ≤ t} is X ∈ [x₁, x₂] with x₁ ≤ x* ≤ x₂ < 0, and for t ≥ 0 it is X ≤ x₂:
 *   F(t) = Φ((x₂ − μ)/σ) − [t < 0] Φ((x₁ − μ)/σ),   p(t) = Σ_r φ((x_r − μ)/σ) / (σ |g'(x_r)|),
 * with the roots found by safeguarded Newton to round-off. The density has an inverse square-root
 * singularity at t = g* (integrable). The left root is taken as −38.5 when t > g(−38.5) ≈ −1e−321
 * (below that g underflows), which moves F by at most Φ((−38.5 − μ)/σ).
 */
import { activationMoments64, normCdf64, normPdf64 } from "../moments-reference.js";
import { pointMassLaw, requireMuSigma, type NoiseLaw } from "./law.js";

export function gelu64(x: number): number {
  return x * normCdf64(x);
}

function geluSlope(x: number): number {
  return normCdf64(x) + x * normPdf64(x);
}

/** Root of g(x) = t on [a, b] where g is monotone and g(a) − t, g(b) − t differ in sign. */
function monotoneRoot(t: number, a: number, b: number): number {
  let ga = gelu64(a) - t;
  let x = 0.5 * (a + b);
  for (let it = 0; it < 200; it++) {
    const gx = gelu64(x) - t;
    if (gx === 0) return x;
    if (Math.sign(gx) === Math.sign(ga)) {
      a = x;
      ga = gx;
    } else b = x;
    const d = geluSlope(x);
    let nx = x - gx / d;
    // Newton when it stays inside the bracket, else bisection.
    if (!(nx > Math.min(a, b) && nx < Math.max(a, b))) nx = 0.5 * (a + b);
    if (Math.abs(nx - x) <= 1e-15 * Math.max(1, Math.abs(x))) return nx;
    x = nx;
  }
  return x;
}

/** x* (the minimiser of g) and g* = g(x*). */
export const GELU_ARGMIN: number = (() => {
  // g'(x) = Φ + xφ has g'' = φ(2 − x²) > 0 near x*: Newton from −0.75.
  let x = -0.75;
  for (let i = 0; i < 50; i++) {
    const d1 = geluSlope(x);
    const d2 = normPdf64(x) * (2 - x * x);
    const nx = x - d1 / d2;
    if (Math.abs(nx - x) < 1e-16) break;
    x = nx;
  }
  return x;
})();
export const GELU_MIN: number = gelu64(GELU_ARGMIN);

const LEFT_LIMIT = -38.5;

/** The preimage roots of t: [x₁, x₂] for g* ≤ t < 0 (x₁ = −∞ for t ≥ 0), or null below g*. */
export function geluRoots(t: number): { x1: number; x2: number } | null {
  if (t < GELU_MIN) return null;
  if (t === GELU_MIN) return { x1: GELU_ARGMIN, x2: GELU_ARGMIN };
  if (t >= 0) {
    // Φ ≥ 1/2 on [0, ∞) gives x₂ ≤ 2t.
    return { x1: -Infinity, x2: t === 0 ? 0 : monotoneRoot(t, 0, Math.max(2 * t, 1)) };
  }
  const x2 = monotoneRoot(t, GELU_ARGMIN, 0);
  const x1 = t > gelu64(LEFT_LIMIT) ? LEFT_LIMIT : monotoneRoot(t, LEFT_LIMIT, GELU_ARGMIN);
  return { x1, x2 };
}

export function geluLaw(mu0: number, sigma0: number): NoiseLaw {
  const { mu, sigma } = requireMuSigma(mu0, sigma0);
  if (sigma === 0) return pointMassLaw("gelu", gelu64(mu));
  const m = activationMoments64("gelu", mu, sigma * sigma);
  const P = (x: number) => normCdf64((x - mu) / sigma);
  return {
    name: "gelu",
    mean: m.mean,
    variance: m.variance,
    meanError: 0,
    varianceError: 0,
    support: [GELU_MIN, Infinity],
    atoms: [],
    cdfExact: true,
    cdf: (t) => {
      const r = geluRoots(t);
      if (r === null) return 0;
      return Math.max(0, P(r.x2) - (r.x1 === -Infinity ? 0 : P(r.x1)));
    },
    pdf: (t) => {
      const r = geluRoots(t);
      if (r === null || t === GELU_MIN) return r === null ? 0 : Infinity;
      const dens = (x: number) => normPdf64((x - mu) / sigma) / (sigma * Math.abs(geluSlope(x)));
      return dens(r.x2) + (r.x1 === -Infinity ? 0 : dens(r.x1));
    },
  };
}
