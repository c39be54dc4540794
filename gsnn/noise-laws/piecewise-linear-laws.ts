/**
 * Noise laws of the piecewise-linear maps, all in closed form (docs/noise-laws.md):
 * - linear  Y = aX + b ~ N(aμ + b, a²σ²);
 * - ReLU    Y = max(0, X): an atom Φ(−μ/σ) at 0, the N(μ, σ²) density above 0;
 * - leaky ReLU (α ≥ 0) Y = X for X ≥ 0, αX below: Y = αX + (1 − α)·ReLU(X), so with
 *   z = μ/σ and Stein's lemma Cov(X, ReLU X) = σ²Φ(z):
 *     E[Y]   = αμ + (1 − α)·σψ₁(z)
 *     Var[Y] = σ²[α² + (1 − α)²·v₊(z) + 2α(1 − α)Φ(z)]
 *   (ψ₁, v₊: mean and variance of (Z + z)₊, tail-moments.ts), and for α > 0
 *   F(t) = Φ((t − μ)/σ) for t ≥ 0, Φ((t/α − μ)/σ) for t < 0.
 */
import { InvalidArgumentError, requireFiniteNumber } from "../../core/index.js";
import { normCdf64, normPdf64 } from "../moments-reference.js";
import { gaussianLaw, pointMassLaw, requireMuSigma, type NoiseLaw } from "./law.js";
import { reluStandardMoments } from "./tail-moments.js";

export function linearLaw(mu: number, sigma: number, scale = 1, shift = 0): NoiseLaw {
  ({ mu, sigma } = requireMuSigma(mu, sigma));
  const a = requireFiniteNumber("scale", scale);
  const b = requireFiniteNumber("shift", shift);
  const name = `linear(${a}, ${b})`;
  if (sigma === 0 || a === 0) return pointMassLaw(name, a * mu + b);
  return gaussianLaw(name, a * mu + b, a * a * sigma * sigma);
}

export function reluLaw(mu: number, sigma: number): NoiseLaw {
  return leakyLaw("relu", mu, sigma, 0);
}

export function leakyReluLaw(mu: number, sigma: number, alpha: number): NoiseLaw {
  const a = requireFiniteNumber("alpha", alpha);
  if (a < 0) throw new InvalidArgumentError("alpha", alpha, "must be >= 0 (a negative slope makes the map non-monotone)");
  return leakyLaw(`leaky_relu(${a})`, mu, sigma, a);
}

function leakyLaw(name: string, mu0: number, sigma0: number, alpha: number): NoiseLaw {
  const { mu, sigma } = requireMuSigma(mu0, sigma0);
  const f = (x: number) => (x >= 0 ? x : alpha * x);
  if (sigma === 0) return pointMassLaw(name, f(mu));
  const { m1, v, p } = reluStandardMoments(mu / sigma);
  const mean = alpha * mu + (1 - alpha) * sigma * m1;
  const variance = sigma * sigma * (alpha * alpha + (1 - alpha) ** 2 * v + 2 * alpha * (1 - alpha) * p);
  const below = (t: number) => normCdf64((t - mu) / sigma);
  const atomMass = alpha === 0 ? below(0) : 0;
  return {
    name,
    mean,
    variance: Math.max(0, variance),
    meanError: 0,
    varianceError: 0,
    support: alpha === 0 ? [0, Infinity] : [-Infinity, Infinity],
    atoms: atomMass > 0 ? [{ at: 0, mass: atomMass }] : [],
    cdfExact: true,
    cdf: (t) => (t >= 0 ? below(t) : alpha === 0 ? 0 : below(t / alpha)),
    pdf: (t) => (t >= 0 ? normPdf64((t - mu) / sigma) / sigma : t < 0 && alpha > 0 ? normPdf64((t / alpha - mu) / sigma) / (alpha * sigma) : 0),
  };
}
