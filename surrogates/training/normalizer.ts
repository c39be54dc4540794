/**
 * Per-channel standardisation x ↦ (x − mean_c)/std_c, fitted on the training split. Per channel
 * (not per grid point) so the same statistics apply at any resolution, which resolution
 * transfer of GSNN and FNO needs. Statistics are accumulated in Float64.
 */
import { DatasetFormatError } from "../../core/index.js";

export interface ChannelStats {
  mean: number[];
  std: number[];
}

export interface Normalizer {
  kind: "channel";
  input: ChannelStats;
  output: ChannelStats;
}

/** Channels with (almost) no spread are only centred: dividing by ~0 would blow up round-off. */
const STD_FLOOR = 1e-12;

export function channelStats(x: Float32Array, channels: number, samples: readonly number[], sampleSize: number): ChannelStats {
  const s = new Float64Array(channels);
  const s2 = new Float64Array(channels);
  let n = 0;
  for (const i of samples) {
    const base = i * sampleSize;
    for (let k = 0; k < sampleSize; k++) s[k % channels]! += x[base + k]!;
    n += sampleSize / channels;
  }
  const mean = Array.from(s, (v) => v / n);
  for (const i of samples) {
    const base = i * sampleSize;
    for (let k = 0; k < sampleSize; k++) {
      const d = x[base + k]! - mean[k % channels]!;
      s2[k % channels]! += d * d;
    }
  }
  const std = Array.from(s2, (v) => {
    const sd = Math.sqrt(v / n);
    return sd > STD_FLOOR ? sd : 1;
  });
  return { mean, std };
}

export function identityStats(channels: number): ChannelStats {
  return { mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1) };
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
