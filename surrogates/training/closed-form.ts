/**
 * Closed-form models (ridge, the RBF network, the kernel / GP operator) are fitted on the
 * normalised training split by their registry entry's `fit` (Float64 inside operators/), not
 * built and trained; gradient steps follow only if the fit left trainable weights.
 */
import type * as tf from "@tensorflow/tfjs";
import type { ModelContext } from "../../operators/index.js";
import type { ModelEntry } from "../model-registry.js";
import type { TrainConfig } from "./config.js";
import type { PreparedData } from "./prepare.js";

export function fitOnTrain(entry: Required<Pick<ModelEntry, "fit">>, prep: PreparedData, cfg: TrainConfig, ctx: ModelContext): tf.LayersModel {
  const n = prep.train.length;
  const x = new Float32Array(n * prep.sampleIn);
  const y = new Float32Array(n * prep.sampleOut);
  prep.train.forEach((i, r) => {
    x.set(prep.x.subarray(i * prep.sampleIn, (i + 1) * prep.sampleIn), r * prep.sampleIn);
    y.set(prep.y.subarray(i * prep.sampleOut, (i + 1) * prep.sampleOut), r * prep.sampleOut);
  });
  const spatial = [...ctx.grid.shape];
  return entry.fit(
    { data: x, shape: [n, ...spatial, ctx.inChannels] },
    { data: y, shape: [n, ...spatial, ctx.outChannels] },
    cfg.modelConfig,
    ctx,
    { seed: cfg.seed, ridgeLambda: cfg.ridgeLambda },
  );
}
