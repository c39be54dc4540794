/**
 * Model kind → how to make and train it: `build` a fresh `tf.LayersModel` from the model's own
 * config and the problem context (operators/model.ts) for gradient training, and/or `fit` it in
 * closed form on the normalised training split (ridge; GSNN's linear spectral path); whether the
 * model is probabilistic and whether it runs at another resolution with the same weights. The
 * trainer has no per-kind code: it only calls these hooks. Importing the builders' areas also
 * registers their custom layers, which loading a saved model needs.
 */
import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { InvalidArgumentError, Rng, UnsupportedError } from "../core/index.js";
import { buildGsnn, fitColeHopfPath, fitLinearPathAsync, LayoutRestore, LinearSpectralPath, setWallValues, type FitLinearPathResult, type GsnnConfig } from "../gsnn/index.js";
import { type ModelContext, type ModelKind } from "../operators/index.js";
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
import { MODEL_CONFIG_KEYS } from "./model-config-keys.js";
import type { TrainConfig } from "./training/config.js";

/** The normalised training split, gathered into memory for a closed-form fit. */
export interface FitData {
  /** `[n, ...grid.shape, inChannels]` and `[n, ...grid.shape, outChannels]`, float32, C order. */
  x: Float32Array;
  y: Float32Array;
  n: number;
}

export interface FitArgs {
  /**
   * "before": a fresh run, before the first gradient step (or, for a model without `build`, to
   * create it: then on every run). "after": on the final (best) weights, after training.
   */
  stage: "before" | "after";
  /** The built model (null for a model fitted in closed form only, at "before"). */
  model: tf.LayersModel | null;
  config: Record<string, unknown>;
  ctx: ModelContext;
  /** The run's training configuration (e.g. `ridgeLambda`, `seed`). */
  train: Pick<TrainConfig, "ridgeLambda" | "seed">;
  /** Loads the normalised training split (closed-form fits hold it in memory). */
  data(): Promise<FitData>;
}

export interface FitResult {
  /** The fitted model, when the fit makes it (a model without `build`). */
  model?: tf.LayersModel;
  /** One line for the metrics log (a "fit" record), or null when nothing was done. */
  summary: Record<string, unknown> | null;
}

export interface ModelEntry {
  /** A fresh model with initial weights, for gradient training (absent: the fit makes the model). */
  build?(config: Record<string, unknown>, ctx: ModelContext): tf.LayersModel;
  /**
   * Closed-form fitting on the normalised training split (see FitArgs.stage). A model made by
   * its fit takes gradient steps only if the fit left trainable weights.
   */
  fit?(args: FitArgs): FitResult | Promise<FitResult>;
  probabilistic(config: Record<string, unknown>): boolean;
  /** Same weights valid on another grid resolution of the same domain. */
  resolutionInvariant: boolean;
  /** The parameter count to report (default: trainable scalars; closed-form models count their fitted values). */
  parameterCount?(model: tf.LayersModel): number;
  /** The modelConfig keys the kind accepts; others are refused when a config is parsed (unset: not checked). */
  configKeys?: readonly string[];
}

const allWeights = (model: tf.LayersModel): number => model.weights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

/** Stack the normalised training split as tensors `[n, ...spatial, C]` (the caller disposes them). */
async function trainingTensors(a: FitArgs): Promise<{ x: tf.Tensor; y: tf.Tensor }> {
  const d = await a.data();
  const spatial = [...a.ctx.grid.shape];
  return { x: tf.tensor(d.x, [d.n, ...spatial, a.ctx.inChannels], "float32"), y: tf.tensor(d.y, [d.n, ...spatial, a.ctx.outChannels], "float32") };
}

/** The normalised training split as operators' SampleData (closed-form fits in Float64). */
async function sampleData(a: FitArgs): Promise<{ x: { data: Float32Array; shape: number[] }; y: { data: Float32Array; shape: number[] } }> {
  const d = await a.data();
  const spatial = [...a.ctx.grid.shape];
  return { x: { data: d.x, shape: [d.n, ...spatial, a.ctx.inChannels] }, y: { data: d.y, shape: [d.n, ...spatial, a.ctx.outChannels] } };
}

/** A model made by a closed-form fit at "before" and left alone afterwards. */
function closedForm(make: (x: { data: Float32Array; shape: number[] }, y: { data: Float32Array; shape: number[] }, a: FitArgs) => tf.LayersModel) {
  return async (a: FitArgs): Promise<FitResult> => {
    if (a.stage !== "before") return { summary: null };
    const { x, y } = await sampleData(a);
    return { model: make(x, y, a), summary: null };
  };
}

/**
 * GSNN's linear spectral path is not trained by gradient descent: fit it before training, and
 * again with the deep part's gate afterwards (the recipe of docs/gsnn.md).
 */
async function gsnnPathFit(a: FitArgs): Promise<FitResult> {
  const model = a.model;
  // Dirichlet points the GSNN restores hold the boundary value in normalised units (docs/gsnn.md §Point layouts).
  if (model !== null && a.stage === "before" && model.layers.some((l) => l instanceof LayoutRestore && l.wallValues)) {
    const { x, y } = await trainingTensors(a);
    x.dispose();
    await setWallValues(model, y);
    y.dispose();
  }
  // The Cole–Hopf path's parameters come from a search on the training split (docs/gsnn.md §Cole–Hopf filter).
  if (model !== null && a.stage === "before" && a.config.coleHopfFit === true) {
    const d = await a.data();
    const r = fitColeHopfPath(model, { x: d.x, y: d.y, samples: d.n });
    return { summary: { stage: "cole-hopf path", gain: r.gain, tau: r.tau, shift: r.shift, offset: r.offset, loss: r.loss, cpuSeconds: r.cpuSeconds } };
  }
  if (model === null || !model.layers.some((l) => l instanceof LinearSpectralPath)) return { summary: null };
  const fitGate = a.stage === "after";
  const { x, y } = await trainingTensors(a);
  const batchSize = pathFitBatch(a.ctx.grid.shape, a.config);
  try {
    let r: FitLinearPathResult;
    try {
      // The asynchronous fit: the training path has no synchronous read on any backend.
      r = await fitLinearPathAsync(model, x, y, { fitGate, batchSize });
    } catch (e) {
      if (!isOutOfMemory(e)) throw e;
      const n = x.shape[0]!;
      throw new UnsupportedError(
        `the GSNN linear-path fit ran out of memory (${n} samples on a ${a.ctx.grid.shape.join("×")} grid, ${batchSize} per forward pass): ` +
          "train on fewer samples or a coarser grid, or set modelConfig.linearPathTaus to 0",
      );
    }
    return {
      summary: {
        stage: fitGate ? "linear path + gate" : "linear path",
        relativeResidual: r.relativeResidual,
        leadingTime: r.leadingTime,
        gate: r.gate === null ? null : Array.from(r.gate),
      },
    };
  } finally {
    tf.dispose([x, y]);
  }
}

/**
 * Samples per forward pass of the path fit: a GSNN sample's live activations are about
 * points × width × (mean, variance) × float32 × ~16 intermediates (complex spectra, moments);
 * keep a pass within ~256 MB so a 128² grid fits the wasm heap (docs/safety.md §Memory).
 */
export function pathFitBatch(shape: readonly number[], config: Record<string, unknown>): number {
  const points = shape.reduce((p, q) => p * q, 1);
  const width = typeof config.width === "number" && config.width > 0 ? config.width : 32;
  const perSample = points * width * 2 * 4 * 16;
  return Math.max(1, Math.min(64, Math.floor(256e6 / perSample)));
}

/** A JS or wasm allocation failure (tfjs-wasm aborts with "Aborted()" when its heap is full). */
function isOutOfMemory(e: unknown): boolean {
  const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return /Aborted\(|out of memory|Array buffer allocation failed|Invalid (typed )?array length|memory access out of bounds/i.test(m);
}

const registry = new Map<ModelKind, ModelEntry>([
  [
    "gsnn",
    {
      build: (c, ctx) => buildGsnn(c as GsnnConfig, ctx),
      fit: gsnnPathFit,
      probabilistic: (c) => c.probabilistic === true,
      resolutionInvariant: true,
    },
  ],
  ["fno", { build: (c, ctx) => buildFno(c as FnoConfig, ctx), probabilistic: () => false, resolutionInvariant: true }],
  ["deeponet", { build: (c, ctx) => buildDeepOnet(c as DeepOnetConfig, ctx), probabilistic: () => false, resolutionInvariant: false }],
  ["mlp", { build: (c, ctx) => buildMlp(c as MlpConfig, ctx), probabilistic: () => false, resolutionInvariant: false }],
  [
    "ridge",
    {
      // Fitted in closed form (operators' fitRidgeModel, Float64 Cholesky), never by gradient descent.
      fit: closedForm((x, y, a) => fitRidgeModel(x, y, { lambda: a.train.ridgeLambda }, a.ctx).model),
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
      async fit(a) {
        if (a.stage === "before") {
          const { x, y } = await sampleData(a);
          return { model: fitRbfModel(x, y, { seed: a.train.seed, ...(a.config as RbfConfig) }, a.ctx).model, summary: null };
        }
        const model = a.model!;
        const c = model.layers.find((l) => l.name === "readout");
        if (model.trainableWeights.length === 0 || c === undefined || c.trainable) return { summary: null };
        const { x, y } = await trainingTensors(a);
        try {
          return { summary: { stage: "ridge readout", ...(await refitRbfReadout(model, x, y)) } };
        } finally {
          tf.dispose([x, y]);
        }
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
      fit: closedForm((x, y, a) => fitKernelOperatorModel(x, y, { seed: a.train.seed, ...(a.config as KernelOperatorConfig) }, a.ctx).model),
      parameterCount: (m) => kernelOperatorInfo(m).parameterCount,
      probabilistic: (c) => c.probabilistic !== false,
      resolutionInvariant: false,
    },
  ],
]);

// The built-in kinds accept exactly their config interfaces' keys.
for (const [kind, e] of registry) e.configKeys ??= MODEL_CONFIG_KEYS[kind];

/**
 * Refuse modelConfig keys the kind does not know (a typo would otherwise be ignored silently).
 * `where` prefixes the key in the message (e.g. "config.modelConfig").
 */
export function checkModelConfig(kind: ModelKind, config: unknown, where = "config.modelConfig"): void {
  if (typeof config !== "object" || config === null || Array.isArray(config)) throw new InvalidArgumentError(where, config, "must be an object");
  const keys = getModelEntry(kind).configKeys;
  if (keys === undefined) return;
  for (const [k, v] of Object.entries(config))
    if (!keys.includes(k)) throw new InvalidArgumentError(`${where}.${k}`, v, `is not a ${kind} option (${keys.length ? `known: ${keys.join(", ")}` : "it takes none"})`);
}

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
  checkModelConfig(kind, config, "modelConfig");
  if (entry.build === undefined) throw new UnsupportedError(`a ${kind} model is fitted in closed form (train with model "${kind}"), not built`);
  const build = entry.build;
  const rng = new Rng(seed, 0x1717);
  const saved = Math.random;
  Math.random = () => rng.uniform();
  try {
    return build(config, ctx);
  } finally {
    Math.random = saved;
  }
}
