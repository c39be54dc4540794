/**
 * From a store to training batches: contiguous train/validation/test splits, and seeded
 * shuffled mini-batches as float32 tfjs tensors, channels last [B, ...spatial, C] — the one
 * place where Float64 becomes float32. Memory stays bounded: chunks are visited in a shuffled
 * order and samples are shuffled within windows of at most `maxBufferBytes`; a split that fits
 * is held once and fully shuffled every epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, gridLayouts, requireInteger, Rng } from "../core/index.js";
import type { ArrayName, Dataset } from "./dataset.js";
import type { Normalizer } from "./normalizer.js";
import { gatherSpatial, subsampleIndices } from "./subsample.js";

export interface SampleRange {
  readonly start: number;
  readonly end: number;
}

export interface Splits {
  readonly train: SampleRange;
  readonly val: SampleRange;
  readonly test: SampleRange;
}

/**
 * Contiguous splits train | val | test of n samples. Sizes are fractions (summing to ≤ 1) or
 * integer counts (summing to ≤ n). Samples are iid in i, so contiguous splits are unbiased.
 */
export function splitRange(n: number, sizes: { train: number; val: number; test: number } = { train: 0.8, val: 0.1, test: 0.1 }): Splits {
  requireInteger("n", n, 1);
  const vals = [sizes.train, sizes.val, sizes.test];
  const counts = vals.every((v) => Number.isInteger(v) && v >= 0) && vals.some((v) => v > 1);
  let c: number[];
  if (counts) {
    if (vals.reduce((a, b) => a + b, 0) > n) throw new InvalidArgumentError("sizes", sizes, `must sum to at most n = ${n}`);
    c = vals;
  } else {
    if (vals.some((v) => !(v >= 0 && v <= 1)) || vals.reduce((a, b) => a + b, 0) > 1 + 1e-12)
      throw new InvalidArgumentError("sizes", sizes, "must be fractions in [0, 1] summing to at most 1, or integer counts");
    c = [Math.floor(vals[0]! * n), Math.floor(vals[1]! * n), Math.floor(vals[2]! * n)];
  }
  const t = c[0]!;
  const v = t + c[1]!;
  return { train: { start: 0, end: t }, val: { start: t, end: v }, test: { start: v, end: v + c[2]! } };
}

export interface LoaderOptions {
  readonly batchSize: number;
  /** Shuffle (seeded by seed and epoch). Default true. */
  readonly shuffle?: boolean;
  readonly seed?: number;
  /** Keep every k-th grid point (nested subgrid, see subsample.ts). Default 1. */
  readonly subsample?: number;
  readonly inputNormalizer?: Normalizer;
  readonly outputNormalizer?: Normalizer;
  /** Upper bound on samples held in memory, in bytes (inputs + outputs, float32). Default 256 MiB. */
  readonly maxBufferBytes?: number;
  /** Drop a last batch smaller than batchSize. Default false. */
  readonly dropLast?: boolean;
}

export interface Batch {
  /** float32 [B, ...spatial, C_in] and [B, ...spatial, C_out]; the caller disposes them. */
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  /** Dataset indices of the samples in the batch. */
  readonly indices: Int32Array;
}

interface Block {
  x: Float32Array;
  y: Float32Array;
  idx: Int32Array;
}

export class DataLoader {
  readonly dataset: Dataset;
  readonly range: SampleRange;
  readonly opts: LoaderOptions;
  /** Per-sample shapes after subsampling. */
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  private readonly idx: Int32Array[];
  private cache: Block | undefined;

  constructor(dataset: Dataset, range: SampleRange, opts: LoaderOptions) {
    requireInteger("batchSize", opts.batchSize, 1);
    if (!(range.start >= 0 && range.end <= dataset.n && range.start < range.end))
      throw new InvalidArgumentError("range", range, `must be a non-empty range within [0, ${dataset.n}]`);
    this.dataset = dataset;
    this.range = range;
    this.opts = opts;
    const k = opts.subsample ?? 1;
    const layout = dataset.grid ? gridLayouts(dataset.grid) : dataset.inputs.spatial.map(() => "one-sided" as const);
    this.idx = dataset.inputs.spatial.map((n, a) => subsampleIndices(n, layout[a]!, k));
    const sp = this.idx.map((i) => i.length);
    this.inputShape = [...sp, dataset.inputs.channels];
    this.outputShape = [...sp, dataset.outputs.channels];
  }

  get size(): number {
    return this.range.end - this.range.start;
  }

  get batchesPerEpoch(): number {
    return this.opts.dropLast ? Math.floor(this.size / this.opts.batchSize) : Math.ceil(this.size / this.opts.batchSize);
  }

  private sampleBytes(): number {
    return 4 * (this.inputShape.reduce((a, b) => a * b, 1) + this.outputShape.reduce((a, b) => a * b, 1));
  }

  /** Samples [start, end) as float32, subsampled and normalized. */
  private async load(start: number, end: number): Promise<Block> {
    const read = async (name: ArrayName, norm?: Normalizer): Promise<Float32Array> => {
      const info = this.dataset[name];
      let a = (await this.dataset.read(name, start, end, "float32")) as Float32Array;
      if ((this.opts.subsample ?? 1) > 1) a = gatherSpatial(a, end - start, info.spatial, info.channels, this.idx);
      return norm ? norm.encode(a) : a;
    };
    const idx = new Int32Array(end - start);
    for (let i = 0; i < idx.length; i++) idx[i] = start + i;
    return { x: await read("inputs", this.opts.inputNormalizer), y: await read("outputs", this.opts.outputNormalizer), idx };
  }

  /** The whole range at once (for evaluation of small splits). */
  async loadAll(): Promise<{ x: Float32Array; y: Float32Array }> {
    const b = this.cache ?? (await this.load(this.range.start, this.range.end));
    return { x: b.x, y: b.y };
  }

  /** Mini-batches of one epoch; the order depends only on (seed, epoch). */
  async *epoch(epoch = 0): AsyncGenerator<Batch> {
    const { batchSize } = this.opts;
    const rng = new Rng(this.opts.seed ?? 0, epoch >>> 0).split(0x10ade2);
    const shuffle = this.opts.shuffle ?? true;
    const maxBytes = this.opts.maxBufferBytes ?? 256 << 20;
    const perWindow = Math.max(batchSize, Math.floor(maxBytes / this.sampleBytes()));
    let windows: SampleRange[][];
    if (this.size <= perWindow) {
      this.cache ??= await this.load(this.range.start, this.range.end);
      windows = [[this.range]];
    } else {
      // Chunk-aligned pieces in shuffled order, grouped into windows that fit the buffer.
      const cs = this.dataset.inputs.chunkSamples;
      const pieces: SampleRange[] = [];
      for (let s = this.range.start; s < this.range.end; ) {
        const e = Math.min(this.range.end, (Math.floor(s / cs) + 1) * cs);
        pieces.push({ start: s, end: e });
        s = e;
      }
      if (shuffle) rng.shuffle(pieces);
      windows = [];
      let cur: SampleRange[] = [];
      let count = 0;
      for (const p of pieces) {
        if (count > 0 && count + p.end - p.start > perWindow) {
          windows.push(cur);
          cur = [];
          count = 0;
        }
        cur.push(p);
        count += p.end - p.start;
      }
      if (cur.length) windows.push(cur);
    }
    const xs = this.inputShape.reduce((a, b) => a * b, 1);
    const ys = this.outputShape.reduce((a, b) => a * b, 1);
    let carry: Block | undefined;
    for (let w = 0; w < windows.length; w++) {
      const blocks = this.cache && windows.length === 1 ? [this.cache] : await Promise.all(windows[w]!.map((p) => this.load(p.start, p.end)));
      if (carry) blocks.unshift(carry);
      const all = concatBlocks(blocks, xs, ys);
      const order = Int32Array.from({ length: all.idx.length }, (_, i) => i);
      if (shuffle) rng.shuffle(order);
      const last = w === windows.length - 1;
      let p = 0;
      for (; p + batchSize <= order.length || (last && p < order.length && !this.opts.dropLast); p += batchSize) {
        const sel = order.subarray(p, Math.min(order.length, p + batchSize));
        yield makeBatch(all, sel, xs, ys, this.inputShape, this.outputShape);
      }
      carry = !last && p < order.length ? pick(all, order.subarray(p), xs, ys) : undefined;
    }
  }
}

function concatBlocks(blocks: Block[], xs: number, ys: number): Block {
  if (blocks.length === 1) return blocks[0]!;
  const n = blocks.reduce((s, b) => s + b.idx.length, 0);
  const out: Block = { x: new Float32Array(n * xs), y: new Float32Array(n * ys), idx: new Int32Array(n) };
  let o = 0;
  for (const b of blocks) {
    out.x.set(b.x, o * xs);
    out.y.set(b.y, o * ys);
    out.idx.set(b.idx, o);
    o += b.idx.length;
  }
  return out;
}

function pick(all: Block, sel: Int32Array, xs: number, ys: number): Block {
  const out: Block = { x: new Float32Array(sel.length * xs), y: new Float32Array(sel.length * ys), idx: new Int32Array(sel.length) };
  sel.forEach((s, j) => {
    out.x.set(all.x.subarray(s * xs, (s + 1) * xs), j * xs);
    out.y.set(all.y.subarray(s * ys, (s + 1) * ys), j * ys);
    out.idx[j] = all.idx[s]!;
  });
  return out;
}

function makeBatch(all: Block, sel: Int32Array, xs: number, ys: number, xShape: readonly number[], yShape: readonly number[]): Batch {
  const b = pick(all, sel, xs, ys);
  return {
    x: tf.tensor(b.x, [sel.length, ...xShape], "float32"),
    y: tf.tensor(b.y, [sel.length, ...yShape], "float32"),
    indices: b.idx,
  };
}
