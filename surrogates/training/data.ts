/**
 * The trainer's view of a dataset: all samples in memory as float32, channels last, plus the
 * grid and problem metadata the run directory records. Any loader (the zarr store, an in-memory
 * test set) produces this; batches are gathered from a seeded permutation.
 */
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, requireAllFinite, gridRecord, type Grid } from "../../core/index.js";

export interface TrainingData {
  /** `[count, ...grid.shape, inChannels]`, C order, physical units. */
  inputs: Float32Array;
  /** `[count, ...grid.shape, outChannels]`. */
  outputs: Float32Array;
  count: number;
  grid: Grid;
  inChannels: number;
  outChannels: number;
  /** Problem description from the store's attributes (PDE, parameters, ...), stored with the run. */
  problem: Record<string, unknown>;
}

export function validateTrainingData(d: TrainingData): void {
  const pts = d.grid.shape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(d.count) || d.count < 1) throw new InvalidArgumentError("data.count", d.count, "must be an integer >= 1");
  if (d.inputs.length !== d.count * pts * d.inChannels)
    throw new ShapeMismatchError("data.inputs", d.inputs.length, `length ${d.count * pts * d.inChannels} (count × points × inChannels)`);
  if (d.outputs.length !== d.count * pts * d.outChannels)
    throw new ShapeMismatchError("data.outputs", d.outputs.length, `length ${d.count * pts * d.outChannels} (count × points × outChannels)`);
  requireAllFinite("data.inputs", d.inputs);
  requireAllFinite("data.outputs", d.outputs);
}

/** Seeded split: the first `nVal` of a shuffled index list validate, the rest train (both sorted). */
export function splitIndices(count: number, validationFraction: number, shuffle: (a: number[]) => void): { train: number[]; val: number[] } {
  const idx = Array.from({ length: count }, (_, i) => i);
  shuffle(idx);
  let nVal = Math.round(count * validationFraction);
  if (validationFraction > 0 && nVal === 0 && count > 1) nVal = 1;
  if (nVal >= count) nVal = count - 1;
  return { val: idx.slice(0, nVal).sort((a, b) => a - b), train: idx.slice(nVal).sort((a, b) => a - b) };
}

/** Stack the samples `idx` of a `[count, sampleSize]` array into a float32 batch tensor. */
export function gatherBatch(src: Float32Array, sampleSize: number, idx: readonly number[], shape: readonly number[]): tf.Tensor {
  const out = new Float32Array(idx.length * sampleSize);
  idx.forEach((i, b) => out.set(src.subarray(i * sampleSize, (i + 1) * sampleSize), b * sampleSize));
  return tf.tensor(out, [idx.length, ...shape], "float32");
}

/** What a run records about its data; a resumed run must see the same values. */
export interface DataFingerprint {
  count: number;
  grid: { shape: number[]; lengths: number[]; bc: string[]; layout?: string[] };
  inChannels: number;
  outChannels: number;
  /** SHA-256 of the float32 inputs then outputs. */
  sha256: string;
  problem: Record<string, unknown>;
}

export function fingerprint(d: TrainingData): DataFingerprint {
  const h = createHash("sha256");
  h.update(new Uint8Array(d.inputs.buffer, d.inputs.byteOffset, d.inputs.byteLength));
  h.update(new Uint8Array(d.outputs.buffer, d.outputs.byteOffset, d.outputs.byteLength));
  return {
    count: d.count,
    grid: gridRecord(d.grid),
    inChannels: d.inChannels,
    outChannels: d.outChannels,
    sha256: h.digest("hex"),
    problem: d.problem,
  };
}
