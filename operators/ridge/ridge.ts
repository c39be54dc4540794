/**
 * The linear-operator baseline as a layers model: Flatten → Dense with the ridge coefficients
 * (frozen: they are fitted in closed form by fitRidge, never by gradient descent) → Reshape.
 * Same interface as every other model; tied to the training resolution.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeMismatchError, requireInteger } from "../../core/index.js";
import type { ModelBuilder, ModelContext, ModelInfo } from "../index.js";
import { fitRidge, type RidgeData, type RidgeFit, type RidgeOptions } from "./ridge-fit.js";

export interface RidgeConfig {
  fit: RidgeFit;
}

export const buildRidge: ModelBuilder<RidgeConfig> = (config: RidgeConfig, ctx: ModelContext): tf.LayersModel => {
  requireInteger("ctx.inChannels", ctx.inChannels, 1);
  requireInteger("ctx.outChannels", ctx.outChannels, 1);
  const spatial = [...ctx.grid.shape];
  const size = spatial.reduce((a, b) => a * b, 1);
  const { fit } = config;
  if (fit.inFeatures !== size * ctx.inChannels) throw new ShapeMismatchError("config.fit.inFeatures", fit.inFeatures, size * ctx.inChannels);
  if (fit.outFeatures !== size * ctx.outChannels) throw new ShapeMismatchError("config.fit.outFeatures", fit.outFeatures, size * ctx.outChannels);
  const input = tf.input({ shape: [...spatial, ctx.inChannels], name: "field" });
  const flat = tf.layers.flatten({ name: "flatten" }).apply(input) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: fit.outFeatures, trainable: false, kernelInitializer: "zeros", name: "ridge" });
  const y = dense.apply(flat) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ targetShape: [...spatial, ctx.outChannels], name: "grid" }).apply(y) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out, name: "ridge" });
  tf.tidy(() => dense.setWeights([tf.tensor2d(Float32Array.from(fit.weights), [fit.inFeatures, fit.outFeatures]), tf.tensor1d(Float32Array.from(fit.bias))]));
  return model;
};

/** fitRidge then buildRidge: inputs [N, ...grid.shape, inChannels], outputs likewise. */
export function fitRidgeModel(inputs: RidgeData, outputs: RidgeData, opts: RidgeOptions, ctx: ModelContext): { model: tf.LayersModel; fit: RidgeFit } {
  const fit = fitRidge(inputs, outputs, opts);
  return { model: buildRidge({ fit }, ctx), fit };
}

/** parameterCount counts the fitted coefficients (frozen in the model, so not "trainable"). */
export function ridgeInfo(model: tf.LayersModel): ModelInfo {
  let n = 0;
  for (const w of model.weights) n += w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
  return { kind: "ridge", parameterCount: n, probabilistic: false, resolutionInvariant: false };
}
