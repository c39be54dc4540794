/**
 * The law of Y = f(X) for X ~ N(μ, σ²): moments, CDF and density, with the error of the moments
 * stated (0 for closed forms). Formulas, bounds and tests: docs/noise-laws.md.
 */
import { InvalidArgumentError, requireFiniteNumber } from "../../core/index.js";
import { normCdf64, normPdf64 } from "../moments-reference.js";

/** A point mass of Y (ReLU puts P(X ≤ 0) at 0; σ = 0 puts everything at f(μ)). */
export interface Atom {
  at: number;
  mass: number;
}

export interface NoiseLaw {
  /** What produced it, e.g. "relu", "leaky_relu(0.1)", "max-pool(3)". */
  readonly name: string;
  readonly mean: number;
  readonly variance: number;
  /**
   * Bounds on |mean − E[Y]| and |variance − Var[Y]|: 0 for exact closed forms (round-off
   * aside), the quadrature bound for "exact by quadrature", the approximation's sup error for
   * probit/erf-matched and Clark moments where one is known (NaN where none is known).
   */
  readonly meanError: number;
  readonly varianceError: number;
  /** Y's support [lo, hi] (may be infinite). */
  readonly support: readonly [number, number];
  /** Point masses, excluded from `pdf`. */
  readonly atoms: readonly Atom[];
  /** False where `cdf`/`pdf` are those of a moment-matched Gaussian (Clark max of k > 2 correlated). */
  readonly cdfExact: boolean;
  /** P(Y ≤ t). */
  cdf(t: number): number;
  /** Density of the absolutely continuous part at t (atoms excluded). */
  pdf(t: number): number;
}

export function requireMuSigma(mu: unknown, sigma: unknown): { mu: number; sigma: number } {
  const m = requireFiniteNumber("mu", mu);
  const s = requireFiniteNumber("sigma", sigma);
  if (s < 0) throw new InvalidArgumentError("sigma", sigma, "must be >= 0 (a standard deviation)");
  return { mu: m, sigma: s };
}

/** All mass at one point: what every map of a σ = 0 input gives. */
export function pointMassLaw(name: string, at: number): NoiseLaw {
  return {
    name,
    mean: at,
    variance: 0,
    meanError: 0,
    varianceError: 0,
    support: [at, at],
    atoms: [{ at, mass: 1 }],
    cdfExact: true,
    cdf: (t) => (t >= at ? 1 : 0),
    pdf: () => 0,
  };
}

/** N(mean, variance) with variance > 0. */
export function gaussianLaw(name: string, mean: number, variance: number, cdfExact = true, meanError = 0, varianceError = 0): NoiseLaw {
  const sd = Math.sqrt(variance);
  return {
    name,
    mean,
    variance,
    meanError,
    varianceError,
    support: [-Infinity, Infinity],
    atoms: [],
    cdfExact,
    cdf: (t) => normCdf64((t - mean) / sd),
    pdf: (t) => normPdf64((t - mean) / sd) / sd,
  };
}

/** P(Y < t) = P(Y ≤ t) minus the atom at t (for Kolmogorov–Smirnov at jumps). */
export function cdfBelow(law: NoiseLaw, t: number): number {
  let c = law.cdf(t);
  for (const a of law.atoms) if (a.at === t) c -= a.mass;
  return Math.max(0, c);
}
