/**
 * From a TrainingData to what the loop consumes: the seeded train/validation split, the
 * normaliser fitted on the training samples, normalised float32 copies, and batch makers.
 */
import type * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/index.js";
import type { TrainConfig } from "./config.js";
import { fingerprint, gatherBatch, splitIndices, validateTrainingData, type TrainingData } from "./data.js";
import { channelStats, identityStats, normalizeValues, type Normalizer } from "./normalizer.js";
import type { TrainSource } from "./train-source.js";

export interface PreparedData {
  normalizer: Normalizer;
  train: number[];
  val: number[];
  /** Normalised inputs/outputs, `[count, sampleIn]` / `[count, sampleOut]`. */
  x: Float32Array;
  y: Float32Array;
  sampleIn: number;
  sampleOut: number;
  inputBatch(idx: readonly number[]): tf.Tensor;
  outputBatch(idx: readonly number[]): tf.Tensor;
}

/** Stream 1 of the run seed drives the split (stream 2 the shuffles, 0x1717 the weight init). */
export function prepareData(d: TrainingData, cfg: Pick<TrainConfig, "seed" | "validationFraction" | "normalize">, stored?: Normalizer): PreparedData {
  validateTrainingData(d);
  const rng = new Rng(cfg.seed, 1);
  const { train, val } = splitIndices(d.count, cfg.validationFraction, (a) => rng.shuffle(a));
  const pts = d.grid.shape.reduce((a, b) => a * b, 1);
  const sampleIn = pts * d.inChannels;
  const sampleOut = pts * d.outChannels;
  // A resumed run keeps the statistics it started with (written to the run directory).
  const normalizer: Normalizer = stored
    ? stored
    : cfg.normalize
    ? { kind: "channel", input: channelStats(d.inputs, d.inChannels, train, sampleIn), output: channelStats(d.outputs, d.outChannels, train, sampleOut) }
    : { kind: "channel", input: identityStats(d.inChannels), output: identityStats(d.outChannels) };
  const x = normalizeValues(d.inputs, normalizer.input);
  const y = normalizeValues(d.outputs, normalizer.output);
  const inShape = [...d.grid.shape, d.inChannels];
  const outShape = [...d.grid.shape, d.outChannels];
  return {
    normalizer,
    train,
    val,
    x,
    y,
    sampleIn,
    sampleOut,
    inputBatch: (idx) => gatherBatch(x, sampleIn, idx, inShape),
    outputBatch: (idx) => gatherBatch(y, sampleOut, idx, outShape),
  };
}

/** The training source over in-memory data (everything normalised once, batches gathered). */
export function inMemorySource(d: TrainingData, cfg: Pick<TrainConfig, "seed" | "validationFraction" | "normalize">, stored?: Normalizer): TrainSource & { prepared: PreparedData } {
  const prep = prepareData(d, cfg, stored);
  const gather = (src: Float32Array, per: number, idx: readonly number[]): Float32Array => {
    const out = new Float32Array(idx.length * per);
    idx.forEach((i, b) => out.set(src.subarray(i * per, (i + 1) * per), b * per));
    return out;
  };
  return {
    count: d.count,
    grid: d.grid,
    inChannels: d.inChannels,
    outChannels: d.outChannels,
    problem: d.problem,
    normalizer: prep.normalizer,
    train: prep.train,
    val: prep.val,
    sampleIn: prep.sampleIn,
    sampleOut: prep.sampleOut,
    batch: async (idx) => ({ x: gather(prep.x, prep.sampleIn, idx), y: gather(prep.y, prep.sampleOut, idx) }),
    fingerprint: async () => fingerprint(d),
    prepared: prep,
  };
}
