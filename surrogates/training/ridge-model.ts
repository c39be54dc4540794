/** Set the weights of a linear model (dense-models.ts) to the closed-form ridge fit on the training split. */
import * as tf from "@tensorflow/tfjs";
import { UnsupportedError } from "../../core/index.js";
import type { PreparedData } from "./prepare.js";
import { fitRidge } from "./ridge.js";

export function fitRidgeModel(model: tf.LayersModel, prep: PreparedData, lambda: number): void {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer("linear");
  } catch {
    throw new UnsupportedError('ridge fitting needs a model with a dense layer named "linear"');
  }
  const { kernel, bias } = fitRidge(prep.x, prep.sampleIn, prep.y, prep.sampleOut, prep.train, lambda);
  const k = tf.tensor2d(Float32Array.from(kernel), [prep.sampleIn, prep.sampleOut]);
  const b = tf.tensor1d(Float32Array.from(bias));
  layer.setWeights([k, b]);
  tf.dispose([k, b]);
}
