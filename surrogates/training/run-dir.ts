/**
 * The run directory (docs/training.md §Run directory):
 *
 *   config.json       the resolved training config
 *   metrics.jsonl     one JSON object per optimizer step ("step") and per epoch ("epoch")
 *   checkpoints/      ckpt-<step>.bin, the newest two (checkpoint.ts)
 *   model.json, weights.bin   the final model, TF.js layers format
 *   normalizer.json   per-channel statistics (datasets/normalizer.ts)
 *   data.json         the dataset's shape, grid, problem attributes and a SHA-256 of its values
 *   surrogate.json    model kind and config, problem and grid, channels, backend, and the
 *                     checksums of model.json, weights.bin and normalizer.json; sealed with its
 *                     own sha256 and written last, so its presence marks a finished run
 *   run.lock          while a process writes the run (run-lock.ts)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DatasetFormatError, gridRecord, type Grid } from "../../core/index.js";
import type { ModelInfo, ModelKind } from "../../operators/index.js";
import { removeStaleTemps, writeFileAtomic } from "../../datasets/index.js";
import { readJsonFile, recordOf, sealJson, unsealJson, type FileRecord } from "../artifact-checksums.js";
import type { Normalizer } from "../../datasets/index.js";

export const runFiles = {
  config: "config.json",
  metrics: "metrics.jsonl",
  checkpoints: "checkpoints",
  normalizer: "normalizer.json",
  data: "data.json",
  surrogate: "surrogate.json",
  lock: "run.lock",
} as const;

/** surrogate.json's format version: 2 adds the checksums (`files`, `sha256`). */
export const SURROGATE_VERSION = 2;

export function runPath(dir: string, name: keyof typeof runFiles): string {
  return path.join(dir, runFiles[name]);
}

export interface StepRecord {
  type: "step";
  step: number;
  /** The epoch the step belongs to; epochs count from 1. */
  epoch: number;
  batch: number;
  loss: number;
  lr: number;
  /** Seconds of training so far (summed over resumed sessions). */
  time: number;
  backend: string;
  /** Global L2 norm of the gradients before clipping. */
  gradNorm: number;
}

export interface EpochRecord {
  type: "epoch";
  /** 1..epochs. */
  epoch: number;
  step: number;
  trainLoss: number;
  valLoss: number | null;
  lr: number;
  time: number;
  backend: string;
  best: boolean;
}

/** A closed-form step of the model (e.g. GSNN's linear-path fit) at `step`. */
export interface FitRecord {
  type: "fit";
  step: number;
  /** Epochs done when the fit ran (0 before training). */
  epoch: number;
  when: "before" | "after";
  summary: Record<string, unknown>;
  valLoss: number | null;
  time: number;
  backend: string;
}

export type MetricRecord = StepRecord | EpochRecord | FitRecord;

/** Metadata of a finished run: what `loadSurrogate` needs besides the model and normalizer. */
export interface SurrogateMeta {
  format: "pdes-surrogate";
  version: typeof SURROGATE_VERSION;
  kind: ModelKind;
  modelConfig: Record<string, unknown>;
  info: ModelInfo;
  /** `layout` only when some axis departs from its bc's default (core gridRecord). */
  grid: { shape: number[]; lengths: number[]; bc: string[]; layout?: string[] };
  inChannels: number;
  outChannels: number;
  problem: Record<string, unknown>;
  loss: string;
  backend: string;
  steps: number;
  epochs: number;
  /** The epoch (from 1) whose weights were kept; null without a validation split (the final weights are kept). */
  bestEpoch: number | null;
  bestValLoss: number | null;
  /** Validation loss of the saved model (after any closed-form final step). */
  finalValLoss: number | null;
  /** Checksums of the files the run is loaded from, by name (set by writeSurrogateMeta). */
  files?: Record<string, FileRecord>;
}

/**
 * Finish a run: rewrite normalizer.json from the statistics in use, then write surrogate.json
 * with the checksums of it and of the model files (`modelFiles`, from saveLayersModel), sealed.
 */
export async function writeSurrogateMeta(dir: string, meta: SurrogateMeta, modelFiles: Record<string, FileRecord>, normalizer: Normalizer): Promise<SurrogateMeta> {
  const norm = JSON.stringify(normalizer, null, 2) + "\n";
  await writeFileAtomic(runPath(dir, "normalizer"), norm);
  const full: SurrogateMeta = { ...meta, files: { ...modelFiles, [runFiles.normalizer]: recordOf(norm) } };
  await writeJson(runPath(dir, "surrogate"), sealJson(full));
  return full;
}

/** Read and check surrogate.json of a finished run (its seal and format). */
export function readSurrogateMeta(dir: string): SurrogateMeta {
  const file = runPath(dir, "surrogate");
  const raw = readJsonFile(file);
  const v = (raw as { format?: unknown; version?: unknown } | null) ?? {};
  if (v.format !== "pdes-surrogate") throw new DatasetFormatError("is not a pdes surrogate record", file);
  if (v.version === 1) throw new DatasetFormatError("was written by an older version without checksums; resume the run (pdes train --resume) to re-save it", file);
  if (v.version !== SURROGATE_VERSION) throw new DatasetFormatError(`has unknown version ${JSON.stringify(v.version)}`, file);
  const meta = unsealJson(raw, file) as unknown as SurrogateMeta;
  if (typeof meta.files !== "object" || meta.files === null) throw new DatasetFormatError("lists no file checksums", file);
  return meta;
}

export function gridToJson(g: Grid): SurrogateMeta["grid"] {
  return gridRecord(g);
}

export function appendMetric(dir: string, rec: MetricRecord): void {
  fs.appendFileSync(runPath(dir, "metrics"), JSON.stringify(rec) + "\n");
}

/** Parsed metric records; a torn last line (a crash mid-append) is skipped. */
export function readMetrics(dir: string): MetricRecord[] {
  const file = runPath(dir, "metrics");
  if (!fs.existsSync(file)) return [];
  const out: MetricRecord[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line) as MetricRecord);
    } catch {
      // torn line from an interrupted write
    }
  }
  return out;
}

/**
 * On resume from a checkpoint at (step, epochs done): drop records the interrupted session wrote
 * after it (epoch records count from 1), so the log has each step and each epoch exactly once.
 */
export async function truncateMetrics(dir: string, step: number, epoch: number, opts: { keepFits?: boolean } = {}): Promise<void> {
  // Fit records are kept up to the checkpoint's step ("after" fits only happen once training is
  // done), unless the fit is to be redone (no checkpoint holds its result): then it is logged again.
  const keepFits = opts.keepFits ?? true;
  const kept = readMetrics(dir).filter((r) =>
    r.type === "epoch" ? r.epoch <= epoch : r.type === "fit" ? keepFits && r.when === "before" && r.step <= step : r.step <= step,
  );
  await writeFileAtomic(runPath(dir, "metrics"), kept.map((r) => JSON.stringify(r) + "\n").join(""));
}

export function writeJson(file: string, value: unknown): Promise<void> {
  return writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}

/** Remove what a killed session left half-written in a run directory (its own files only). */
export async function removeRunTemps(dir: string): Promise<void> {
  const own = new Set<string>([...Object.values(runFiles), "model.json", "weights.bin"]);
  await removeStaleTemps(dir, (name) => own.has(name));
}
