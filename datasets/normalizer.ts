/**
 * The one normaliser: per-channel standardisation x ↦ (x − mean_c)/std_c, fitted on the
 * training samples. Per channel (not per grid point) so the same statistics apply at any
 * resolution, which resolution transfer of GSNN and FNO needs. Statistics are accumulated in
 * Float64 with two passes (mean, then squared deviations), sample by sample in index order — the
 * same sums whether the samples come from memory or are streamed chunk by chunk from a store
 * (pipeline-scan.ts). Saved with a run as `normalizer.json`.
 */
import { readFile } from "node:fs/promises";
import { DatasetFormatError, ShapeMismatchError } from "../core/index.js";
import { writeFileAtomic } from "./atomic-write.js";

export interface ChannelStats {
  mean: number[];
  std: number[];
}

/** What a run stores: the statistics of its inputs and outputs. */
export interface Normalizer {
  kind: "channel";
  input: ChannelStats;
  output: ChannelStats;
}

/** Channels with (almost) no spread are only centred: dividing by ~0 would blow up round-off. */
export const STD_FLOOR = 1e-12;

/** Running sums of the two passes over samples `[..., C]` (C order, channels last). */
export class ChannelAccumulator {
  private readonly s: Float64Array;
  private readonly s2: Float64Array;
  private n = 0;
  private mean: number[] | null = null;

  constructor(readonly channels: number) {
    this.s = new Float64Array(channels);
    this.s2 = new Float64Array(channels);
  }

  /** Pass 1: add one sample's values. */
  addSum(x: ArrayLike<number>, offset: number, size: number): void {
    const c = this.channels;
    for (let k = 0; k < size; k++) this.s[k % c]! += x[offset + k]!;
    this.n += size / c;
  }

  /** Pass 2 (after every addSum): add one sample's squared deviations. */
  addSquares(x: ArrayLike<number>, offset: number, size: number): void {
    const c = this.channels;
    this.mean ??= Array.from(this.s, (v) => v / this.n);
    const m = this.mean;
    for (let k = 0; k < size; k++) {
      const d = x[offset + k]! - m[k % c]!;
      this.s2[k % c]! += d * d;
    }
  }

  stats(): ChannelStats {
    const mean = this.mean ?? Array.from(this.s, (v) => v / this.n);
    const std = Array.from(this.s2, (v) => {
      const sd = Math.sqrt(v / this.n);
      return sd > STD_FLOOR ? sd : 1;
    });
    return { mean, std };
  }
}

/** Per-channel mean and population std of `x` (`[count, sampleSize]`) over the samples `samples`. */
export function channelStats(x: ArrayLike<number>, channels: number, samples: readonly number[], sampleSize: number): ChannelStats {
  const acc = new ChannelAccumulator(channels);
  for (const i of samples) acc.addSum(x, i * sampleSize, sampleSize);
  for (const i of samples) acc.addSquares(x, i * sampleSize, sampleSize);
  return acc.stats();
}

export function identityStats(channels: number): ChannelStats {
  return { mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1) };
}

/** (x − mean)/std in place (x channels last); returns x. */
export function normalizeInPlace<T extends Float32Array | Float64Array>(x: T, st: ChannelStats): T {
  const c = st.mean.length;
  for (let k = 0; k < x.length; k++) x[k] = (x[k]! - st.mean[k % c]!) / st.std[k % c]!;
  return x;
}

/** (x − mean)/std into a new float32 array. */
export function normalizeValues(x: ArrayLike<number>, st: ChannelStats): Float32Array {
  const c = st.mean.length;
  const out = new Float32Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = (x[k]! - st.mean[k % c]!) / st.std[k % c]!;
  return out;
}

/** Means back to physical units, in Float64. */
export function denormalizeMean(x: ArrayLike<number>, st: ChannelStats): Float64Array {
  const c = st.mean.length;
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = x[k]! * st.std[k % c]! + st.mean[k % c]!;
  return out;
}

/** Variances back to physical units (scaled by std², no shift), in Float64. */
export function denormalizeVariance(x: ArrayLike<number>, st: ChannelStats): Float64Array {
  const c = st.mean.length;
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = x[k]! * st.std[k % c]! * st.std[k % c]!;
  return out;
}

/** Check a normaliser read from JSON; `file` names the source in the error. */
export function parseNormalizer(raw: unknown, file: string): Normalizer {
  const r = raw as Normalizer;
  const ok = (s: ChannelStats | undefined) =>
    s !== undefined &&
    Array.isArray(s.mean) &&
    Array.isArray(s.std) &&
    s.mean.length === s.std.length &&
    s.mean.length > 0 &&
    s.mean.every((v) => typeof v === "number" && Number.isFinite(v)) &&
    s.std.every((v) => typeof v === "number" && Number.isFinite(v) && v > 0);
  if (typeof raw !== "object" || raw === null || r.kind !== "channel" || !ok(r.input) || !ok(r.output))
    throw new DatasetFormatError("not a valid channel normalizer", file);
  return r;
}

/** Check that a normaliser fits data with these channel counts. */
export function requireNormalizerChannels(n: Normalizer, inChannels: number, outChannels: number): void {
  if (n.input.mean.length !== inChannels) throw new ShapeMismatchError("normalizer input channels", n.input.mean.length, inChannels);
  if (n.output.mean.length !== outChannels) throw new ShapeMismatchError("normalizer output channels", n.output.mean.length, outChannels);
}

export async function saveNormalizer(path: string, n: Normalizer): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(n, null, 2) + "\n");
}

export async function loadNormalizer(path: string): Promise<Normalizer> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new DatasetFormatError(`cannot read normalizer (${(e as Error).message})`, path);
  }
  try {
    return parseNormalizer(JSON.parse(text), path);
  } catch (e) {
    if (e instanceof DatasetFormatError) throw e;
    throw new DatasetFormatError(`malformed normalizer (${(e as Error).message})`, path);
  }
}
