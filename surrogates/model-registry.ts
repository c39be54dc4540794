/**
 * Model kind → builder. Each entry builds a fresh `tf.LayersModel` from the model's own config
 * and the problem context (operators/model.ts), and says whether the model is probabilistic and
 * whether it can be rebuilt at another resolution with the same weights.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, UnsupportedError } from "../core/index.js";
import type { ModelContext, ModelKind } from "../operators/index.js";
import { buildDenseMlp, buildLinearModel } from "./training/dense-models.js";

export interface ModelEntry {
  build(config: Record<string, unknown>, ctx: ModelContext): tf.LayersModel;
  probabilistic(config: Record<string, unknown>): boolean;
  /** Same weights valid on another grid resolution (rebuild with the new grid, copy weights). */
  resolutionInvariant: boolean;
}

const registry = new Map<ModelKind, ModelEntry>([
  ["mlp", { build: buildDenseMlp, probabilistic: () => false, resolutionInvariant: false }],
  ["ridge", { build: (_c, ctx) => buildLinearModel(ctx), probabilistic: () => false, resolutionInvariant: false }],
]);

/** Add or replace a model kind (other areas' builders, tests). */
export function registerModelKind(kind: ModelKind, entry: ModelEntry): void {
  registry.set(kind, entry);
}

export function getModelEntry(kind: ModelKind): ModelEntry {
  const e = registry.get(kind);
  if (e === undefined) throw new UnsupportedError(`model "${kind}" is not available in this build (known: ${[...registry.keys()].join(", ")})`);
  return e;
}

export function availableModelKinds(): ModelKind[] {
  return [...registry.keys()];
}

/**
 * Build with reproducible initial weights. tfjs initializers without an explicit seed draw their
 * seed from Math.random, so it is replaced by a Philox stream of `seed` while the builder runs:
 * every builder becomes deterministic without having to thread seeds through its layers.
 */
export function buildSeeded(kind: ModelKind, config: Record<string, unknown>, ctx: ModelContext, seed: number): tf.LayersModel {
  const entry = getModelEntry(kind);
  const rng = new Rng(seed, 0x1717);
  const saved = Math.random;
  Math.random = () => rng.uniform();
  try {
    return entry.build(config, ctx);
  } finally {
    Math.random = saved;
  }
}
