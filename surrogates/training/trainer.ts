/**
 * The training loop: seeded split, per-channel normalisation, seeded model init, Adam/AdamW with
 * a schedule and optional global-norm clipping, validation every epoch, best-model keeping and
 * early stopping, crash-safe checkpoints and resume. Closed-form models (ridge, RBF, kernel) are
 * fitted by their registry entry and trained only if the fit left trainable weights.
 *
 * Reproducibility: the split, the shuffles and the initial weights all derive from `seed`; with
 * the same backend (cpu) the per-step losses are identical, and a resumed run continues the
 * uninterrupted one exactly because every piece of state is restored bit for bit.
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, IoError, PdesError, Rng } from "../../core/index.js";
import { countParameters, type ModelInfo } from "../../operators/index.js";
import { buildSeeded, getModelEntry } from "../model-registry.js";
import { makeSurrogate, type Surrogate } from "../surrogate.js";
import { AdamW, globalNorm } from "./adamw.js";
import { loadLatestCheckpoint, writeCheckpoint } from "./checkpoint.js";
import type { TrainConfig } from "./config.js";
import { prepareData, type PreparedData } from "./prepare.js";
import { makeLoss, type LossFn } from "./losses.js";
import { saveLayersModel } from "./model-files.js";
import { fitOnTrain } from "./closed-form.js";
import { appendMetric, gridToJson, removeRunTemps, runPath, truncateMetrics, writeJson, type SurrogateMeta } from "./run-dir.js";
import { LrSchedule } from "./schedules.js";
import { parseNormalizer } from "./normalizer.js";
import { restoreState, snapshotState, type LoopState } from "./train-state.js";
import { fingerprint, type DataFingerprint, type TrainingData } from "./data.js";

export interface StepProgress {
  step: number;
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  epochs: number;
  loss: number;
  lr: number;
}

export interface EpochSummary {
  epoch: number;
  step: number;
  trainLoss: number;
  valLoss: number | null;
  lr: number;
  best: boolean;
}

export interface TrainOptions {
  config: TrainConfig;
  data: TrainingData;
  /** Continue from the newest good checkpoint in `config.out`. */
  resume?: boolean;
  /** Name of the tfjs backend in use (recorded in metrics and metadata). */
  backend?: string;
  warn?: (msg: string) => void;
  onStep?: (p: StepProgress) => void;
  onEpoch?: (s: EpochSummary) => void;
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
  prepared: PreparedData;
  meta: SurrogateMeta;
  /** The final (best) model wrapped like `loadSurrogate` would: predictions equal the saved run's. */
  surrogate: Surrogate;
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const { config: cfg } = opts;
  const out = cfg.out;
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`pdes: warning: ${m}\n`));
  const backend = opts.backend ?? tf.getBackend();
  const entry = getModelEntry(cfg.model);
  const probabilistic = entry.probabilistic(cfg.modelConfig);
  const lossKind = cfg.loss ?? (probabilistic ? "nll" : "rel-l2");
  const storedNormalizer = opts.resume && fs.existsSync(runPath(out, "normalizer")) ? readNormalizer(runPath(out, "normalizer")) : undefined;
  const prep = prepareData(opts.data, cfg, storedNormalizer);
  const ctx = { grid: opts.data.grid, inChannels: opts.data.inChannels, outChannels: opts.data.outChannels };
  const lossFn = makeLoss(lossKind, { grid: ctx.grid, outChannels: ctx.outChannels, probabilistic });
  const model = entry.fit ? fitOnTrain({ fit: entry.fit }, prep, cfg, ctx) : buildSeeded(cfg.model, cfg.modelConfig, ctx, cfg.seed);
  // A closed-form fit with nothing left to train takes no gradient steps.
  const fittedOnly = entry.fit !== undefined && model.trainableWeights.length === 0;
  const info: ModelInfo = {
    kind: cfg.model,
    // Closed-form coefficients are frozen (non-trainable) but are the model's parameters all the same.
    parameterCount: entry.parameterCount ? entry.parameterCount(model) : countParameters(model),
    probabilistic,
    resolutionInvariant: entry.resolutionInvariant,
  };

  if (opts.resume) {
    if (!fs.existsSync(runPath(out, "config"))) throw new IoError(out, "cannot resume: not a run directory (no config.json)");
    const dataFile = runPath(out, "data");
    if (fs.existsSync(dataFile)) {
      const was = (JSON.parse(fs.readFileSync(dataFile, "utf8")) as DataFingerprint).sha256;
      if (was !== fingerprint(opts.data).sha256)
        throw new InvalidArgumentError("config.data", cfg.data, "holds different values than when this run started; resume needs the same dataset");
    }
  } else {
    if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new IoError(out, "run directory exists and is not empty (use --resume to continue it)");
    fs.mkdirSync(out, { recursive: true });
    await writeJson(runPath(out, "config"), { ...cfg, loss: lossKind });
    await writeJson(runPath(out, "normalizer"), prep.normalizer);
    await writeJson(runPath(out, "data"), fingerprint(opts.data));
  }
  const ckDir = runPath(out, "checkpoints");

  const nTrain = prep.train.length;
  const bs = Math.min(cfg.batchSize, nTrain);
  const batchesPerEpoch = Math.ceil(nTrain / bs);
  const sched = new LrSchedule(cfg.schedule, cfg.lr, cfg.epochs * batchesPerEpoch);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const opt = new AdamW(vars, cfg.optimizer);

  let s: LoopState = { step: 0, epoch: 0, batchInEpoch: 0, permutation: null, rng: new Rng(cfg.seed, 2), epochLossSum: 0, best: null, badEpochs: 0, elapsed: 0 };
  let restored = false;
  if (opts.resume) {
    await removeRunTemps(out);
    const ck = await loadLatestCheckpoint<Parameters<typeof restoreState>[0]["meta"]>(ckDir, warn);
    if (ck === null) warn(`no usable checkpoint in ${ckDir}; starting from step 0`);
    else {
      s = restoreState(ck, model, opt, sched);
      restored = true;
    }
    await truncateMetrics(out, s.step, s.epoch);
    // A finished run being extended is unfinished again until its new final model is written.
    fs.rmSync(runPath(out, "surrogate"), { force: true });
  }
  let lastCheckpoint: string | null = null;
  const t0 = performance.now();
  const now = () => s.elapsed + (performance.now() - t0) / 1000;
  const checkpoint = async () => {
    const snap = snapshotState({ ...s, elapsed: now() }, model, opt, sched);
    lastCheckpoint = await writeCheckpoint(ckDir, s.step, snap.meta, snap.arrays);
  };

  const valLossNow = () => (prep.val.length > 0 ? evaluate(model, prep, prep.val, lossFn, bs) : null);
  /** Run a closed-form step of the model on the training split and log it; returns whether it did anything. */
  const closedForm = (when: "before" | "after", fn: NonNullable<typeof entry.beforeTraining>): boolean => {
    const x = prep.inputBatch(prep.train);
    const y = prep.outputBatch(prep.train);
    try {
      const summary = fn(model, x, y);
      if (summary !== null) appendMetric(out, { type: "fit", step: s.step, epoch: s.epoch, when, summary, valLoss: valLossNow(), time: now(), backend });
      return summary !== null;
    } finally {
      tf.dispose([x, y]);
    }
  };
  if (!restored && entry.beforeTraining) closedForm("before", entry.beforeTraining);

  if (fittedOnly) {
    const valLoss = prep.val.length > 0 ? evaluate(model, prep, prep.val, lossFn, bs) : null;
    const trainLoss = evaluate(model, prep, prep.train, lossFn, bs);
    appendMetric(out, { type: "epoch", epoch: 0, step: 0, trainLoss, valLoss, lr: 0, time: now(), backend, best: true });
    opts.onEpoch?.({ epoch: 0, step: 0, trainLoss, valLoss, lr: 0, best: true });
    s = { ...s, epoch: 1, best: { loss: valLoss ?? trainLoss, epoch: 0, weights: [] } };
  }

  let stoppedEarly = false;
  while (!fittedOnly && s.epoch < cfg.epochs && !stoppedEarly) {
    if (s.permutation === null) s.permutation = s.rng.shuffle(prep.train.slice()) as number[];
    for (let b = s.batchInEpoch; b < batchesPerEpoch; b++) {
      const idx = s.permutation.slice(b * bs, (b + 1) * bs);
      const lr = sched.lr(s.step, s.epoch);
      const x = prep.inputBatch(idx);
      const y = prep.outputBatch(idx);
      const xin = opts.injectNanAtStep === s.step + 1 ? tf.fill(x.shape, NaN) : x;
      const { value, grads } = tf.variableGrads(() => lossFn(model.apply(xin, { training: true }) as tf.Tensor, y), vars);
      const gradList = vars.map((v) => grads[v.name]!);
      // One read-back per step for both guards: the loss and the global gradient norm.
      const [loss, gradNorm] = tf.tidy(() => tf.stack([value, globalNorm(gradList)]).dataSync()) as unknown as [number, number];
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        tf.dispose([x, xin, y, value, ...gradList]);
        const what = Number.isFinite(loss) ? `gradient norm is ${gradNorm}` : `training loss is ${loss}`;
        throw new PdesError(
          "NonFinite",
          `${what} at step ${s.step + 1} (epoch ${s.epoch + 1}); training stopped, no update applied. ` +
            (lastCheckpoint ? `Last good checkpoint: ${lastCheckpoint}` : `Last good checkpoint: the newest in ${ckDir}`),
        );
      }
      if (cfg.clipNorm !== undefined && gradNorm > cfg.clipNorm) {
        const scaled = tf.tidy(() => gradList.map((g) => tf.mul(g, cfg.clipNorm! / gradNorm)));
        opt.apply(scaled, lr);
        tf.dispose(scaled);
      } else opt.apply(gradList, lr);
      tf.dispose([x, xin, y, value, ...gradList]);
      s.step++;
      s.batchInEpoch = b + 1;
      s.epochLossSum += loss * idx.length;
      appendMetric(out, { type: "step", step: s.step, epoch: s.epoch, batch: b, loss, lr, time: now(), backend, gradNorm });
      opts.onStep?.({ step: s.step, epoch: s.epoch, batch: b, batchesPerEpoch, epochs: cfg.epochs, loss, lr });
      // The epoch-end checkpoint (after validation) covers the last batch.
      // The loop is synchronous: let signal handlers (and other callbacks) run between steps.
      if (opts.signal) await new Promise<void>((r) => setImmediate(r));
      if (opts.signal?.aborted) {
        // batchInEpoch may equal batchesPerEpoch here: a resume then goes straight to validation.
        await checkpoint();
        throw new PdesError("Io", `training interrupted (${String(opts.signal.reason ?? "aborted")}) after step ${s.step}; checkpoint ${lastCheckpoint} written, continue with --resume`);
      }
      if (s.step % cfg.checkpointEvery === 0 && b + 1 < batchesPerEpoch) await checkpoint();
    }
    const trainLoss = s.epochLossSum / nTrain;
    const valLoss = prep.val.length > 0 ? evaluate(model, prep, prep.val, lossFn, bs) : null;
    const monitor = valLoss ?? trainLoss;
    const prevBest = s.best?.loss ?? Infinity;
    const isBest = monitor < prevBest;
    if (isBest) s.best = { loss: monitor, epoch: s.epoch, weights: model.getWeights().map((w) => (w.dataSync() as Float32Array).slice()) };
    const es = cfg.earlyStopping;
    if (es) s.badEpochs = monitor < prevBest - es.minDelta ? 0 : s.badEpochs + 1;
    // The rate of the epoch's last step (a reduce-on-plateau cut shows from the next epoch on).
    const lr = sched.lr(s.step - 1, s.epoch);
    sched.endEpoch(monitor);
    appendMetric(out, { type: "epoch", epoch: s.epoch, step: s.step, trainLoss, valLoss, lr, time: now(), backend, best: isBest });
    opts.onEpoch?.({ epoch: s.epoch, step: s.step, trainLoss, valLoss, lr, best: isBest });
    s.epoch++;
    s.batchInEpoch = 0;
    s.permutation = null;
    s.epochLossSum = 0;
    if (es && s.badEpochs >= es.patience) stoppedEarly = true;
    await checkpoint();
  }

  // Best-model keeping: the final model is the one with the lowest validation loss.
  if (s.best !== null && s.best.weights.length > 0) {
    const shapes = model.getWeights().map((w) => w.shape);
    const ts = s.best.weights.map((a, i) => tf.tensor(a, shapes[i]!, "float32"));
    model.setWeights(ts);
    tf.dispose(ts);
  }
  let finalValLoss = prep.val.length > 0 ? (s.best?.loss ?? null) : null;
  if (entry.afterTraining && closedForm("after", entry.afterTraining)) finalValLoss = valLossNow();
  opt.dispose();
  await saveLayersModel(model, out);
  const meta: SurrogateMeta = {
    format: "pdes-surrogate",
    version: 1,
    kind: cfg.model,
    modelConfig: cfg.modelConfig,
    info,
    grid: gridToJson(ctx.grid),
    inChannels: ctx.inChannels,
    outChannels: ctx.outChannels,
    problem: opts.data.problem,
    loss: lossKind,
    backend,
    steps: s.step,
    epochs: s.epoch,
    bestEpoch: s.best?.epoch ?? null,
    bestValLoss: s.best?.loss ?? null,
    finalValLoss,
  };
  await writeJson(runPath(out, "surrogate"), meta);
  return { runDir: out, model, info, steps: s.step, epochsDone: s.epoch, stoppedEarly, bestEpoch: meta.bestEpoch, bestValLoss: meta.bestValLoss, prepared: prep, meta, surrogate: makeSurrogate(model, meta, prep.normalizer) };
}

function readNormalizer(file: string) {
  return parseNormalizer(JSON.parse(fs.readFileSync(file, "utf8")), file);
}

/** Sample-weighted mean loss over `idx`, in batches. */
export function evaluate(model: tf.LayersModel, prep: PreparedData, idx: readonly number[], lossFn: LossFn, bs: number): number {
  let sum = 0;
  for (let i = 0; i < idx.length; i += bs) {
    const part = idx.slice(i, i + bs);
    sum +=
      tf.tidy(() => {
        const x = prep.inputBatch(part);
        const y = prep.outputBatch(part);
        return lossFn(model.predict(x) as tf.Tensor, y).dataSync()[0]!;
      }) * part.length;
  }
  return sum / idx.length;
}
