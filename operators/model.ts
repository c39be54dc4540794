/**
 * The one model interface shared by every learned operator (GSNN, FNO, DeepONet, MLP, ridge).
 *
 * A model is a `tf.LayersModel` mapping a channels-last batch `[batch, ...spatial, inChannels]`
 * (float32, normalised) to `[batch, ...spatial, outChannels]`, saved and loaded in the TF.js
 * layers format (custom layers registered with `tf.serialization.registerClass`). A
 * probabilistic model (GSNN with the variance path) outputs `2·outChannels` channels: the
 * means, then the variances. A builder gets the model's own config plus the problem context.
 */
import type * as tf from "@tensorflow/tfjs";
import type { Grid } from "../core/index.js";

/**
 * A model kind: a name in surrogates' model registry ("gsnn", "fno", "deeponet", "mlp", "ridge",
 * and whatever else is registered). The registry is the one list of kinds; the config schemas
 * and the CLI choices are derived from it.
 */
export type ModelKind = string;

export interface ModelContext {
  /** The grid the model is trained on (physical lengths and BCs matter for spectral layers). */
  grid: Grid;
  inChannels: number;
  outChannels: number;
}

export interface ModelInfo {
  kind: ModelKind;
  /** Number of trainable scalars. */
  parameterCount: number;
  /** Outputs (mean, variance) pairs. */
  probabilistic: boolean;
  /** Can be evaluated on another resolution of the same domain (GSNN, FNO). */
  resolutionInvariant: boolean;
}

export type ModelBuilder<C> = (config: C, ctx: ModelContext) => tf.LayersModel;

/** Trainable parameter count of a layers model. */
export function countParameters(model: tf.LayersModel): number {
  let n = 0;
  for (const w of model.trainableWeights) n += w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
  return n;
}
