/**
 * The kernel / GP operator behind the shared model interface: a layers model holding a
 * KernelOperatorLayer, fitted in closed form by fitKernelOperatorModel (Float64), tied to the
 * training resolution. Probabilistic by default: the GP's predictive variance is its second set
 * of output channels, so it enters the calibration metrics (NLL, CRPS, coverage) like the
 * probabilistic GSNN's.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, requireInteger } from "../../core/index.js";
import type { SampleData } from "../float64/index.js";
import type { ModelBuilder, ModelContext, ModelInfo } from "../model.js";
import type { KernelFitJson } from "./fit-json.js";
import { fitKernelOperator, type KernelOperatorFit, type KernelOperatorOptions } from "./fit-kernel-operator.js";
import { KernelOperatorLayer } from "./kernel-layer.js";

export interface KernelOperatorConfig extends KernelOperatorOptions {
  /** Output the predictive variance too (default true). */
  probabilistic?: boolean;
}

const OPTION_KEYS = ["kernel", "inputRank", "outputRank", "lengthscale", "noise", "nystrom", "maxJitter", "seed", "maxEvaluations", "probabilistic"];

/** Reject unknown config keys (a typo would otherwise be ignored silently). */
export function requireKernelConfig(config: Record<string, unknown>): KernelOperatorConfig {
  for (const k of Object.keys(config)) if (!OPTION_KEYS.includes(k)) throw new InvalidArgumentError(`config.${k}`, config[k], `is not a kernel-operator option (${OPTION_KEYS.join(", ")})`);
  if (config.probabilistic !== undefined && typeof config.probabilistic !== "boolean") throw new InvalidArgumentError("config.probabilistic", config.probabilistic, "must be true or false");
  return config as KernelOperatorConfig;
}

export const buildKernelOperator: ModelBuilder<{ fit: KernelOperatorFit | KernelFitJson; probabilistic?: boolean }> = (config, ctx: ModelContext): tf.LayersModel => {
  requireInteger("ctx.inChannels", ctx.inChannels, 1);
  requireInteger("ctx.outChannels", ctx.outChannels, 1);
  const spatial = [...ctx.grid.shape];
  const size = spatial.reduce((a, b) => a * b, 1);
  const layer = new KernelOperatorLayer({ fit: config.fit, outChannels: ctx.outChannels, probabilistic: config.probabilistic ?? true, name: "kernel_operator" });
  if (layer.fit.inFeatures !== size * ctx.inChannels) throw new ShapeMismatchError("config.fit.inFeatures", layer.fit.inFeatures, size * ctx.inChannels);
  if (layer.fit.outFeatures !== size * ctx.outChannels) throw new ShapeMismatchError("config.fit.outFeatures", layer.fit.outFeatures, size * ctx.outChannels);
  const input = tf.input({ shape: [...spatial, ctx.inChannels], name: "field" });
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor, name: "kernel" });
};

/** fitKernelOperator then buildKernelOperator: inputs [N, ...grid.shape, C_in], outputs [N, ...grid.shape, C_out]. */
export function fitKernelOperatorModel(inputs: SampleData, outputs: SampleData, config: KernelOperatorConfig, ctx: ModelContext): { model: tf.LayersModel; fit: KernelOperatorFit } {
  const { probabilistic, ...opts } = requireKernelConfig(config as Record<string, unknown>);
  const fit = fitKernelOperator(inputs, outputs, opts);
  return { model: buildKernelOperator({ fit, probabilistic }, ctx), fit };
}

/** The kernel layer of a kernel-operator model. */
export function findKernelLayer(model: tf.LayersModel): KernelOperatorLayer {
  const l = model.layers.find((x) => x instanceof KernelOperatorLayer);
  if (!l) throw new InvalidArgumentError("model", model.name, "has no kernel-operator layer");
  return l as KernelOperatorLayer;
}

/** parameterCount counts the stored coefficients (α, σ², the factors, the basis and the PCAs). */
export function kernelOperatorInfo(model: tf.LayersModel): ModelInfo {
  const l = findKernelLayer(model);
  const f = l.fit;
  const tri = (f.nb * (f.nb + 1)) / 2;
  const pca = (p: typeof f.inputPca) => (p ? p.mean.length + p.components.length : 0);
  const n = f.alpha.length + f.signalVariance.length + f.basis.length + tri * (f.factorA ? 2 : 1) + pca(f.inputPca) + pca(f.outputPca) + (f.outputPca ? 0 : f.outputMean.length) + 2;
  return { kind: "kernel", parameterCount: n, probabilistic: l.probabilistic, resolutionInvariant: false };
}
