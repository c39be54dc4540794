/**
 * The RBF network behind the shared model interface: Flatten → [PCA projection, frozen] →
 * RbfLayer → linear readout → Reshape, float32, tied to the training resolution. `fitRbfModel`
 * fits it in closed form (fit-rbf.ts, Float64) and copies the fit into the weights; with
 * `trainCenters` / `trainBeta` / `readout: "adam"` those weights are also trainable by gradient
 * descent, and `refitRbfReadout` redoes the ridge readout on the trained hidden layer.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, requireInteger } from "../../core/index.js";
import { ridgeQr, type SampleData } from "../float64/index.js";
import { ChannelDense } from "../layers/index.js";
import { countParameters, type ModelContext, type ModelInfo } from "../model.js";
import { fitRbf, type RbfFit, type RbfOptions } from "./fit-rbf.js";
import { RbfLayer } from "./rbf-layer.js";

export interface RbfConfig extends RbfOptions {
  /** "ridge" (default): closed-form readout, frozen; "adam": trainable readout. */
  readout?: "ridge" | "adam";
  trainCenters?: boolean;
  trainBeta?: boolean;
}

const KEYS = ["centers", "init", "inputRank", "widthScale", "lambda", "seed", "readout", "trainCenters", "trainBeta"];

export function requireRbfConfig(config: Record<string, unknown>): RbfConfig {
  for (const k of Object.keys(config)) if (!KEYS.includes(k)) throw new InvalidArgumentError(`config.${k}`, config[k], `is not an RBF option (${KEYS.join(", ")})`);
  const ro = config.readout ?? "ridge";
  if (ro !== "ridge" && ro !== "adam") throw new InvalidArgumentError("config.readout", ro, 'must be "ridge" or "adam"');
  for (const k of ["trainCenters", "trainBeta"]) if (config[k] !== undefined && typeof config[k] !== "boolean") throw new InvalidArgumentError(`config.${k}`, config[k], "must be true or false");
  return config as RbfConfig;
}

/** Layers for `units` hidden units on `featureDim` features (weights set by applyRbfFit). */
export function buildRbf(config: RbfConfig & { units: number; featureDim: number; pca: boolean }, ctx: ModelContext): tf.LayersModel {
  requireInteger("ctx.inChannels", ctx.inChannels, 1);
  requireInteger("ctx.outChannels", ctx.outChannels, 1);
  const spatial = [...ctx.grid.shape];
  const size = spatial.reduce((a, b) => a * b, 1);
  const input = tf.input({ shape: [...spatial, ctx.inChannels], name: "field" });
  let h = tf.layers.flatten({ name: "flatten" }).apply(input) as tf.SymbolicTensor;
  if (config.pca) h = new ChannelDense({ units: config.featureDim, name: "pca", trainable: false }).apply(h) as tf.SymbolicTensor;
  h = new RbfLayer({ units: config.units, trainCenters: config.trainCenters, trainBeta: config.trainBeta, name: "rbf" }).apply(h) as tf.SymbolicTensor;
  h = new ChannelDense({ units: size * ctx.outChannels, name: "readout", trainable: config.readout === "adam" }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.reshape({ targetShape: [...spatial, ctx.outChannels], name: "grid" }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "rbf" });
}

const f32 = (a: ArrayLike<number>) => Float32Array.from(a);

/** Copy a Float64 fit into the model's weights (PCA as kernel Vᵀ-projection with bias −meanᵀV). */
export function applyRbfFit(model: tf.LayersModel, fit: RbfFit): void {
  tf.tidy(() => {
    if (fit.pca) {
      const { inFeatures: P, rank: r, mean, components: V } = fit.pca;
      const b = new Float64Array(r);
      for (let p = 0; p < P; p++) for (let j = 0; j < r; j++) b[j]! -= mean[p]! * V[p * r + j]!;
      model.getLayer("pca").setWeights([tf.tensor2d(f32(V), [P, r]), tf.tensor1d(f32(b))]);
    }
    model.getLayer("rbf").setWeights([tf.tensor2d(f32(fit.centers), [fit.units, fit.featureDim]), tf.tensor1d(f32(Array.from(fit.beta, Math.log)))]);
    model.getLayer("readout").setWeights([tf.tensor2d(f32(fit.weights), [fit.units, fit.outFeatures]), tf.tensor1d(f32(fit.bias))]);
  });
}

/** fitRbf then build and fill the model: inputs [N, ...grid.shape, C_in], outputs [N, ...grid.shape, C_out]. */
export function fitRbfModel(inputs: SampleData, outputs: SampleData, config: RbfConfig, ctx: ModelContext): { model: tf.LayersModel; fit: RbfFit } {
  const { readout: _r, trainCenters: _c, trainBeta: _b, ...opts } = requireRbfConfig(config as Record<string, unknown>);
  const size = ctx.grid.shape.reduce((a, b) => a * b, 1);
  if (inputs.shape.slice(1).reduce((a, b) => a * b, 1) !== size * ctx.inChannels) throw new ShapeMismatchError("inputs", inputs.shape, `[N, ${[...ctx.grid.shape, ctx.inChannels].join(", ")}]`);
  const fit = fitRbf(inputs, outputs, opts);
  const model = buildRbf({ ...config, units: fit.units, featureDim: fit.featureDim, pca: fit.pca !== null }, ctx);
  applyRbfFit(model, fit);
  return { model, fit };
}

/**
 * Ridge readout again on the model's current hidden layer (after gradient training of the
 * centres or widths): hidden activations from the float32 model, solve in Float64.
 */
export async function refitRbfReadout(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, lambda = 1e-8): Promise<{ lambda: number; looError: number }> {
  const hidden = tf.model({ inputs: model.inputs, outputs: model.getLayer("rbf").output as tf.SymbolicTensor });
  const h = hidden.predict(x) as tf.Tensor;
  // Asynchronous reads: this runs in training, where GPU backends have no synchronous read.
  const Phi = Float64Array.from(await h.data());
  h.dispose();
  const N = x.shape[0]!;
  const M = Phi.length / N;
  const Y = Float64Array.from(await y.data());
  const Q = Y.length / N;
  const r = ridgeQr(Phi, N, M, Y, Q, lambda);
  tf.tidy(() => model.getLayer("readout").setWeights([tf.tensor2d(f32(r.weights), [M, Q]), tf.tensor1d(f32(r.bias))]));
  return { lambda: r.lambda, looError: r.looError };
}

/** parameterCount counts every weight (the closed-form ones are frozen but fitted all the same). */
export function rbfInfo(model: tf.LayersModel): ModelInfo {
  let n = 0;
  for (const w of model.weights) n += w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
  return { kind: "rbf", parameterCount: Math.max(n, countParameters(model)), probabilistic: false, resolutionInvariant: false };
}
