/**
 * Scores of a Gaussian predictive N(μ, σ²) per point against the truth y, averaged per sample
 * over points and channels:
 * - NLL = ½ log(2πσ²) + (y − μ)² / (2σ²)   (nats per value);
 * - 95% coverage = fraction of values with |y − μ| ≤ z·σ, z = Φ⁻¹(0.975) (ideal 0.95);
 * - CRPS = σ [ ζ(2Φ(ζ) − 1) + 2φ(ζ) − 1/√π ], ζ = (y − μ)/σ (Gneiting & Raftery 2007; same
 *   units as y, reduces to |y − μ| as σ → 0).
 */
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import { requireBatch, requireBatchPair, type BatchArray } from "./batch.js";
import { normalCdf, normalPdf } from "./special.js";

/** Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

export interface ProbabilisticScores {
  nll: Float64Array;
  coverage95: Float64Array;
  crps: Float64Array;
}

/** CRPS of N(mu, sigma²) at y (closed form). */
export function crpsGaussian(mu: number, sigma: number, y: number): number {
  const z = (y - mu) / sigma;
  return sigma * (z * (2 * normalCdf(z) - 1) + 2 * normalPdf(z) - 1 / Math.sqrt(Math.PI));
}

export function gaussianScoresPerSample(mean: BatchArray, variance: BatchArray, target: BatchArray): ProbabilisticScores {
  const L = requireBatchPair(mean, target, "mean", "target");
  requireBatch("variance", variance);
  if (variance.shape.length !== target.shape.length || variance.shape.some((s, a) => s !== target.shape[a]))
    throw new ShapeMismatchError("variance", variance.shape, target.shape);
  const nll = new Float64Array(L.n);
  const coverage95 = new Float64Array(L.n);
  const crps = new Float64Array(L.n);
  const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    let sNll = 0;
    let sCov = 0;
    let sCrps = 0;
    for (let k = base; k < base + L.sampleSize; k++) {
      const v = variance.data[k]!;
      if (!(v > 0)) throw new InvalidArgumentError(`variance.data[${k}]`, v, "must be > 0");
      const sd = Math.sqrt(v);
      const r = target.data[k]! - mean.data[k]!;
      sNll += halfLog2Pi + 0.5 * Math.log(v) + (r * r) / (2 * v);
      if (Math.abs(r) <= Z95 * sd) sCov++;
      sCrps += crpsGaussian(mean.data[k]!, sd, target.data[k]!);
    }
    nll[i] = sNll / L.sampleSize;
    coverage95[i] = sCov / L.sampleSize;
    crps[i] = sCrps / L.sampleSize;
  }
  return { nll, coverage95, crps };
}
