/**
 * The run directory (DESIGN §5):
 *
 *   config.json       the resolved training config
 *   metrics.jsonl     one JSON object per optimizer step ("step") and per epoch ("epoch")
 *   checkpoints/      ckpt-<step>.bin, the newest two (checkpoint.ts)
 *   model.json, weights.bin   the final model, TF.js layers format
 *   normalizer.json   per-channel statistics (normalizer.ts)
 *   data.json         the dataset's shape, grid, problem attributes and a SHA-256 of its values
 *   surrogate.json    model kind and config, problem and grid, channels, backend; written last,
 *                     so its presence marks a finished run
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gridRecord, type Grid } from "../../core/index.js";
import type { ModelInfo, ModelKind } from "../../operators/index.js";
import { removeStaleTemps, writeFileAtomic } from "../../datasets/index.js";

export const runFiles = {
  config: "config.json",
  metrics: "metrics.jsonl",
  checkpoints: "checkpoints",
  normalizer: "normalizer.json",
  data: "data.json",
  surrogate: "surrogate.json",
} as const;

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
  version: 1;
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
export async function truncateMetrics(dir: string, step: number, epoch: number): Promise<void> {
  // Fit records are kept up to the checkpoint's step ("after" fits only happen once training is done).
  const kept = readMetrics(dir).filter((r) => (r.type === "epoch" ? r.epoch <= epoch : r.type === "fit" ? r.when === "before" && r.step <= step : r.step <= step));
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
