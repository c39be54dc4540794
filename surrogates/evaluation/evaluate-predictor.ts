/**
 * Evaluate any predictor (a trained surrogate, a cheaper solver setting) on a test set: run it
 * in batches, time it per sample, and compute every metric against the reference outputs.
 * The predictor sees physical-unit Float64 inputs and returns physical-unit outputs, so models
 * and solvers are scored by the same code.
 */
import { InvalidArgumentError, ShapeMismatchError, requireInteger, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import { requireBatch, type BatchArray } from "./batch.js";
import { computeMetrics, type PredictionMetrics } from "./evaluate-predictions.js";
import { timePerSample, type Timing } from "./timing.js";

export interface PredictorOutput {
  mean: Float64Array | Float32Array;
  variance?: Float64Array | Float32Array;
}

/** `inputs` is `[n, ...spatial, Cin]`; the output arrays are `[n, ...spatial, Cout]` in C order. */
export type Predictor = (inputs: BatchArray) => Promise<PredictorOutput> | PredictorOutput;

export interface EvaluationSet {
  inputs: BatchArray;
  outputs: BatchArray;
  /** Physical length per spatial axis (Fourier bands, H1). */
  lengths?: readonly number[];
  bc?: readonly BoundaryCondition[];
  /** Point layout per spatial axis (default: each bc's default). */
  layout?: readonly PointLayout[];
}

export interface EvaluateOptions {
  /** Samples per predictor call. Default 32. */
  batchSize?: number;
  /** Timed full passes over the set after one warm-up batch. Default 1. */
  repeats?: number;
}

export interface EvaluationResult {
  metrics: PredictionMetrics;
  timing: Timing;
  /** The predicted means, same layout as `set.outputs`. */
  prediction: Float64Array;
  variance?: Float64Array;
}

function slice(b: BatchArray, start: number, end: number): BatchArray {
  const per = b.data.length / b.shape[0]!;
  return { data: b.data.subarray(start * per, end * per), shape: [end - start, ...b.shape.slice(1)] };
}

export async function evaluatePredictor(predict: Predictor, set: EvaluationSet, opts: EvaluateOptions = {}): Promise<EvaluationResult> {
  const li = requireBatch("set.inputs", set.inputs);
  const lo = requireBatch("set.outputs", set.outputs);
  if (li.n !== lo.n) throw new ShapeMismatchError("set.outputs", set.outputs.shape, `${li.n} samples like set.inputs`);
  const bs = requireInteger("batchSize", opts.batchSize ?? 32, 1);
  const repeats = requireInteger("repeats", opts.repeats ?? 1, 1);
  const n = li.n;
  const mean = new Float64Array(set.outputs.data.length);
  let variance: Float64Array | undefined;
  let sawVariance: boolean | undefined;
  const pass = async () => {
    for (let s = 0; s < n; s += bs) {
      const e = Math.min(n, s + bs);
      const out = await predict(slice(set.inputs, s, e));
      const want = (e - s) * lo.sampleSize;
      if (out.mean.length !== want) throw new ShapeMismatchError("predictor output", out.mean.length, `length ${want} for ${e - s} samples`);
      mean.set(out.mean, s * lo.sampleSize);
      if (sawVariance === undefined) sawVariance = out.variance !== undefined;
      if (sawVariance !== (out.variance !== undefined)) throw new InvalidArgumentError("predictor output", "variance", "must be present for every batch or for none");
      if (out.variance) {
        variance ??= new Float64Array(mean.length);
        variance.set(out.variance, s * lo.sampleSize);
      }
    }
  };
  // Warm-up on one batch (JIT, kernel compilation), then time full passes.
  await predict(slice(set.inputs, 0, Math.min(n, bs)));
  const timing = await timePerSample(pass, n, { warmup: 0, repeats });
  const metrics = computeMetrics({ data: mean, shape: set.outputs.shape }, set.outputs, {
    ...(set.lengths ? { lengths: set.lengths } : {}),
    ...(set.bc ? { bc: set.bc } : {}),
    ...(set.layout ? { layout: set.layout } : {}),
    ...(variance ? { variance: { data: variance, shape: set.outputs.shape } } : {}),
  });
  return { metrics, timing, prediction: mean, ...(variance ? { variance } : {}) };
}
