/**
 * `pdes evaluate`: score a trained run on one or more test stores, at the store's resolution and
 * at coarser nested resolutions (resolution transfer for GSNN and FNO; models tied to their
 * training grid are scored only where the grid matches, and the skip is reported).
 */
import * as tf from "@tensorflow/tfjs";
import { currentBackend, isPdesError, makeField, type Grid } from "../../core/index.js";
import { openDataset } from "../../datasets/index.js";
import { requireMatchingData } from "../data-match.js";
import { loadSurrogate, type Surrogate } from "../surrogate.js";
import type { BatchArray } from "./batch.js";
import { evaluationSetFromDataset } from "./dataset-set.js";
import { evaluatePredictor, type EvaluationResult, type Predictor } from "./evaluate-predictor.js";

/** A Surrogate as a Predictor (means, plus variances when the model is probabilistic). */
export function surrogatePredictor(s: Surrogate): Predictor {
  return async (inputs: BatchArray) => {
    const f = makeField(inputs.shape, inputs.data instanceof Float64Array ? inputs.data : Float64Array.from(inputs.data));
    if (s.info.probabilistic) {
      const p = await s.predictWithUncertainty(f);
      return { mean: p.mean.data, variance: p.variance.data };
    }
    return { mean: (await s.predict(f)).data };
  };
}

export interface RunEvaluationEntry {
  store: string;
  /** Grid the samples were scored on. */
  shape: number[];
  /** Subsampling factor applied to the store. */
  subsample: number;
  /** Same grid as training (false: resolution transfer). */
  native: boolean;
  result?: EvaluationResult;
  /** The reference outputs the result was scored against. */
  reference?: Float64Array | Float32Array;
  /** Why this resolution was not scored. */
  skipped?: string;
}

export interface RunEvaluation {
  runDir: string;
  kind: string;
  parameterCount: number;
  probabilistic: boolean;
  trainGrid: number[];
  entries: RunEvaluationEntry[];
  /** The compute backend the predictions ran on (core's backend preference names). */
  backend: string;
}

export interface RunEvaluationOptions {
  /** Compute backend (evaluateRun; core's ensureBackend). */
  backend?: string;
  /** Extra coarser resolutions: keep every k-th point of each store. */
  subsample?: number[];
  start?: number;
  end?: number;
  batchSize?: number;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

export async function evaluateSurrogateOnStores(s: Surrogate, runDir: string, stores: string[], opts: RunEvaluationOptions = {}): Promise<RunEvaluation> {
  const trainGrid: Grid = s.grid;
  const entries: RunEvaluationEntry[] = [];
  // Every store must hold the run's problem (docs/safety.md §Right data): checked for all of them before scoring any.
  const opened = [];
  for (const store of stores) {
    const ds = await openDataset(store);
    requireMatchingData(s, ds, { outputs: true });
    opened.push(ds);
  }
  for (const ds of opened) {
    const store = ds.path;
    for (const k of [1, ...(opts.subsample ?? []).filter((f) => f > 1)]) {
      const set = await evaluationSetFromDataset(ds, { ...(opts.start !== undefined ? { start: opts.start } : {}), ...(opts.end !== undefined ? { end: opts.end } : {}), subsample: k });
      const native = sameShape(set.grid.shape, trainGrid.shape);
      const entry: RunEvaluationEntry = { store, shape: [...set.grid.shape], subsample: k, native };
      if (!native && !s.info.resolutionInvariant) {
        entry.skipped = `${s.kind} is tied to its training grid [${trainGrid.shape.join(", ")}]`;
      } else {
        try {
          entry.result = await evaluatePredictor(surrogatePredictor(s), set, { batchSize: opts.batchSize ?? 32 });
          entry.reference = set.outputs.data;
        } catch (e) {
          // A mismatch between the store and the model (channels, dimension) is reported per entry.
          if (!isPdesError(e, "ShapeMismatch")) throw e;
          entry.skipped = e.message;
        }
      }
      entries.push(entry);
    }
  }
  const backend = (await currentBackend())?.preference ?? tf.getBackend();
  return { runDir, kind: s.kind, parameterCount: s.info.parameterCount, probabilistic: s.info.probabilistic, trainGrid: [...trainGrid.shape], entries, backend };
}

export async function evaluateRun(runDir: string, stores: string[], opts: RunEvaluationOptions = {}): Promise<RunEvaluation> {
  const s = await loadSurrogate(runDir, opts.backend === undefined ? {} : { backend: opts.backend });
  try {
    return await evaluateSurrogateOnStores(s, runDir, stores, opts);
  } finally {
    s.dispose();
  }
}
