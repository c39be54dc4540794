/**
 * The deterministic twin of a probabilistic GSNN: the same graph and weights without the
 * variance path, i.e. the network y = f(x) whose Jacobian the linearised variance uses
 * (docs/gsnn.md §Uncertainty). Weights are matched by layer and weight name, since the
 * probabilistic filters may hold an injected variance (log s²) the twin has no use for.
 */
import type * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../core/index.js";
import type { ModelContext } from "../operators/index.js";
import { buildGsnn, type GsnnConfig } from "./build-gsnn.js";

const weightName = (w: tf.LayerVariable): string => w.originalName.slice(w.originalName.lastIndexOf("/") + 1);

export function deterministicTwin(model: tf.LayersModel, config: GsnnConfig, ctx: ModelContext): tf.LayersModel {
  const twin = buildGsnn({ ...config, probabilistic: false, inputVariance: 0 }, ctx);
  try {
    for (const layer of twin.layers) {
      if (layer.weights.length === 0) continue;
      const src = model.getLayer(layer.name);
      const byName = new Map(src.weights.map((w) => [weightName(w), w]));
      layer.setWeights(
        layer.weights.map((w) => {
          const s = byName.get(weightName(w));
          if (s === undefined) throw new InvalidArgumentError("model", model.name, `has no weight ${layer.name}/${weightName(w)} (not a GSNN built from this config)`);
          if (s.shape.join() !== w.shape.join()) throw new ShapeMismatchError(`weight ${layer.name}/${weightName(w)}`, s.shape as number[], w.shape as number[]);
          return s.read();
        }),
      );
    }
  } catch (e) {
    twin.dispose();
    throw e;
  }
  return twin;
}
