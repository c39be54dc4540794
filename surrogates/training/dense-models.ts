/**
 * Whole-field dense models owned by the trainer: the ridge (linear) model, whose weights are
 * fitted in closed form (ridge.ts), and a plain MLP used until/unless operators/ provides one.
 * Both flatten `[batch, ...spatial, Cin]`, so they are tied to the training resolution.
 */
import * as tf from "@tensorflow/tfjs";
import { requireInteger, type Grid } from "../../core/index.js";
import type { ModelContext } from "../../operators/index.js";

function points(grid: Grid): number {
  return grid.shape.reduce((a, b) => a * b, 1);
}

/** y = W·vec(x) + b, reshaped to `[...spatial, Cout]`. */
export function buildLinearModel(ctx: ModelContext): tf.LayersModel {
  const p = points(ctx.grid);
  const input = tf.input({ shape: [...ctx.grid.shape, ctx.inChannels] });
  let h = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: p * ctx.outChannels, name: "linear" }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ targetShape: [...ctx.grid.shape, ctx.outChannels] }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "ridge" });
}

export interface DenseMlpConfig {
  /** Hidden layer widths (default [64, 64]). */
  hidden?: number[];
  activation?: "relu" | "tanh";
}

export function buildDenseMlp(config: Record<string, unknown>, ctx: ModelContext): tf.LayersModel {
  const cfg = config as DenseMlpConfig;
  const hidden = cfg.hidden ?? [64, 64];
  hidden.forEach((w, i) => requireInteger(`modelConfig.hidden[${i}]`, w, 1));
  const activation = cfg.activation ?? "relu";
  const input = tf.input({ shape: [...ctx.grid.shape, ctx.inChannels] });
  let h = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  for (const w of hidden) h = tf.layers.dense({ units: w, activation }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: points(ctx.grid) * ctx.outChannels }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ targetShape: [...ctx.grid.shape, ctx.outChannels] }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "mlp" });
}
