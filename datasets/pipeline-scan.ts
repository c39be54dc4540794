/**
 * The pipeline's sequential passes over a sample set when it opens, chunk by chunk (bounded
 * memory): a check that every value is finite, the data fingerprint a run records (SHA-256 of
 * all float32 inputs, then all outputs: the same digest as hashing the arrays in memory), and
 * the per-channel statistics of the training samples (two passes per array: sums, then squared
 * deviations, in sample order — the same sums as channelStats on the arrays in memory).
 */
import { createHash } from "node:crypto";
import { NonFiniteError, gridRecord, type Grid } from "../core/index.js";
import type { ArrayName } from "./dataset.js";
import { ChannelAccumulator, type ChannelStats } from "./normalizer.js";
import type { SampleSet } from "./samples.js";
import { gatherSpatial } from "./subsample.js";

/** What a run records about its data; a resumed run must see the same values. */
export interface DataFingerprint {
  count: number;
  grid: ReturnType<typeof gridRecord>;
  inChannels: number;
  outChannels: number;
  /** SHA-256 of the float32 inputs then outputs. */
  sha256: string;
  problem: Record<string, unknown>;
}

export interface ScanResult {
  fingerprint: DataFingerprint;
  /** Statistics of the training samples, when asked for. */
  stats: { input: ChannelStats; output: ChannelStats } | null;
}

export interface ScanOptions {
  /** Training sample indices, sorted (the statistics' samples). */
  train: readonly number[];
  stats: boolean;
  /** The grid the samples are stored on, and the nested-subgrid indices (none: all points). */
  grid: Grid;
  subsample?: readonly Int32Array[];
}

/** Sample ranges [start, end) of the set's chunks (the inputs' chunking drives both arrays). */
export function chunkRanges(set: SampleSet): Array<[number, number]> {
  const cs = Math.max(1, set.inputs.chunkSamples);
  const out: Array<[number, number]> = [];
  for (let s = 0; s < set.n; s += cs) out.push([s, Math.min(set.n, s + cs)]);
  return out;
}

/** Read samples [start, end) of `array` as float32, subsampled when asked. */
export async function readSamples(set: SampleSet, array: ArrayName, start: number, end: number, subsample?: readonly Int32Array[]): Promise<Float32Array> {
  const raw = (await set.read(array, start, end, "float32")) as Float32Array;
  if (!subsample) return raw;
  const info = set[array];
  return gatherSpatial(raw, end - start, info.spatial, info.channels, subsample);
}

export async function scanSamples(set: SampleSet, o: ScanOptions): Promise<ScanResult> {
  const hash = createHash("sha256");
  const ranges = chunkRanges(set);
  const pts = (o.subsample ? o.subsample.map((ix) => ix.length) : o.grid.shape).reduce((a, b) => a * b, 1);
  const trainSet = o.stats ? new Set(o.train) : null;
  const pass = async (array: ArrayName, acc: ChannelAccumulator | null, first: boolean): Promise<void> => {
    const size = pts * set[array].channels;
    for (const [start, end] of ranges) {
      if (!first && !o.train.some((i) => i >= start && i < end)) continue;
      const raw = (await set.read(array, start, end, "float32")) as Float32Array;
      if (first) {
        // Flat index into the whole array, as if it were in memory.
        for (let k = 0; k < raw.length; k++) if (!Number.isFinite(raw[k]!)) throw new NonFiniteError(`data.${array}`, start * (raw.length / (end - start)) + k, raw[k]!);
        hash.update(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
      }
      if (!acc) continue;
      const info = set[array];
      const x = o.subsample ? gatherSpatial(raw, end - start, info.spatial, info.channels, o.subsample) : raw;
      for (let i = start; i < end; i++) {
        if (!trainSet!.has(i)) continue;
        if (first) acc.addSum(x, (i - start) * size, size);
        else acc.addSquares(x, (i - start) * size, size);
      }
    }
  };
  const accIn = o.stats ? new ChannelAccumulator(set.inputs.channels) : null;
  const accOut = o.stats ? new ChannelAccumulator(set.outputs.channels) : null;
  await pass("inputs", accIn, true);
  if (accIn) await pass("inputs", accIn, false);
  await pass("outputs", accOut, true);
  if (accOut) await pass("outputs", accOut, false);
  return {
    fingerprint: {
      count: set.n,
      grid: gridRecord(o.grid),
      inChannels: set.inputs.channels,
      outChannels: set.outputs.channels,
      sha256: hash.digest("hex"),
      problem: { ...set.attrs },
    },
    stats: accIn && accOut ? { input: accIn.stats(), output: accOut.stats() } : null,
  };
}
