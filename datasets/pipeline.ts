/**
 * The one store → batch pipeline: samples of a store (or of arrays in memory) as normalised
 * float32 batches by sample index, with bounded memory. It opens with sequential passes (finite
 * check, data fingerprint, per-channel statistics of the training split: pipeline-scan.ts), then
 * serves any list of sample indices from a cache of decoded, normalised chunks held within
 * `memoryBudget` bytes (chunk-cache.ts), reading ahead the chunks of the batch announced next.
 *
 * Shuffling is an index permutation (the trainer's, or `epoch()`'s), so the order — and with it
 * every loss — is the same whatever the budget and whether the data are in memory or streamed.
 * The price: when the store is much larger than the budget, a batch of B random samples touches
 * up to B chunks, so each epoch reads about chunkSamples × N samples (read amplification ≈ the
 * samples per chunk times the fraction not cached). Chunk-local shuffling (permute chunks, then
 * samples within a window of chunks) would read each chunk once per epoch but makes the order
 * depend on the budget and the store's chunking. Stores meant for training far beyond memory are
 * best generated with small chunks (`pdes generate --chunk-samples`); see docs/training.md.
 * This file is the one place where stored values become float32 model inputs; no tfjs here.
 */
import { InvalidArgumentError, requireInteger, Rng, type Grid } from "../core/index.js";
import { ChunkCache, type CachedChunk } from "./chunk-cache.js";
import { identityStats, normalizeInPlace, requireNormalizerChannels, type Normalizer } from "./normalizer.js";
import { chunkRanges, readSamples, scanSamples, type DataFingerprint } from "./pipeline-scan.js";
import { requireGrid, type SampleSet } from "./samples.js";
import { splitIndices } from "./splits.js";
import { subsampleGrid } from "./subsample.js";

/** Default memory budget for cached samples: 512 MiB. */
export const DEFAULT_MEMORY_BUDGET = 512 * 2 ** 20;

export interface PipelineOptions {
  /** Seeds the train/validation split (stream 1 of the seed). */
  readonly seed: number;
  /** Fraction of samples held out for validation (0: none). */
  readonly validationFraction: number;
  /** Fit per-channel statistics on the training split (false: identity). Default true. */
  readonly normalize?: boolean;
  /** Use these statistics instead (a resumed run keeps the ones it started with). */
  readonly normalizer?: Normalizer;
  /** Bytes of decoded samples held at once (float32 inputs + outputs). Default 512 MiB. */
  readonly memoryBudget?: number;
  /** Keep every k-th grid point (nested subgrid, see subsample.ts). Default 1. */
  readonly subsample?: number;
}

export interface Batch {
  /** `[B, ...spatial, C_in]` and `[B, ...spatial, C_out]`, normalised float32, C order. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Sample indices, in batch order. */
  readonly indices: Int32Array;
}

export interface EpochOptions {
  readonly batchSize: number;
  /** Shuffle with a stream seeded by (seed, epoch). Default true. */
  readonly shuffle?: boolean;
  readonly seed?: number;
  readonly epoch?: number;
  /** Drop a last batch smaller than batchSize. Default false. */
  readonly dropLast?: boolean;
}

export class Pipeline {
  readonly count: number;
  /** The grid the batches are on (the subgrid when subsampling). */
  readonly grid: Grid;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly problem: Record<string, unknown>;
  readonly sampleIn: number;
  readonly sampleOut: number;
  readonly cache: ChunkCache;

  constructor(
    private readonly set: SampleSet,
    grid: Grid,
    private readonly subsample: readonly Int32Array[] | undefined,
    readonly normalizer: Normalizer,
    readonly train: readonly number[],
    readonly val: readonly number[],
    private readonly fp: DataFingerprint,
    budget: number,
  ) {
    this.count = set.n;
    this.grid = grid;
    this.inChannels = set.inputs.channels;
    this.outChannels = set.outputs.channels;
    this.problem = { ...set.attrs };
    const pts = grid.shape.reduce((a, b) => a * b, 1);
    this.sampleIn = pts * this.inChannels;
    this.sampleOut = pts * this.outChannels;
    const ranges = chunkRanges(set);
    this.chunkSamples = ranges.length > 0 ? ranges[0]![1] - ranges[0]![0] : 1;
    this.cache = new ChunkCache(
      budget,
      (c) => 4 * (this.sampleIn + this.sampleOut) * (ranges[c]![1] - ranges[c]![0]),
      (c) => this.loadChunk(ranges[c]![0], ranges[c]![1]),
    );
  }

  private readonly chunkSamples: number;

  private async loadChunk(start: number, end: number): Promise<CachedChunk> {
    const [x, y] = await Promise.all([readSamples(this.set, "inputs", start, end, this.subsample), readSamples(this.set, "outputs", start, end, this.subsample)]);
    return { start, count: end - start, x: normalizeInPlace(x, this.normalizer.input), y: normalizeInPlace(y, this.normalizer.output) };
  }

  private chunkOf(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new InvalidArgumentError("index", i, `must be a sample index in [0, ${this.count})`);
    return Math.floor(i / this.chunkSamples);
  }

  /** What the run records about its data (computed when the pipeline opened). */
  async fingerprint(): Promise<DataFingerprint> {
    return this.fp;
  }

  /** Normalised samples `idx`, in that order. */
  async batch(idx: readonly number[]): Promise<{ x: Float32Array; y: Float32Array }> {
    const x = new Float32Array(idx.length * this.sampleIn);
    const y = new Float32Array(idx.length * this.sampleOut);
    const byChunk = new Map<number, number[]>();
    idx.forEach((i, b) => {
      const c = this.chunkOf(i);
      const list = byChunk.get(c);
      if (list) list.push(b);
      else byChunk.set(c, [b]);
    });
    // Chunks already held first (pinned until copied), so loading the others cannot evict them.
    const order = [...byChunk.keys()].sort((a, b) => Number(!this.cache.has(a)) - Number(!this.cache.has(b)));
    const pinned = new Set(order.filter((c) => this.cache.has(c)));
    for (const c of order) {
      const ch = await this.cache.get(c, pinned);
      for (const b of byChunk.get(c)!) {
        const k = idx[b]! - ch.start;
        x.set(ch.x.subarray(k * this.sampleIn, (k + 1) * this.sampleIn), b * this.sampleIn);
        y.set(ch.y.subarray(k * this.sampleOut, (k + 1) * this.sampleOut), b * this.sampleOut);
      }
      pinned.delete(c);
    }
    return { x, y };
  }

  /** Announce the samples needed next: their chunks start loading now, within the budget. */
  prefetch(idx: readonly number[]): void {
    const pinned = new Set<number>();
    for (const i of idx) pinned.add(this.chunkOf(i));
    for (const c of pinned) this.cache.prefetch(c, pinned);
  }

  /** Mini-batches over `indices` (default: the training split); the order depends only on (seed, epoch). */
  async *epoch(o: EpochOptions, indices: readonly number[] = this.train): AsyncGenerator<Batch> {
    requireInteger("batchSize", o.batchSize, 1);
    const order = indices.slice();
    if (o.shuffle ?? true) new Rng(o.seed ?? 0, (o.epoch ?? 0) >>> 0).split(0x10ade2).shuffle(order);
    const bs = o.batchSize;
    const end = o.dropLast ? order.length - (order.length % bs) : order.length;
    for (let p = 0; p < end; p += bs) {
      const sel = order.slice(p, Math.min(end, p + bs));
      const b = await this.batch(sel);
      // The next batch's chunks load while the caller works on this one.
      if (p + bs < end) this.prefetch(order.slice(p + bs, Math.min(end, p + 2 * bs)));
      yield { ...b, indices: Int32Array.from(sel) };
    }
  }
}

/** Open the pipeline over a store or in-memory samples: split, scan, normaliser. */
export async function openPipeline(set: SampleSet, o: PipelineOptions): Promise<Pipeline> {
  const stored = requireGrid(set);
  const k = o.subsample ?? 1;
  requireInteger("subsample", k, 1);
  const sub = k > 1 ? subsampleGrid(stored, k) : undefined;
  const grid = sub?.grid ?? stored;
  const budget = o.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
  if (!(budget > 0)) throw new InvalidArgumentError("memoryBudget", budget, "must be a positive number of bytes");
  const rng = new Rng(o.seed, 1);
  const { train, val } = splitIndices(set.n, o.validationFraction, (a) => rng.shuffle(a));
  if (o.normalizer) requireNormalizerChannels(o.normalizer, set.inputs.channels, set.outputs.channels);
  const fit = !o.normalizer && (o.normalize ?? true);
  const scan = await scanSamples(set, { train, stats: fit, grid: stored, ...(sub ? { subsample: sub.indices } : {}) });
  const normalizer: Normalizer =
    o.normalizer ??
    (scan.stats ? { kind: "channel", input: scan.stats.input, output: scan.stats.output } : { kind: "channel", input: identityStats(set.inputs.channels), output: identityStats(set.outputs.channels) });
  return new Pipeline(set, grid, sub?.indices, normalizer, train, val, scan.fingerprint, budget);
}
