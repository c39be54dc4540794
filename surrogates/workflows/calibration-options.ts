/**
 * The calibration comparison's options, results and defaults, and the data it scores
 * (docs/gsnn.md §Calibration comparison): splits generated from a problem by sample index, and
 * the fixed-seed input noise, shared by the comparison and the re-scoring of a saved run.
 */
import { Rng } from "../../core/index.js";
import type { ResolvedProblem } from "../../datasets/index.js";
import type { BinnedVariance, NoiseScaleFit } from "../evaluation/index.js";
import type { GsnnConfig } from "../../gsnn/index.js";
import type { FnoConfig, MlpConfig } from "../../operators/baselines.js";

export interface CalibrationOptions {
  /** Run directories go under here. */
  out: string;
  problem?: string;
  resolution?: number;
  nTrain?: number;
  nVal?: number;
  nTest?: number;
  /** Input noise sd as a fraction of the training inputs' sd. Default 0.1. */
  noise?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** Learning-rate schedule of every model: constant (default) or cosine to 0 over the run. */
  schedule?: "constant" | "cosine";
  /** Bins of the point-wise ("binned") GSNN model error. Default 8. */
  modelErrorBins?: number;
  /**
   * Train and score only the baselines (no GSNN rows; the gsnn* results are empty). Data, noise
   * and seeds do not depend on it, so the rows of a run with and one without it combine.
   */
  skipGsnn?: boolean;
  /** Train and score only the GSNN (no ensemble or dropout rows). */
  skipBaselines?: boolean;
  /**
   * Keep the GSNN's per-value predictions here (float64 .npy, physical units) so they can be
   * re-scored without retraining (`rescoreSavedCalibration`): targets, means on clean and noisy
   * validation inputs and on noisy test inputs, the linearised input-noise variance on noisy
   * validation and test inputs, and a Monte Carlo check of the linearisation on a few test
   * samples. The trained GSNN's run directory is under `out`.
   */
  saveDir?: string;
  /**
   * The GSNN's linearised variance from the input's Fourier modes up to this one (`inputModes` of
   * predictWithUncertainty: cheaper, approximate); default exact gradients.
   */
  linearizedInputModes?: number;
  /** Test samples of the Monte Carlo check of the linearisation (with saveDir). Default 4. */
  mcSamples?: number;
  /** Noise draws per sample of that check. Default 64. */
  mcDraws?: number;
  /** Ensemble size. Default 5. */
  members?: number;
  /** Monte Carlo dropout passes. Default 32. */
  passes?: number;
  gsnn?: GsnnConfig;
  fno?: FnoConfig;
  /** The dropout MLP (its `dropout` defaults to 0.1). */
  mlp?: MlpConfig;
  seed?: number;
  backend?: string;
  log?: (line: string) => void;
}

export interface CalibrationRow {
  method: string;
  nll: number;
  crps: number;
  coverage95: number;
  relL2: number;
  /** Wall milliseconds per test sample of the predictive step (mean and variance). */
  msPerSample: number;
}

export interface CalibrationResult {
  rows: CalibrationRow[];
  /** Input noise sd in physical units. */
  noiseSd: number;
  /** GSNN model-error variance per output channel (physical units), from clean validation data. */
  gsnnModelVariance: number[];
  /** The GSNN's linearised input-noise variance per output channel, mean over the test values (physical units). */
  gsnnLinearizedVariance: number[];
  /** The binned model error per output channel: inner edges of |∇μ|² (grid units) and each bin's variance. */
  gsnnBinnedVariance: BinnedVariance;
  /** The coverage-fitted model error per output channel (physical units; the headline GSNN row). */
  gsnnCoverageModelVariance: number[];
  /** The likelihood fit σ² = scale·v + modelVariance on noisy validation data (v the linearised variance). */
  gsnnNoiseScale: NoiseScaleFit;
  /** Training wall seconds per model (ensemble: all members together). */
  trainSeconds: Record<string, number>;
  parameters: Record<string, number>;
}

export const CALIBRATION_DEFAULTS = {
  problem: "heat1d",
  resolution: 64,
  nTrain: 200,
  nVal: 50,
  nTest: 100,
  noise: 0.1,
  epochs: 10,
  batchSize: 16,
  lr: 1e-3,
  schedule: "constant" as "constant" | "cosine",
  modelErrorBins: 8,
  members: 5,
  passes: 32,
  gsnn: { width: 32, depth: 4, projectionWidth: 64 } as GsnnConfig,
  fno: { width: 32, modes: 12 } as FnoConfig,
  mlp: { hidden: [256, 256], dropout: 0.1 } as MlpConfig,
};

/** Samples start … start + count − 1 of a resolved problem: inputs and solver outputs, channels last. */
export function generateSplit(p: ResolvedProblem, seed: number, start: number, count: number): { x: Float64Array; y: Float64Array } {
  const pts = p.grid.shape.reduce((a, b) => a * b, 1);
  const [cin, cout] = [p.inputChannels.length, p.outputChannels.length];
  const x = new Float64Array(count * pts * cin);
  const y = new Float64Array(count * pts * cout);
  for (let i = 0; i < count; i++) p.sample(seed, start + i, x.subarray(i * pts * cin, (i + 1) * pts * cin), y.subarray(i * pts * cout, (i + 1) * pts * cout));
  return { x, y };
}

/** x plus white Gaussian noise of sd `sd`, drawn in order from Rng(noiseSeed) (validation: 1000 + seed; test: 2000 + seed). */
export function noisyCopy(x: Float64Array, sd: number, noiseSeed: number): Float64Array {
  const r = new Rng(noiseSeed);
  return Float64Array.from(x, (v) => v + sd * r.normal());
}
