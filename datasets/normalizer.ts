/**
 * Per-point unit-Gaussian normalizer (as in the FNO code): for every grid point and channel,
 * x̃ = (x − μ) / (σ + ε) with μ, σ the mean and standard deviation over the training samples.
 * Fitted by streaming the store chunk by chunk with Float64 accumulators (shifted by the first
 * sample to avoid cancellation), saved with a model as JSON.
 */
import { readFile } from "node:fs/promises";
import * as tf from "@tensorflow/tfjs";
import { DatasetFormatError, InvalidArgumentError, ShapeMismatchError, gridLayouts } from "../core/index.js";
import { writeFileAtomic } from "./atomic-write.js";
import type { ArrayName, Dataset } from "./dataset.js";
import { gatherSpatial, subsampleIndices } from "./subsample.js";

export const NORMALIZER_KIND = "pointwise-gaussian";

export interface NormalizerJson {
  readonly kind: string;
  /** Per-sample shape [...spatial, C]. */
  readonly shape: readonly number[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly eps: number;
}

export class Normalizer {
  readonly shape: readonly number[];
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly eps: number;

  constructor(shape: readonly number[], mean: Float64Array, std: Float64Array, eps = 1e-5) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (mean.length !== size) throw new ShapeMismatchError("mean", mean.length, size);
    if (std.length !== size) throw new ShapeMismatchError("std", std.length, size);
    this.shape = [...shape];
    this.mean = mean;
    this.std = std;
    this.eps = eps;
  }

  get size(): number {
    return this.mean.length;
  }

  private check(x: ArrayLike<number>): number {
    if (x.length % this.size !== 0) throw new ShapeMismatchError("x", x.length, `a multiple of ${this.size} (per-sample shape [${this.shape.join(", ")}])`);
    return x.length / this.size;
  }

  /** Normalize a batch [B, ...shape] in place. */
  encode<T extends Float32Array | Float64Array>(x: T): T {
    const b = this.check(x);
    for (let s = 0, o = 0; s < b; s++, o += this.size)
      for (let p = 0; p < this.size; p++) x[o + p] = (x[o + p]! - this.mean[p]!) / (this.std[p]! + this.eps);
    return x;
  }

  /** Undo `encode` in place. */
  decode<T extends Float32Array | Float64Array>(x: T): T {
    const b = this.check(x);
    for (let s = 0, o = 0; s < b; s++, o += this.size)
      for (let p = 0; p < this.size; p++) x[o + p] = x[o + p]! * (this.std[p]! + this.eps) + this.mean[p]!;
    return x;
  }

  /** Tensor versions (float32, shape [B, ...shape]); the caller owns the result. */
  encodeTensor(t: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.div(tf.sub(t, this.meanTensor()), tf.add(this.stdTensor(), this.eps)));
  }

  decodeTensor(t: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(tf.mul(t, tf.add(this.stdTensor(), this.eps)), this.meanTensor()));
  }

  private meanTensor(): tf.Tensor {
    return tf.tensor(Float32Array.from(this.mean), [1, ...this.shape], "float32");
  }

  private stdTensor(): tf.Tensor {
    return tf.tensor(Float32Array.from(this.std), [1, ...this.shape], "float32");
  }

  toJSON(): NormalizerJson {
    return { kind: NORMALIZER_KIND, shape: [...this.shape], mean: [...this.mean], std: [...this.std], eps: this.eps };
  }

  static fromJSON(j: unknown): Normalizer {
    const o = j as NormalizerJson;
    if (typeof o !== "object" || o === null || o.kind !== NORMALIZER_KIND || !Array.isArray(o.shape) || !Array.isArray(o.mean) || !Array.isArray(o.std))
      throw new InvalidArgumentError("normalizer", o, `must be a ${NORMALIZER_KIND} normalizer JSON`);
    return new Normalizer(o.shape, Float64Array.from(o.mean), Float64Array.from(o.std), o.eps);
  }

  async save(path: string): Promise<void> {
    await writeFileAtomic(path, JSON.stringify(this.toJSON()) + "\n");
  }

  static async load(path: string): Promise<Normalizer> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      throw new DatasetFormatError(`cannot read normalizer (${(e as Error).message})`, path);
    }
    try {
      return Normalizer.fromJSON(JSON.parse(text));
    } catch (e) {
      throw new DatasetFormatError(`malformed normalizer (${(e as Error).message})`, path);
    }
  }
}

export interface FitOptions {
  /** Sample range [start, end); default the whole dataset. */
  start?: number;
  end?: number;
  /** Subsampling factor applied before fitting (as the loader will). Default 1. */
  subsample?: number;
  eps?: number;
}

/** Fit a per-point normalizer to `array` over a sample range, streaming one chunk at a time. */
export async function fitNormalizer(ds: Dataset, array: ArrayName, opts: FitOptions = {}): Promise<Normalizer> {
  const info = ds[array];
  const start = opts.start ?? 0;
  const end = opts.end ?? ds.n;
  if (!(end > start)) throw new InvalidArgumentError("range", [start, end], "must contain at least one sample");
  const k = opts.subsample ?? 1;
  const layout = ds.grid ? gridLayouts(ds.grid) : info.spatial.map(() => "one-sided" as const);
  const idx = info.spatial.map((n, a) => subsampleIndices(n, layout[a]!, k));
  const shape = [...idx.map((i) => i.length), info.channels];
  const size = shape.reduce((a, b) => a * b, 1);
  const shift = new Float64Array(size);
  const s1 = new Float64Array(size);
  const s2 = new Float64Array(size);
  const cs = info.chunkSamples;
  for (let i = start; i < end; ) {
    const stop = Math.min(end, (Math.floor(i / cs) + 1) * cs);
    let x = (await ds.read(array, i, stop, "float64")) as Float64Array;
    if (k > 1) x = gatherSpatial(x, stop - i, info.spatial, info.channels, idx);
    if (i === start) shift.set(x.subarray(0, size));
    for (let s = 0; s < stop - i; s++)
      for (let p = 0; p < size; p++) {
        const d = x[s * size + p]! - shift[p]!;
        s1[p] += d;
        s2[p] += d * d;
      }
    i = stop;
  }
  const m = end - start;
  const mean = new Float64Array(size);
  const std = new Float64Array(size);
  for (let p = 0; p < size; p++) {
    const d = s1[p]! / m;
    mean[p] = shift[p]! + d;
    std[p] = Math.sqrt(Math.max(0, s2[p]! / m - d * d));
  }
  return new Normalizer(shape, mean, std, opts.eps ?? 1e-5);
}
