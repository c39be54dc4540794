/**
 * Noise laws of tanh and the logistic sigmoid. Both are increasing, so the CDF and density are
 * exact: F(t) = Φ((f⁻¹(t) − μ)/σ), p(t) = φ((f⁻¹(t) − μ)/σ) / (σ f'(f⁻¹(t))), with
 * tanh⁻¹(t) = atanh t, f' = 1 − t², and logit t = ln(t/(1 − t)), f' = t(1 − t).
 * Moments, two ways (docs/noise-laws.md):
 * - "quadrature" (default): exact up to the stated quadrature bound (gaussian-quadrature.ts);
 * - "erf" for tanh: the closed form for erf(√π x/2) (the GSNN activation's), off by at most
 *   δ = 0.03535 in the mean and δ(sd₁ + sd₂) ≤ 2δ in the variance;
 *   "probit" for the sigmoid: σ(x) ≈ Φ(λx), λ = √(π/8) (MacKay 1992). Since σ(x) = (1 + tanh(x/2))/2
 *   and Φ(λx) = (1 + erf(√π x/4))/2, sup|σ − Φ(λ·)| = δ/2 = 0.017675 exactly, so the mean is off
 *   by at most δ/2 and the variance by (δ/2)(sd₁ + sd₂) ≤ δ/2 (both sds ≤ 1/2 on [0, 1]).
 */
import { InvalidArgumentError } from "../../core/index.js";
import { SIGMOID_PROBIT_MAX_ERROR, TANH_ERF_MAX_ERROR } from "../moment-activations.js";
import { activationMoments64, normCdf64, normPdf64 } from "../moments-reference.js";
import { pointMassLaw, requireMuSigma, type NoiseLaw } from "./law.js";
import { quadratureMoments } from "./gaussian-quadrature.js";

export type TanhMoments = "quadrature" | "erf";
export type SigmoidMoments = "quadrature" | "probit";

export function sigmoid64(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

// tanh and the sigmoid change on an O(1) scale within |x| ≤ 40 (beyond it they are within 4e−18 of ±1).
const TRANSITION = { lo: -40, hi: 40, scale: 1 };

export function tanhLaw(mu0: number, sigma0: number, moments: TanhMoments = "quadrature"): NoiseLaw {
  const { mu, sigma } = requireMuSigma(mu0, sigma0);
  if (moments !== "quadrature" && moments !== "erf") throw new InvalidArgumentError("moments", moments, 'must be "quadrature" or "erf" for tanh');
  const name = `tanh(${moments})`;
  if (sigma === 0) return pointMassLaw(name, Math.tanh(mu));
  let m: { mean: number; variance: number; meanError: number; varianceError: number };
  if (moments === "quadrature") m = quadratureMoments(Math.tanh, mu, sigma, { transition: TRANSITION });
  else {
    const c = activationMoments64("tanh", mu, sigma * sigma);
    m = { ...c, meanError: TANH_ERF_MAX_ERROR, varianceError: 2 * TANH_ERF_MAX_ERROR };
  }
  return monotoneLaw(name, m, mu, sigma, [-1, 1], Math.atanh, (t) => 1 - t * t);
}

export function sigmoidLaw(mu0: number, sigma0: number, moments: SigmoidMoments = "quadrature"): NoiseLaw {
  const { mu, sigma } = requireMuSigma(mu0, sigma0);
  if (moments !== "quadrature" && moments !== "probit") throw new InvalidArgumentError("moments", moments, 'must be "quadrature" or "probit" for the sigmoid');
  const name = `sigmoid(${moments})`;
  if (sigma === 0) return pointMassLaw(name, sigmoid64(mu));
  const m =
    moments === "quadrature"
      ? quadratureMoments(sigmoid64, mu, sigma, { transition: TRANSITION })
      : { ...sigmoidProbitMoments(mu, sigma * sigma), meanError: SIGMOID_PROBIT_MAX_ERROR, varianceError: SIGMOID_PROBIT_MAX_ERROR };
  return monotoneLaw(name, m, mu, sigma, [0, 1], (t) => Math.log(t / (1 - t)), (t) => t * (1 - t));
}

/** Probit-matched moments of σ(X): those of Φ(λX), λ = √(π/8) (closed form via Owen's T, docs/gsnn.md). */
export function sigmoidProbitMoments(mu: number, v: number): { mean: number; variance: number } {
  return activationMoments64("sigmoid", mu, v);
}

function monotoneLaw(
  name: string,
  m: { mean: number; variance: number; meanError: number; varianceError: number },
  mu: number,
  sigma: number,
  support: [number, number],
  inverse: (t: number) => number,
  slopeAt: (t: number) => number,
): NoiseLaw {
  const [lo, hi] = support;
  return {
    name,
    mean: m.mean,
    variance: m.variance,
    meanError: m.meanError,
    varianceError: m.varianceError,
    support,
    atoms: [],
    cdfExact: true,
    cdf: (t) => (t <= lo ? 0 : t >= hi ? 1 : normCdf64((inverse(t) - mu) / sigma)),
    pdf: (t) => (t <= lo || t >= hi ? 0 : normPdf64((inverse(t) - mu) / sigma) / (sigma * slopeAt(t))),
  };
}
