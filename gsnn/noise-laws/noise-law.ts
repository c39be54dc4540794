/**
 * One entry point: the law of f(X), X ~ N(μ, σ²), for each activation the toolkit knows.
 * See docs/noise-laws.md for every formula, its error and its test.
 */
import { InvalidArgumentError } from "../../core/index.js";
import { LEAKY_RELU_ALPHA } from "../moment-activations.js";
import type { NoiseLaw } from "./law.js";
import { geluLaw } from "./gelu-law.js";
import { leakyReluLaw, linearLaw, reluLaw } from "./piecewise-linear-laws.js";
import { sigmoidLaw, tanhLaw, type SigmoidMoments, type TanhMoments } from "./sigmoid-laws.js";

export const NOISE_LAW_ACTIVATIONS = ["linear", "relu", "leaky_relu", "tanh", "sigmoid", "gelu"] as const;
export type NoiseLawActivation = (typeof NOISE_LAW_ACTIVATIONS)[number];

export interface NoiseLawOptions {
  /** linear: Y = scale·X + shift (defaults 1, 0). */
  scale?: number;
  shift?: number;
  /** leaky_relu: negative slope α ≥ 0 (default 0.01). */
  alpha?: number;
  /** tanh: "quadrature" (default) or "erf"; sigmoid: "quadrature" (default) or "probit". */
  moments?: TanhMoments | SigmoidMoments;
}

export function noiseLaw(activation: NoiseLawActivation, mu: number, sigma: number, opts: NoiseLawOptions = {}): NoiseLaw {
  switch (activation) {
    case "linear":
      return linearLaw(mu, sigma, opts.scale ?? 1, opts.shift ?? 0);
    case "relu":
      return reluLaw(mu, sigma);
    case "leaky_relu":
      return leakyReluLaw(mu, sigma, opts.alpha ?? LEAKY_RELU_ALPHA);
    case "tanh":
      return tanhLaw(mu, sigma, (opts.moments ?? "quadrature") as TanhMoments);
    case "sigmoid":
      return sigmoidLaw(mu, sigma, (opts.moments ?? "quadrature") as SigmoidMoments);
    case "gelu":
      return geluLaw(mu, sigma);
    default:
      throw new InvalidArgumentError("activation", activation, `must be one of ${NOISE_LAW_ACTIVATIONS.join(", ")}`);
  }
}
