/**
 * Finishing a run: the best epoch's weights back into the model (the final model is the one with
 * the lowest validation loss; without a validation split, the final weights), the closed-form
 * fit on them, the model files, and surrogate.json written last — its presence marks a finished
 * run.
 */
import * as tf from "@tensorflow/tfjs";
import { makeSurrogate, type Surrogate } from "../surrogate.js";
import { saveLayersModel } from "./model-files.js";
import { gridToJson, SURROGATE_VERSION, writeSurrogateMeta, type SurrogateMeta } from "./run-dir.js";
import { fitAndLog } from "./train-fit.js";
import { meanLoss } from "./train-epoch.js";
import type { TrainRun } from "./train-run.js";

export interface FinishedRun {
  meta: SurrogateMeta;
  surrogate: Surrogate;
}

export async function finishRun(run: TrainRun): Promise<FinishedRun> {
  const { s, model } = run;
  if (s.best !== null && s.best.weights.length > 0) {
    const shapes = model.getWeights().map((w) => w.shape);
    const ts = s.best.weights.map((a, i) => tf.tensor(a, shapes[i]!, "float32"));
    model.setWeights(ts);
    tf.dispose(ts);
  }
  const validated = run.source.val.length > 0;
  let finalValLoss = validated ? (s.best?.loss ?? null) : null;
  if (await fitAndLog(run, "after")) finalValLoss = run.source.val.length > 0 ? await meanLoss(run, run.source.val) : null;
  run.opt.dispose();
  const modelFiles = await saveLayersModel(run.model, run.out);
  const meta: SurrogateMeta = {
    format: "pdes-surrogate",
    version: SURROGATE_VERSION,
    kind: run.cfg.model,
    modelConfig: run.cfg.modelConfig,
    info: run.info,
    grid: gridToJson(run.ctx.grid),
    inChannels: run.ctx.inChannels,
    outChannels: run.ctx.outChannels,
    problem: run.source.problem,
    loss: run.lossKind,
    backend: run.backend,
    steps: s.step,
    epochs: s.epoch,
    // Without a validation split no epoch is selected: the final weights are the model.
    bestEpoch: validated ? (s.best?.epoch ?? null) : null,
    bestValLoss: validated ? (s.best?.loss ?? null) : null,
    finalValLoss,
  };
  // Checksums of model.json, weights.bin and normalizer.json sealed in (docs/safety.md §Checksums).
  const sealed = await writeSurrogateMeta(run.out, meta, modelFiles, run.source.normalizer);
  return { meta: sealed, surrogate: makeSurrogate(run.model, meta, run.source.normalizer) };
}
