/**
 * Closed-form fits through the model registry's `fit` hook (ridge; GSNN's linear spectral path),
 * on the normalised training split, logged as "fit" records. The trainer has no per-kind code.
 */
import type * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../core/index.js";
import type { FitResult } from "../model-registry.js";
import { appendMetric } from "./run-dir.js";
import { elapsed, type TrainRun } from "./train-run.js";
import { meanLoss } from "./train-epoch.js";

/** Run the entry's fit at `stage`; the model it returns (if any) is what the run continues with. */
export async function closedFormFit(run: TrainRun, stage: "before" | "after", model: tf.LayersModel | null): Promise<FitResult & { model: tf.LayersModel }> {
  const fit = run.entry.fit;
  const r = fit
    ? await fit({
        stage,
        model,
        config: run.cfg.modelConfig,
        ctx: run.ctx,
        train: run.cfg,
        data: async () => {
          const b = await run.source.batch(run.source.train);
          return { ...b, n: run.source.train.length };
        },
      })
    : { summary: null };
  const made = r.model ?? model;
  if (made === null) throw new InvalidArgumentError("model", run.cfg.model, "has neither a builder nor a closed-form fit that makes the model");
  return { ...r, model: made };
}

/**
 * The fit at `stage` on the run's model, logged as a "fit" record with the validation loss after
 * it; returns whether it did anything.
 */
export async function fitAndLog(run: TrainRun, stage: "before" | "after"): Promise<boolean> {
  if (!run.entry.fit) return false;
  const r = await closedFormFit(run, stage, run.model);
  run.model = r.model;
  if (r.summary === null) return false;
  const valLoss = run.source.val.length > 0 ? await meanLoss(run, run.source.val) : null;
  appendMetric(run.out, { type: "fit", step: run.s.step, epoch: run.s.epoch, when: stage, summary: r.summary, valLoss, time: elapsed(run), backend: run.backend });
  run.events.onFit?.({ when: stage, epoch: run.s.epoch, summary: r.summary, valLoss });
  return true;
}
