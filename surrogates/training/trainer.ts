/**
 * The training loop, in four parts: setup (train-source.ts: datasets' pipeline over the store
 * or the in-memory samples — seeded split, per-channel normalisation, batches streamed within
 * `memoryBudgetMiB`, docs/training.md § Data; train-setup.ts: loss, model built with seeded
 * initial weights or fitted in closed
 * form, optimizer, schedule), start or resume (train-resume.ts: run directory, checkpoint
 * restore), epochs (train-epoch.ts: Adam/AdamW steps with a schedule and optional global-norm
 * clipping, validation, best-model keeping, early stopping, crash-safe checkpoints) and finish
 * (train-finish.ts: best weights, final closed-form fit, model files, surrogate.json). Model
 * kinds differ only through their registry entry (`build`, `fit`, `parameterCount`): a model
 * made by its closed-form fit (ridge, RBF, kernel) takes gradient steps only if the fit left
 * trainable weights.
 *
 * Reproducibility: the split, the shuffles and the initial weights all derive from `seed`; with
 * the same backend (cpu) the per-step losses are identical, and a resumed run continues the
 * uninterrupted one exactly because every piece of state is restored bit for bit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { currentBackend, ensureBackend } from "../../core/index.js";
import type { ModelInfo } from "../../operators/index.js";
import type { Surrogate } from "../surrogate.js";
import type { LossKind, TrainConfig } from "./config.js";
import type { TrainingInput } from "./data.js";
import type { LossFn } from "./losses.js";
import type { SurrogateMeta } from "./run-dir.js";
import { GradientPool } from "./data-parallel/gradient-pool.js";
import { closedFormEpoch, meanLoss, trainEpoch } from "./train-epoch.js";
import { fitAndLog } from "./train-fit.js";
import { finishRun } from "./train-finish.js";
import { startRun } from "./train-resume.js";
import type { EpochSummary, FitProgress, StepProgress, TrainRun } from "./train-run.js";
import { lockRunDir } from "./run-lock.js";
import { setupRun, storedNormalizer } from "./train-setup.js";
import { openTrainSource, type TrainSource } from "./train-source.js";

export type { EpochSummary, FitProgress, StepProgress } from "./train-run.js";

export interface TrainOptions {
  config: TrainConfig;
  /** An opened store (streamed within `config.memoryBudgetMiB`) or samples in memory. */
  data: TrainingInput;
  /** Continue from the newest good checkpoint in `config.out`. */
  resume?: boolean;
  /** The tfjs backend to train on (selected if another is active; recorded in metrics and metadata). */
  backend?: string;
  warn?: (msg: string) => void;
  /** Progress (docs/training.md "Progress"): after every optimizer step, epoch, and closed-form fit. */
  onStep?: (p: StepProgress) => void;
  onEpoch?: (s: EpochSummary) => void;
  onFit?: (f: FitProgress) => void;
  /** Test hook: the inputs of this (1-based) step's batch are replaced by NaN. */
  injectNanAtStep?: number;
  /** Stop after the current step: a checkpoint is written there and an "interrupted" error thrown. */
  signal?: AbortSignal;
}

export interface TrainResult {
  runDir: string;
  model: tf.LayersModel;
  info: ModelInfo;
  steps: number;
  epochsDone: number;
  stoppedEarly: boolean;
  bestEpoch: number | null;
  bestValLoss: number | null;
  /** The data source the run trained on (split, normaliser, batches). */
  source: TrainSource;
  meta: SurrogateMeta;
  /** The final (best) model wrapped like `loadSurrogate` would: predictions equal the saved run's. */
  surrogate: Surrogate;
}

export async function train(options: TrainOptions): Promise<TrainResult> {
  // One writer per run directory (docs/safety.md §Locks): a second train or resume is refused.
  fs.mkdirSync(path.dirname(path.resolve(options.config.out)), { recursive: true });
  const lock = lockRunDir(options.config.out, `train${options.resume ? " --resume" : ""} --out ${options.config.out}`);
  try {
    return await trainLocked(await withBackend(options));
  } finally {
    lock.release();
  }
}

async function trainLocked(opts: TrainOptions): Promise<TrainResult> {
  const source = await openTrainSource(opts.data, opts.config, storedNormalizer(opts.config.out, opts.resume === true));
  const run = await setupRun(opts, source);
  await startRun(run, opts.resume === true);
  if (!run.restored && run.entry.build) await fitAndLog(run, "before");
  if (run.fittedOnly) await closedFormEpoch(run);
  if (!run.fittedOnly && run.cfg.workers > 1 && run.s.epoch < run.cfg.epochs) run.pool = await startPool(run);
  try {
    while (!run.fittedOnly && run.s.epoch < run.cfg.epochs && !run.stoppedEarly) await trainEpoch(run);
  } finally {
    await run.pool?.close();
    delete run.pool;
  }
  const { meta, surrogate } = await finishRun(run);
  return {
    runDir: run.out,
    model: run.model,
    info: run.info,
    steps: run.s.step,
    epochsDone: run.s.epoch,
    stoppedEarly: run.stoppedEarly,
    bestEpoch: meta.bestEpoch,
    bestValLoss: meta.bestValLoss,
    source,
    meta,
    surrogate,
  };
}

/**
 * The library selects its backend (docs/gpu.md): unless the caller names the one in use
 * (`backend`), the config's preference, else the one already selected, else PDES_BACKEND, else
 * auto (core's ensureBackend) — never tfjs's silent cpu default. config.json then records the
 * backend actually chosen, so a resumed run continues on it.
 */
async function withBackend(opts: TrainOptions): Promise<TrainOptions> {
  let used = opts.backend === undefined ? await ensureBackend(opts.config.backend) : await currentBackend();
  // A named backend that is not the active one is selected, so that the run trains where its
  // records say it did (it used to train on the active one and record the name it was given).
  if (opts.backend !== undefined && used?.name !== opts.backend) used = await ensureBackend(opts.backend);
  if (used === null) return opts;
  return { ...opts, backend: used.name, config: { ...opts.config, backend: used.preference } };
}

/** Sample-weighted mean loss of `model` over the samples `idx` of `source`, in batches of `bs`. */
export async function evaluate(model: tf.LayersModel, source: TrainSource, idx: readonly number[], lossFn: LossFn, bs: number): Promise<number> {
  return meanLoss({ model, source, lossFn, bs, ctx: { grid: source.grid, inChannels: source.inChannels, outChannels: source.outChannels } } as TrainRun, idx);
}

/** The run's data-parallel workers, each holding a copy of the model and optimizer as they are now. */
function startPool(run: TrainRun): Promise<GradientPool> {
  // The workers' loss must be the training thread's: the same kind and the output statistics
  // relative losses undo (physical units).
  const loss = { kind: run.lossKind as LossKind, grid: run.ctx.grid, outChannels: run.ctx.outChannels, probabilistic: run.probabilistic, output: run.source.normalizer.output };
  const optimizer = { opt: run.opt, config: run.cfg.optimizer, ...(run.cfg.clipNorm !== undefined ? { clipNorm: run.cfg.clipNorm } : {}) };
  return GradientPool.start({ model: run.model, vars: run.vars, lossFn: run.lossFn, backend: run.backend, loss, optimizer }, run.cfg.workers);
}
