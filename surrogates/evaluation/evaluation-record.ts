/**
 * `evaluation.json`: what `pdes evaluate` measured, in a form the report is built from without
 * re-running the model: per test store and resolution the metrics, the timing, and one sample
 * (the median-error one; also the 10th- and 90th-percentile ones) as truth and prediction of
 * its first channel for the plots.
 */
import * as fs from "node:fs";
import { DatasetFormatError, NonFiniteError } from "../../core/index.js";
import { readJsonFile, sealJson, unsealJson } from "../artifact-checksums.js";
import type { PredictionMetrics } from "./evaluate-predictions.js";
import type { RunEvaluation } from "./run-evaluation.js";
import type { Timing } from "./timing.js";

export interface SampleRecord {
  index: number;
  /** Which sample this is, e.g. "median error" (absent in records written before labels). */
  label?: string;
  /** Spatial shape of the sample. */
  shape: number[];
  truth: number[];
  prediction: number[];
}

export interface EvaluationEntryRecord {
  store: string;
  shape: number[];
  subsample: number;
  native: boolean;
  skipped?: string;
  metrics?: Omit<PredictionMetrics, "relL2PerSample">;
  timing?: Timing;
  /** The median-error sample. */
  sample?: SampleRecord;
  /** Samples at the 10th, 50th and 90th percentile of the relative L2 (records since reports drew several). */
  samples?: SampleRecord[];
}

export interface EvaluationRecord {
  format: "pdes-evaluation";
  version: 1;
  runDir: string;
  kind: string;
  parameterCount: number;
  probabilistic: boolean;
  trainGrid: number[];
  entries: EvaluationEntryRecord[];
  /** Compute backend the predictions ran on. */
  backend: string;
}

/**
 * Indices of the samples at these quantiles of the relative L2 (the median is a typical sample,
 * not a cherry-pick; the 10th and 90th percentiles show the spread). Duplicates removed.
 */
function quantileSamples(rel: Float64Array, qs: readonly number[]): Array<{ q: number; index: number }> {
  const idx = Array.from(rel, (_, i) => i).sort((a, b) => rel[a]! - rel[b]!);
  const seen = new Set<number>();
  return qs
    .map((q) => ({ q, index: idx[Math.round(q * (idx.length - 1))]! }))
    .filter((s) => (seen.has(s.index) ? false : (seen.add(s.index), true)));
}

const LABELS: Record<number, string> = { 0.1: "10th-percentile error (better than most)", 0.5: "median error", 0.9: "90th-percentile error (worse than most)" };

export function toEvaluationRecord(ev: RunEvaluation, outputsOf: (entry: number) => Float64Array | Float32Array | undefined): EvaluationRecord {
  return {
    format: "pdes-evaluation",
    version: 1,
    runDir: ev.runDir,
    kind: ev.kind,
    parameterCount: ev.parameterCount,
    probabilistic: ev.probabilistic,
    trainGrid: ev.trainGrid,
    backend: ev.backend,
    entries: ev.entries.map((e, k) => {
      const rec: EvaluationEntryRecord = { store: e.store, shape: e.shape, subsample: e.subsample, native: e.native };
      if (e.skipped) rec.skipped = e.skipped;
      if (e.result) {
        const { relL2PerSample, ...metrics } = e.result.metrics;
        rec.metrics = metrics;
        rec.timing = e.result.timing;
        const truth = outputsOf(k);
        if (truth) {
          const pts = e.shape.reduce((a, b) => a * b, 1);
          const c = truth.length / (relL2PerSample.length * pts);
          const pick = (a: ArrayLike<number>, i: number) => Array.from({ length: pts }, (_, q) => a[(i * pts + q) * c]!);
          const record = (i: number, label: string): SampleRecord => ({ index: i, label, shape: e.shape, truth: pick(truth, i), prediction: pick(e.result!.prediction, i) });
          const picks = quantileSamples(relL2PerSample, [0.1, 0.5, 0.9]);
          rec.samples = picks.map((p) => record(p.index, LABELS[p.q]!));
          rec.sample = rec.samples.find((s) => s.label === LABELS[0.5]) ?? record(quantileSamples(relL2PerSample, [0.5])[0]!.index, LABELS[0.5]!);
        }
      }
      return rec;
    }),
  };
}

/**
 * Read an evaluation record, checking its seal (its own sha256): a corrupt or edited
 * evaluation.json is a DatasetFormatError naming the file, never a report built from it.
 */
export function readEvaluationRecord(file: string): EvaluationRecord {
  const raw = readJsonFile(file) as EvaluationRecord;
  if (typeof raw !== "object" || raw === null || raw.format !== "pdes-evaluation" || raw.version !== 1 || !Array.isArray(raw.entries))
    throw new DatasetFormatError("unknown evaluation.json format", file);
  return unsealJson(raw, file) as unknown as EvaluationRecord;
}

/** Is `file` an evaluation record (so re-evaluating may replace it)? */
export function isEvaluationRecordFile(file: string): boolean {
  try {
    const raw = JSON.parse(fs.readFileSync(file, "utf8")) as { format?: unknown };
    return raw?.format === "pdes-evaluation";
  } catch {
    return false;
  }
}

/** The bytes of a sealed evaluation record; refuses (NonFiniteError) a record with a NaN or ±Inf value. */
export function encodeEvaluationRecord(rec: EvaluationRecord): string {
  requireFiniteRecord(rec, "evaluation");
  return JSON.stringify(sealJson(rec)) + "\n";
}

/** JSON would turn NaN and ±Inf into null silently: find them first and name where they are. */
function requireFiniteRecord(v: unknown, where: string): void {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new NonFiniteError(where, 0, v);
  } else if (Array.isArray(v)) v.forEach((x, i) => requireFiniteRecord(x, `${where}[${i}]`));
  else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) requireFiniteRecord(x, `${where}.${k}`);
}
