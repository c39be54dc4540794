/**
 * Setting a run up: the data source (seeded split, normaliser — a resumed run keeps the one it
 * started with), the loss, the model (built with seeded initial weights, or fitted in closed form
 * when its registry entry has no builder), its info, the optimizer and the schedule.
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../core/index.js";
import { countParameters, type ModelInfo } from "../../operators/index.js";
import { buildSeeded, getModelEntry } from "../model-registry.js";
import { AdamW } from "./adamw.js";
import { makeLoss } from "./losses.js";
import { parseNormalizer, type Normalizer } from "../../datasets/index.js";
import { runPath } from "./run-dir.js";
import { LrSchedule } from "./schedules.js";
import { closedFormFit } from "./train-fit.js";
import type { TrainRun } from "./train-run.js";
import type { TrainSource } from "./train-source.js";
import type { TrainOptions } from "./trainer.js";

/** The normaliser a resumed run stored when it started, if any. */
export function storedNormalizer(out: string, resume: boolean): Normalizer | undefined {
  const file = runPath(out, "normalizer");
  return resume && fs.existsSync(file) ? parseNormalizer(JSON.parse(fs.readFileSync(file, "utf8")), file) : undefined;
}

export async function setupRun(opts: TrainOptions, source: TrainSource): Promise<TrainRun> {
  const cfg = opts.config;
  const entry = getModelEntry(cfg.model);
  const probabilistic = entry.probabilistic(cfg.modelConfig);
  const lossKind = cfg.loss ?? (probabilistic ? "nll" : "rel-l2");
  const ctx = { grid: source.grid, inChannels: source.inChannels, outChannels: source.outChannels };
  // Relative losses compare physical fields: the loss undoes the output normalisation.
  const lossFn = makeLoss(lossKind, { grid: ctx.grid, outChannels: ctx.outChannels, probabilistic, output: source.normalizer.output });
  const nTrain = source.train.length;
  const bs = Math.min(cfg.batchSize, nTrain);
  const batchesPerEpoch = Math.ceil(nTrain / bs);
  const run = {
    cfg,
    out: cfg.out,
    ckDir: runPath(cfg.out, "checkpoints"),
    warn: opts.warn ?? ((m: string) => process.stderr.write(`pdes: warning: ${m}\n`)),
    backend: opts.backend ?? tf.getBackend(),
    events: { ...(opts.onStep ? { onStep: opts.onStep } : {}), ...(opts.onEpoch ? { onEpoch: opts.onEpoch } : {}), ...(opts.onFit ? { onFit: opts.onFit } : {}) },
    entry,
    probabilistic,
    lossKind,
    lossFn,
    source,
    ctx,
    bs,
    batchesPerEpoch,
    s: { step: 0, epoch: 0, batchInEpoch: 0, permutation: null, rng: new Rng(cfg.seed, 2), epochLossSum: 0, best: null, badEpochs: 0, elapsed: 0 },
    restored: false,
    lastCheckpoint: null,
    stoppedEarly: false,
    t0: performance.now(),
    ...(opts.injectNanAtStep !== undefined ? { injectNanAtStep: opts.injectNanAtStep } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  } as Omit<TrainRun, "model" | "fittedOnly" | "info" | "vars" | "opt" | "sched"> as TrainRun;
  // A model without a builder is made by its closed-form fit, on every run (fresh or resumed).
  run.model = entry.build ? buildSeeded(cfg.model, cfg.modelConfig, ctx, cfg.seed) : (await closedFormFit(run, "before", null)).model;
  run.fittedOnly = entry.build === undefined && run.model.trainableWeights.length === 0;
  run.info = modelInfo(run);
  run.sched = new LrSchedule(cfg.schedule, cfg.lr, cfg.epochs * batchesPerEpoch);
  run.vars = run.model.trainableWeights.map((w) => w.read() as tf.Variable);
  run.opt = new AdamW(run.vars, cfg.optimizer);
  return run;
}

function modelInfo(run: TrainRun): ModelInfo {
  return {
    kind: run.cfg.model,
    // Closed-form coefficients are frozen (non-trainable) but are the model's parameters all the same.
    parameterCount: run.entry.parameterCount ? run.entry.parameterCount(run.model) : countParameters(run.model),
    probabilistic: run.probabilistic,
    resolutionInvariant: run.entry.resolutionInvariant,
  };
}
