/**
 * What the training loop consumes, whatever the data come from: the seeded train/validation
 * split (sample indices), the fitted per-channel normaliser, and normalised float32 batches by
 * sample index. The trainer never holds more than a batch of its own; how much the source holds
 * is the source's business (the store source streams with a memory budget, docs/training.md).
 */
import type { Grid } from "../../core/index.js";
import type { DataFingerprint } from "./data.js";
import type { Normalizer } from "./normalizer.js";

export interface TrainSource {
  readonly count: number;
  readonly grid: Grid;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Problem description from the store's attributes (PDE, parameters, ...), stored with the run. */
  readonly problem: Record<string, unknown>;
  readonly normalizer: Normalizer;
  /** Training and validation sample indices, each sorted. */
  readonly train: readonly number[];
  readonly val: readonly number[];
  /** Values per sample: points × inChannels, points × outChannels. */
  readonly sampleIn: number;
  readonly sampleOut: number;
  /** Normalised float32 samples `idx` in that order, `[idx.length, ...grid.shape, C]` each. */
  batch(idx: readonly number[]): Promise<{ x: Float32Array; y: Float32Array }>;
  /** A hint that these samples are needed next (a streaming source reads their chunks ahead). */
  prefetch?(idx: readonly number[]): void;
  /** What the run records about its data; a resumed run must see the same. */
  fingerprint(): Promise<DataFingerprint>;
}
