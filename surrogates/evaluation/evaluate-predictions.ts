/** All deterministic (and, given a variance, probabilistic) metrics of a batch of predictions. */
import type { BoundaryCondition, PointLayout } from "../../core/index.js";
import { requireBatchPair, type BatchArray } from "./batch.js";
import { fourierBandErrors } from "./fourier-bands.js";
import { h1RelativeErrorPerSample } from "./h1.js";
import { boundaryRmsePerSample, maxErrorPerSample, nrmsePerSample, relativeL2PerSample, rmsePerSample } from "./pointwise.js";
import { gaussianScoresPerSample } from "./probabilistic.js";
import { summarize, type Summary } from "./summary.js";

export interface MetricsOptions {
  /** Physical length per spatial axis (Fourier bands, H1). Default 1. */
  lengths?: readonly number[];
  /** Boundary condition per spatial axis (H1 derivatives, Fourier bands). Default periodic. */
  bc?: readonly BoundaryCondition[];
  /** Point layout per spatial axis (docs/conventions.md §Grids). Default: each bc's default. */
  layout?: readonly PointLayout[];
  /** Predictive variance, same shape as the prediction: adds NLL, coverage and CRPS. */
  variance?: BatchArray;
}

export interface PredictionMetrics {
  samples: number;
  relL2: Summary;
  rmse: number;
  nrmse: number;
  maxError: number;
  boundaryRmse: number;
  /** fRMSE per band (null where the grid is too coarse to hold any bin of the band, its NaN in PDEBench), and errF per wavenumber bin (the spectrum the bands summarise). */
  fourier: { low: number | null; mid: number | null; high: number | null; perBin: number[] };
  h1: Summary;
  probabilistic?: { nll: number; coverage95: number; crps: number };
  /** Per-sample relative L2 (for plots and worst-case picks). */
  relL2PerSample: Float64Array;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** An empty band is NaN in fourierBandErrors; records keep it as null, so they stay finite JSON. */
const bandOrNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function computeMetrics(pred: BatchArray, target: BatchArray, opts: MetricsOptions = {}): PredictionMetrics {
  const L = requireBatchPair(pred, target);
  const rel = relativeL2PerSample(pred, target);
  const geometry = {
    ...(opts.lengths ? { lengths: opts.lengths } : {}),
    ...(opts.bc ? { bc: opts.bc } : {}),
    ...(opts.layout ? { layout: opts.layout } : {}),
  };
  const f = fourierBandErrors(pred, target, geometry);
  const out: PredictionMetrics = {
    samples: L.n,
    relL2: summarize(rel),
    rmse: mean(rmsePerSample(pred, target)),
    nrmse: mean(nrmsePerSample(pred, target)),
    maxError: Math.max(...maxErrorPerSample(pred, target)),
    boundaryRmse: mean(boundaryRmsePerSample(pred, target)),
    fourier: { low: bandOrNull(f.low), mid: bandOrNull(f.mid), high: bandOrNull(f.high), perBin: Array.from(f.perBin) },
    h1: summarize(h1RelativeErrorPerSample(pred, target, geometry)),
    relL2PerSample: rel,
  };
  if (opts.variance) {
    const s = gaussianScoresPerSample(pred, opts.variance, target);
    out.probabilistic = { nll: mean(s.nll), coverage95: mean(s.coverage95), crps: mean(s.crps) };
  }
  return out;
}
