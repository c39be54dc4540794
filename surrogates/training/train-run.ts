/**
 * The state one training run carries from setup to finish (surrogates/training/train-*.ts): the
 * resolved config, the data source, the model and its optimizer, the loop position, and the
 * seams later work plugs into — `events` (progress), `pool` (the data-parallel workers that
 * compute each step's gradient with this thread, train-epoch.ts), `backend` (the run record's
 * backend).
 */
import type * as tf from "@tensorflow/tfjs";
import type { ModelContext, ModelInfo } from "../../operators/index.js";
import type { ModelEntry } from "../model-registry.js";
import type { AdamW } from "./adamw.js";
import type { GradientPool } from "./data-parallel/gradient-pool.js";
import type { TrainConfig } from "./config.js";
import type { LossFn } from "./losses.js";
import type { LrSchedule } from "./schedules.js";
import type { LoopState } from "./train-state.js";
import type { TrainSource } from "./train-source.js";

/** After each optimizer step. Steps and epochs count from 1. */
export interface StepProgress {
  step: number;
  /** The epoch this step belongs to, 1..epochs. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  epochs: number;
  loss: number;
  lr: number;
}

/** After each epoch's validation (once for a model fitted in closed form only). */
export interface EpochSummary {
  /** 1..epochs. */
  epoch: number;
  /** Epochs this run will train (1 for a closed-form fit). */
  epochs: number;
  /** Optimizer steps done so far. */
  step: number;
  trainLoss: number;
  valLoss: number | null;
  lr: number;
  /** This epoch's weights are the kept model so far (lowest validation loss; never without a validation split). */
  best: boolean;
}

/** After a closed-form fit (model registry `fit` hook) that did something: what its "fit" record holds. */
export interface FitProgress {
  when: "before" | "after";
  /** Epochs done when it ran (0 before training). */
  epoch: number;
  summary: Record<string, unknown>;
  valLoss: number | null;
}

/** Progress events of a run (the CLI's bar and log lines listen here). */
export interface TrainEvents {
  onStep?: (p: StepProgress) => void;
  onEpoch?: (s: EpochSummary) => void;
  onFit?: (f: FitProgress) => void;
}

export interface TrainRun {
  readonly cfg: TrainConfig;
  readonly out: string;
  readonly ckDir: string;
  readonly warn: (msg: string) => void;
  /** Backend name recorded in every metric and in surrogate.json. */
  readonly backend: string;
  readonly events: TrainEvents;
  readonly entry: ModelEntry;
  readonly probabilistic: boolean;
  readonly lossKind: string;
  readonly lossFn: LossFn;
  readonly source: TrainSource;
  readonly ctx: ModelContext;
  model: tf.LayersModel;
  /** Made by a closed-form fit with nothing left to train: no gradient epochs. */
  fittedOnly: boolean;
  info: ModelInfo;
  vars: tf.Variable[];
  opt: AdamW;
  sched: LrSchedule;
  /** Batch size (at most the training-set size) and batches per epoch. */
  readonly bs: number;
  readonly batchesPerEpoch: number;
  s: LoopState;
  /** Whether the loop state came from a checkpoint. */
  restored: boolean;
  lastCheckpoint: string | null;
  stoppedEarly: boolean;
  /** performance.now() when this session started (elapsed time adds to s.elapsed). */
  readonly t0: number;
  /** Test hook: the inputs of this (1-based) step's batch are replaced by NaN. */
  readonly injectNanAtStep?: number;
  readonly signal?: AbortSignal;
  /** Data-parallel workers computing the gradients with this thread (config `workers` > 1). */
  pool?: GradientPool;
}

/** Training seconds so far, over all sessions of the run. */
export function elapsed(run: TrainRun): number {
  return run.s.elapsed + (performance.now() - run.t0) / 1000;
}
