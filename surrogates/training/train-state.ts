/**
 * Everything a checkpoint holds, and its conversion to and from the checkpoint file: model
 * weights, optimizer moments, the shuffling RNG, the position in the data (epoch, batch, the
 * epoch's permutation), the schedule, early-stopping and best-model bookkeeping.
 */
import * as tf from "@tensorflow/tfjs";
import { DatasetFormatError, Rng, type RngState } from "../../core/index.js";
import type { AdamW } from "./adamw.js";
import type { CheckpointFile } from "./checkpoint.js";
import type { LrSchedule, ScheduleState } from "./schedules.js";

export interface LoopState {
  /** Optimizer steps done so far. */
  step: number;
  /** Current epoch (0-based); equals `epochs` when training is over. */
  epoch: number;
  /** Next batch of the current epoch. */
  batchInEpoch: number;
  /** The current epoch's order of training samples (null: not drawn yet). */
  permutation: number[] | null;
  rng: Rng;
  /** Σ batch loss × batch size over the current epoch so far. */
  epochLossSum: number;
  /** Lowest monitored loss so far, its epoch (from 1), and that epoch's weights when kept (empty otherwise). */
  best: { loss: number; epoch: number; weights: Float32Array[] } | null;
  /** Epochs without improvement (early stopping). */
  badEpochs: number;
  /** Training seconds of earlier sessions. */
  elapsed: number;
}

interface CheckpointMeta {
  step: number;
  epoch: number;
  batchInEpoch: number;
  permutation: number[] | null;
  rng: RngState;
  epochLossSum: number;
  best: { loss: number; epoch: number } | null;
  badEpochs: number;
  elapsed: number;
  schedule: ScheduleState;
  optimizerStep: number;
  weightCount: number;
}

/** The loop's state, weights and optimizer moments, read back asynchronously (docs/gpu.md). */
export async function snapshotState(s: LoopState, model: tf.LayersModel, opt: AdamW, sched: LrSchedule): Promise<{ meta: CheckpointMeta; arrays: Record<string, Float32Array> }> {
  const arrays: Record<string, Float32Array> = {};
  const weights = model.getWeights();
  const values = await Promise.all(weights.map(async (w) => ((await w.data()) as Float32Array).slice()));
  values.forEach((v, i) => (arrays[`w/${i}`] = v));
  const os = await opt.readState();
  os.m.forEach((a, i) => (arrays[`m/${i}`] = a));
  os.v.forEach((a, i) => (arrays[`v/${i}`] = a));
  s.best?.weights.forEach((a, i) => (arrays[`best/${i}`] = a));
  const meta: CheckpointMeta = {
    step: s.step,
    epoch: s.epoch,
    batchInEpoch: s.batchInEpoch,
    permutation: s.permutation,
    rng: s.rng.getState(),
    epochLossSum: s.epochLossSum,
    best: s.best && { loss: s.best.loss, epoch: s.best.epoch },
    badEpochs: s.badEpochs,
    elapsed: s.elapsed,
    schedule: { ...sched.state },
    optimizerStep: os.step,
    weightCount: weights.length,
  };
  return { meta, arrays };
}

/** Restore model, optimizer and schedule from `ck`; returns the loop state. */
export function restoreState(ck: CheckpointFile<CheckpointMeta>, model: tf.LayersModel, opt: AdamW, sched: LrSchedule): LoopState {
  const { meta, arrays } = ck;
  const current = model.getWeights();
  if (meta.weightCount !== current.length) throw new DatasetFormatError(`holds ${meta.weightCount} weight arrays, the model has ${current.length}`, ck.file);
  const need = (name: string, size: number) => {
    const a = arrays[name];
    if (a === undefined || a.length !== size) throw new DatasetFormatError(`array ${name} is missing or has the wrong size`, ck.file);
    return a;
  };
  const tensors = current.map((w, i) => tf.tensor(need(`w/${i}`, w.size), w.shape, "float32"));
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
  const trainable = model.trainableWeights;
  opt.setState({
    step: meta.optimizerStep,
    m: trainable.map((w, i) => need(`m/${i}`, sizeOf(w.shape))),
    v: trainable.map((w, i) => need(`v/${i}`, sizeOf(w.shape))),
  });
  sched.state = { ...meta.schedule };
  return {
    step: meta.step,
    epoch: meta.epoch,
    batchInEpoch: meta.batchInEpoch,
    permutation: meta.permutation,
    rng: Rng.fromState(meta.rng),
    epochLossSum: meta.epochLossSum,
    // A run without a validation split tracks its best loss but keeps no weights for it.
    best: meta.best && { ...meta.best, weights: arrays["best/0"] === undefined ? [] : current.map((w, i) => need(`best/${i}`, w.size)) },
    badEpochs: meta.badEpochs,
    elapsed: meta.elapsed,
  };
}

function sizeOf(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((a, b) => a * (b ?? 1), 1);
}
