/**
 * Model kind → builder. Each entry builds a fresh `tf.LayersModel` from the model's own config
 * and the problem context (operators/model.ts), and says whether the model is probabilistic and
 * whether it can be evaluated at another resolution with the same weights. Importing the
 * builders' areas also registers their custom layers, which loading a saved model needs.
 */
import type * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { InvalidArgumentError, Rng, UnsupportedError } from "../core/index.js";
import { buildGsnn, fitLinearPath, LinearSpectralPath, type FitLinearPathResult, type GsnnConfig } from "../gsnn/index.js";
import { type ModelContext, type ModelKind, type SampleData } from "../operators/index.js";
import {
  buildDeepOnet,
  buildFno,
  buildMlp,
  fitKernelOperatorModel,
  fitRbfModel,
  fitRidgeModel,
  kernelOperatorInfo,
  refitRbfReadout,
  type DeepOnetConfig,
  type FnoConfig,
  type KernelOperatorConfig,
  type MlpConfig,
  type RbfConfig,
} from "../operators/baselines.js";

export interface ModelEntry {
  build(config: Record<string, unknown>, ctx: ModelContext): tf.LayersModel;
  probabilistic(config: Record<string, unknown>): boolean;
  /** Same weights valid on another grid resolution of the same domain. */
  resolutionInvariant: boolean;
  /**
   * Closed-form steps around gradient training, on the normalised training split: before the
   * first step of a fresh run, and on the final (best) weights. Return a summary for the log.
   */
  beforeTraining?(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Record<string, unknown> | null;
  afterTraining?(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Record<string, unknown> | null;
  /**
   * Closed-form models: fitted on the normalised training split (inputs [n, ...grid, C_in],
   * outputs [n, ...grid, C_out]) instead of built. Gradient training follows only if the fitted
   * model has trainable weights.
   */
  fit?(x: SampleData, y: SampleData, config: Record<string, unknown>, ctx: ModelContext, opts: { seed: number; ridgeLambda: number }): tf.LayersModel;
  /** The parameter count to report (default: trainable scalars; closed-form models count their fitted values). */
  parameterCount?(model: tf.LayersModel): number;
}

const allWeights = (model: tf.LayersModel): number => model.weights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

function closedFormOnly(kind: string) {
  return (): tf.LayersModel => {
    throw new UnsupportedError(`a ${kind} model is fitted in closed form (train with model "${kind}"), not built`);
  };
}

/**
 * GSNN's linear spectral path is not trained by gradient descent: fit it before training, and
 * again with the deep part's gate afterwards (the recipe of docs/gsnn.md).
 */
function gsnnPathFit(fitGate: boolean) {
  return (model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Record<string, unknown> | null => {
    if (!model.layers.some((l) => l instanceof LinearSpectralPath)) return null;
    const r: FitLinearPathResult = fitLinearPath(model, x, y, { fitGate });
    return {
      stage: fitGate ? "linear path + gate" : "linear path",
      relativeResidual: r.relativeResidual,
      leadingTime: r.leadingTime,
      gate: r.gate === null ? null : Array.from(r.gate),
    };
  };
}

const registry = new Map<ModelKind, ModelEntry>([
  [
    "gsnn",
    {
      build: (c, ctx) => buildGsnn(c as GsnnConfig, ctx),
      probabilistic: (c) => c.probabilistic === true,
      resolutionInvariant: true,
      beforeTraining: gsnnPathFit(false),
      afterTraining: gsnnPathFit(true),
    },
  ],
  ["fno", { build: (c, ctx) => buildFno(c as FnoConfig, ctx), probabilistic: () => false, resolutionInvariant: true }],
  ["deeponet", { build: (c, ctx) => buildDeepOnet(c as DeepOnetConfig, ctx), probabilistic: () => false, resolutionInvariant: false }],
  ["mlp", { build: (c, ctx) => buildMlp(c as MlpConfig, ctx), probabilistic: () => false, resolutionInvariant: false }],
  [
    "ridge",
    {
      build: closedFormOnly("ridge"),
      fit: (x, y, _c, ctx, o) => fitRidgeModel(x, y, { lambda: o.ridgeLambda }, ctx).model,
      parameterCount: allWeights,
      probabilistic: () => false,
      resolutionInvariant: false,
    },
  ],
  [
    // Gaussian RBF network (docs/operators.md §RBF network): fitted in closed form; trained further
    // only with trainCenters / trainBeta / readout "adam", after which a ridge readout is refitted.
    "rbf",
    {
      build: closedFormOnly("rbf"),
      fit: (x, y, c, ctx, o) => fitRbfModel(x, y, { seed: o.seed, ...(c as RbfConfig) }, ctx).model,
      afterTraining: (model, x, y) => {
        const c = model.layers.find((l) => l.name === "readout");
        if (model.trainableWeights.length === 0 || c === undefined || c.trainable) return null;
        return { stage: "ridge readout", ...refitRbfReadout(model, x, y) };
      },
      parameterCount: allWeights,
      probabilistic: () => false,
      resolutionInvariant: false,
    },
  ],
  [
    // Kernel / GP operator (docs/operators.md §Kernel / GP operator): mean and predictive variance.
    "kernel",
    {
      build: closedFormOnly("kernel"),
      fit: (x, y, c, ctx, o) => fitKernelOperatorModel(x, y, { seed: o.seed, ...(c as KernelOperatorConfig) }, ctx).model,
      parameterCount: (m) => kernelOperatorInfo(m).parameterCount,
      probabilistic: (c) => c.probabilistic !== false,
      resolutionInvariant: false,
    },
  ],
]);

/**
 * Add (or replace) a model kind: the one call that makes a model trainable, comparable and
 * loadable. The train config, the compare spec and the CLI's `--model` choices accept exactly
 * the registered kinds.
 */
export function registerModelKind(kind: ModelKind, entry: ModelEntry): void {
  if (typeof kind !== "string" || !/^[a-z][a-z0-9-]*$/.test(kind))
    throw new InvalidArgumentError("kind", kind, "must be a lowercase name (letters, digits, dashes)");
  registry.set(kind, entry);
}

/** A zod schema for a registered model kind, checked at parse time (kinds may be registered later). */
export function modelKindSchema() {
  return z.string().refine(isModelKind, { error: () => `must be a registered model kind (${availableModelKinds().join(", ")})` });
}

/** Whether `kind` names a registered model. */
export function isModelKind(kind: unknown): kind is ModelKind {
  return typeof kind === "string" && registry.has(kind);
}

export function getModelEntry(kind: ModelKind): ModelEntry {
  const e = registry.get(kind);
  if (e === undefined) throw new UnsupportedError(`model "${kind}" is not available (known: ${[...registry.keys()].join(", ")})`);
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
