/**
 * ReLU MLP grid-to-grid, the "standard NN" baseline: flatten the input grid, hidden ReLU
 * layers, a linear layer to every output grid value, reshape. Tied to the training resolution.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, requireInteger } from "../../core/index.js";
import { ChannelDense, countParameters, type ModelBuilder, type ModelContext, type ModelInfo } from "../index.js";

export interface MlpConfig {
  /** Hidden layer widths. Default [512, 512]. */
  hidden?: number[];
  /**
   * Dropout rate after each hidden layer (default 0: no dropout layers). Active in training and
   * when called with `{ training: true }`: Monte Carlo dropout (docs/gsnn.md §Uncertainty).
   */
  dropout?: number;
  seed?: number;
}

export const buildMlp: ModelBuilder<MlpConfig> = (config: MlpConfig, ctx: ModelContext): tf.LayersModel => {
  const hidden = config.hidden ?? [512, 512];
  if (!Array.isArray(hidden)) throw new InvalidArgumentError("config.hidden", hidden, "must be an array of layer widths");
  hidden.forEach((h, i) => requireInteger(`config.hidden[${i}]`, h, 1));
  const dropout = config.dropout ?? 0;
  if (typeof dropout !== "number" || !(dropout >= 0 && dropout < 1)) throw new InvalidArgumentError("config.dropout", dropout, "must be a number in [0, 1)");
  requireInteger("ctx.inChannels", ctx.inChannels, 1);
  requireInteger("ctx.outChannels", ctx.outChannels, 1);
  const spatial = [...ctx.grid.shape];
  const size = spatial.reduce((a, b) => a * b, 1);
  const s = (k: number) => (config.seed === undefined ? undefined : config.seed + 10 * k);
  const input = tf.input({ shape: [...spatial, ctx.inChannels], name: "field" });
  let h = tf.layers.flatten({ name: "flatten" }).apply(input) as tf.SymbolicTensor;
  hidden.forEach((units, i) => {
    h = new ChannelDense({ units, activation: "relu", seed: s(i), name: `hidden_${i}` }).apply(h) as tf.SymbolicTensor;
    if (dropout > 0) h = tf.layers.dropout({ rate: dropout, name: `dropout_${i}` }).apply(h) as tf.SymbolicTensor;
  });
  h = new ChannelDense({ units: size * ctx.outChannels, seed: s(hidden.length), name: "output" }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ targetShape: [...spatial, ctx.outChannels], name: "grid" }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "mlp" });
};

export function mlpInfo(model: tf.LayersModel): ModelInfo {
  return { kind: "mlp", parameterCount: countParameters(model), probabilistic: false, resolutionInvariant: false };
}
