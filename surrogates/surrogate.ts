/**
 * The Surrogate API: a trained model used like a solver.
 *
 *   const s = await loadSurrogate("runs/heat");
 *   const u = await s.predict(f);                      // Float64 Field, physical units
 *   const { mean, variance } = await s.predictWithUncertainty(f);   // probabilistic models
 *   const p = await s.predictWithUncertainty(f, { inputVariance: 1e-4 }); // any differentiable model
 *
 * Predictions are read back asynchronously: on a GPU backend a synchronous read stalls the
 * pipeline (and in Node, on webgpu, cannot be done at all; docs/gpu.md).
 *
 * Inputs are Fields `[...grid.shape, inChannels]` (one sample) or `[batch, ...grid.shape,
 * inChannels]`; outputs have the same leading layout with `outChannels`. The normaliser is applied
 * to the input and undone on the output. Resolution-invariant models (GSNN, FNO) also accept
 * another resolution of the same domain: the model is rebuilt for that grid with the same weights.
 */
import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import {
  ensureBackend,
  DatasetFormatError,
  makeField,
  makeGrid,
  requireFiniteField,
  ShapeMismatchError,
  toContiguous,
  UnsupportedError,
  withShape,
  isField,
  InvalidArgumentError,
  isPdesError,
  NonFiniteError,
  type Field,
  type Grid,
  type BoundaryCondition,
  type PointLayout,
} from "../core/index.js";
import type { ModelInfo, ModelKind } from "../operators/index.js";
import { getModelEntry } from "./model-registry.js";
import { loadLayersModel } from "./training/model-files.js";
import { denormalizeMean, denormalizeVariance, normalizeValues, parseNormalizer, type Normalizer } from "../datasets/index.js";
import { readSurrogateMeta, runFiles, runPath, type SurrogateMeta } from "./training/run-dir.js";
import { readJsonFile, readVerified } from "./artifact-checksums.js";
import { buildGsnn, deterministicTwin, gaussianCorrelation, linearizedVarianceAsync, linearizedVarianceModes, type GsnnConfig } from "../gsnn/index.js";
import { resolveUncertainty, type LinearizedModels, type UncertaintyOptions } from "./uncertainty.js";

export interface Prediction {
  mean: Field;
  variance: Field;
}

export interface Surrogate {
  readonly kind: ModelKind;
  readonly info: ModelInfo;
  /** The grid the model was trained on. */
  readonly grid: Grid;
  /** The dataset's problem description (PDE, parameters, ...). */
  readonly problem: Record<string, unknown>;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly normalizer: Normalizer;
  readonly model: tf.LayersModel;
  /** Output means in physical units. */
  predict(input: Field): Promise<Field>;
  /**
   * Means and variances in physical units (docs/gsnn.md §Uncertainty). The variance is the
   * input noise propagated by the Jacobian ("linearized", the default where there is input
   * noise) or the model's own layer-by-layer moments ("moments"); `modelVariance` adds a model
   * error. Rejects with UnsupportedError for a deterministic model unless an inputVariance is given.
   */
  predictWithUncertainty(input: Field, options?: UncertaintyOptions): Promise<Prediction>;
  /** Release the model's tensors. */
  dispose(): void;
}

/** Samples per forward pass: bounds memory for large batches. */
const CHUNK = 32;

export interface LoadSurrogateOptions {
  /** Compute backend; unset: the one already selected, else PDES_BACKEND, else auto (core's ensureBackend). */
  backend?: string;
}

/**
 * Load a finished run directory (one written by `train` / `pdes train`). surrogate.json's seal
 * and the checksums it lists for model.json, weights.bin and normalizer.json are verified
 * first; any mismatch is a DatasetFormatError naming the file (docs/safety.md §Checksums).
 */
export async function loadSurrogate(runDir: string, opts: LoadSurrogateOptions = {}): Promise<Surrogate> {
  if (typeof runDir !== "string" || runDir === "") throw new InvalidArgumentError("runDir", runDir, "must be a run directory");
  await ensureBackend(opts.backend);
  const metaFile = runPath(runDir, "surrogate");
  if (!fs.existsSync(metaFile)) throw new DatasetFormatError("not a finished run directory (no surrogate.json; resume or re-run training)", runDir);
  const meta = readSurrogateMeta(runDir);
  const normFile = runPath(runDir, "normalizer");
  const normalizer = parseNormalizer(readJsonFile(normFile, readVerified(normFile, meta.files![runFiles.normalizer])), normFile);
  const model = await loadLayersModel(runDir, meta.files);
  try {
    return makeSurrogate(model, meta, normalizer);
  } catch (e) {
    model.dispose();
    if (isPdesError(e, "InvalidArgument")) throw new DatasetFormatError(`describes no valid grid (${e.message})`, metaFile, { cause: e });
    throw e;
  }
}

/** A Surrogate around an in-memory model (the trainer uses it for its end-of-training predictions). */
export function makeSurrogate(model: tf.LayersModel, meta: SurrogateMeta, normalizer: Normalizer): Surrogate {
  const grid = makeGrid({
    shape: meta.grid.shape,
    lengths: meta.grid.lengths,
    bc: meta.grid.bc as BoundaryCondition[],
    ...(meta.grid.layout ? { layout: meta.grid.layout as PointLayout[] } : {}),
  });
  const d = grid.shape.length;
  const cin = meta.inChannels;
  const cout = meta.outChannels;
  const probabilistic = meta.info.probabilistic;
  const others = new Map<string, tf.LayersModel>();

  // Builders that leave the spatial input sizes open (FNO, GSNN) run at any resolution as they are.
  const openShape = model.inputs[0]!.shape.slice(1, -1).every((n) => n === null);
  const modelFor = (spatial: readonly number[]): tf.LayersModel => {
    if (spatial.every((n, a) => n === grid.shape[a])) return model;
    if (meta.info.resolutionInvariant && openShape) return model;
    if (!meta.info.resolutionInvariant)
      throw new ShapeMismatchError("input", spatial, `grid [${grid.shape.join(", ")}] (a ${meta.kind} model is tied to its training resolution)`);
    const key = spatial.join("x");
    let m = others.get(key);
    if (m === undefined) {
      const build = getModelEntry(meta.kind).build;
      if (build === undefined) throw new UnsupportedError(`a ${meta.kind} model cannot be rebuilt for another grid`);
      m = build(meta.modelConfig, { grid: withShape(grid, spatial), inChannels: cin, outChannels: cout });
      m.setWeights(model.getWeights());
      others.set(key, m);
    }
    return m;
  };

  /** Forward pass of normalised inputs `x` in chunks of CHUNK samples: `[batch, ...spatial, cOut]` float32. */
  const forward = async (m: tf.LayersModel, x: Float32Array, batch: number, spatial: readonly number[], cOut: number): Promise<Float32Array> => {
    const per = x.length / Math.max(batch, 1);
    const out = new Float32Array((batch * per * cOut) / cin);
    const perOut = out.length / Math.max(batch, 1);
    for (let b0 = 0; b0 < batch; b0 += CHUNK) {
      const nb = Math.min(CHUNK, batch - b0);
      const yt = tf.tidy(() => m.predict(tf.tensor(x.subarray(b0 * per, (b0 + nb) * per), [nb, ...spatial, cin], "float32")) as tf.Tensor);
      try {
        out.set((await yt.data()) as Float32Array, b0 * perOut);
      } finally {
        yt.dispose();
      }
    }
    return out;
  };

  /** Normalised forward pass; returns float32 outputs `[batch, ...spatial, C']`, the leading layout and the normalised inputs. */
  const run = async (input: Field): Promise<{ out: Float32Array; lead: number[]; spatial: number[]; x: Float32Array; batch: number }> => {
    if (!isField(input)) throw new InvalidArgumentError("input", input, "must be a Field");
    const shape = input.shape;
    if (shape.length !== d + 1 && shape.length !== d + 2)
      throw new ShapeMismatchError("input", shape, `[${[...grid.shape, cin].join(", ")}] or [batch, ${[...grid.shape, cin].join(", ")}]`);
    if (shape[shape.length - 1] !== cin) throw new ShapeMismatchError("input channels", shape[shape.length - 1]!, cin);
    const batched = shape.length === d + 2;
    const spatial = shape.slice(batched ? 1 : 0, -1);
    const batch = batched ? shape[0]! : 1;
    const m = modelFor(spatial);
    requireFiniteField("input", input);
    const x = normalizeValues(toContiguous(input).data, normalizer.input);
    const out = await forward(m, x, batch, spatial, probabilistic ? 2 * cout : cout);
    return { out, lead: batched ? [batch] : [], spatial, x, batch };
  };

  // The linearised path's models per resolution (uncertainty.ts): a GSNN's deterministic twin,
  // and, when its filters inject variance, a copy without input noise for that variance.
  const linearized = new Map<string, LinearizedModels & { owned: tf.LayersModel[] }>();
  const linearizedFor = (spatial: readonly number[]): LinearizedModels => {
    const key = spatial.join("x");
    let lm = linearized.get(key);
    if (lm === undefined) {
      const m = modelFor(spatial);
      if (meta.kind === "gsnn" && probabilistic) {
        const cfg = meta.modelConfig as GsnnConfig;
        const ctx = { grid: withShape(grid, spatial), inChannels: cin, outChannels: cout };
        const jacobian = deterministicTwin(m, cfg, ctx);
        let own: tf.LayersModel | null = null;
        if (cfg.injection !== undefined && cfg.injection !== "none") {
          own = buildGsnn({ ...cfg, inputVariance: 0 }, ctx);
          own.setWeights(m.getWeights());
        }
        lm = { jacobian, ownVariance: own, owned: own ? [jacobian, own] : [jacobian] };
      } else lm = { jacobian: m, ownVariance: probabilistic ? "self" : null, owned: [] };
      linearized.set(key, lm);
    }
    return lm;
  };

  /** Split channels [means | variances] of a probabilistic output. */
  const splitChannels = (y: Float32Array, first: boolean): Float32Array => {
    const c2 = 2 * cout;
    const r = new Float32Array(y.length / 2);
    for (let p = 0, q = 0; p < y.length; p += c2, q += cout) r.set(y.subarray(p + (first ? 0 : cout), p + (first ? cout : c2)), q);
    return r;
  };

  return {
    kind: meta.kind,
    info: meta.info,
    grid,
    problem: meta.problem,
    inChannels: cin,
    outChannels: cout,
    normalizer,
    model,
    async predict(input) {
      const { out, lead, spatial } = await run(input);
      const mean = probabilistic ? splitChannels(out, true) : out;
      return makeField([...lead, ...spatial, cout], requireFiniteOutput("prediction", denormalizeMean(mean, normalizer.output)));
    },
    async predictWithUncertainty(input, opts = {}) {
      const u = resolveUncertainty(opts, { kind: meta.kind, probabilistic, modelConfig: meta.modelConfig, grid, inChannels: cin, outChannels: cout, input: normalizer.input });
      const { out, lead, spatial, x, batch } = await run(input);
      const shape = [...lead, ...spatial, cout];
      const mean = probabilistic ? splitChannels(out, true) : out;
      let variance: Float32Array;
      if (u.method === "moments") variance = splitChannels(out, false);
      else {
        const lm = linearizedFor(spatial);
        const xt = tf.tensor(x, [batch, ...spatial, cin], "float32");
        try {
          variance = (
            u.inputModes !== undefined
              ? await linearizedVarianceModes(lm.jacobian, xt, u.normalizedInputVariance, { modes: u.inputModes, outputChannels: cout, ...(u.chunk === undefined ? {} : { chunk: u.chunk }) })
              : await linearizedVarianceAsync(lm.jacobian, xt, u.normalizedInputVariance, {
              outputChannels: cout,
              ...(u.chunk === undefined ? {} : { chunk: u.chunk }),
              ...(u.correlationLength === undefined ? {} : { spectrum: gaussianCorrelation(grid.lengths, u.correlationLength) }),
            })
          ).data;
        } finally {
          xt.dispose();
        }
        if (lm.ownVariance) {
          // A GSNN's injected variance needs its noise-free copy; any other model's own variance is in `out` already.
          const own = splitChannels(lm.ownVariance === "self" ? out : await forward(lm.ownVariance, x, batch, spatial, 2 * cout), false);
          for (let i = 0; i < variance.length; i++) variance[i] = variance[i]! + own[i]!;
        }
      }
      const physical = denormalizeVariance(variance, normalizer.output);
      if (u.modelVariance.some((v) => v > 0)) for (let i = 0; i < physical.length; i++) physical[i] = physical[i]! + u.modelVariance[i % cout]!;
      return {
        mean: makeField(shape, requireFiniteOutput("prediction", denormalizeMean(mean, normalizer.output))),
        variance: makeField(shape, requireFiniteOutput("predicted variance", physical)),
      };
    },
    dispose() {
      linearized.forEach((lm) => lm.owned.forEach((m) => m.dispose()));
      linearized.clear();
      others.forEach((m) => m.dispose());
      others.clear();
      model.dispose();
    },
  };
}

/**
 * A prediction is returned only if every value is finite (docs/safety.md §Finite outputs): NaN
 * weights, or an input far outside the training range overflowing float32, would otherwise
 * pass through silently.
 */
function requireFiniteOutput(what: string, x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) {
      const e = new NonFiniteError(what, i, v);
      e.message = `${e.message} (the model's output overflowed: corrupt weights, or an input far outside the training data's range)`;
      throw e;
    }
  }
  return x;
}
