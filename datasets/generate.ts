/**
 * Generate (or resume, or repair) a dataset store. The sample range is cut into chunks along
 * the sample axis; this run owns all chunks, or a contiguous chunk-aligned block of them with
 * `shard`. Owned chunks whose files match their checksum records are kept, the others are
 * (re)generated inline or on worker threads, and the manifest and completion marker are
 * written once every chunk of the store has its record. Sample i depends only on (seed, i),
 * so any split into workers, shards and resumed runs gives the same bytes.
 */
import { dirname, join } from "node:path";
import { InvalidArgumentError, requireInteger } from "../core/index.js";
import { removeStaleTemps } from "./atomic-write.js";
import { chunkSetFiles, readCheckedChunks, type ChunkRecord } from "./chunk-io.js";
import { produceChunk } from "./chunk-producer.js";
import { finalizeStore, isMarkedComplete, readChunkRecord, unmarkComplete } from "./manifest.js";
import { chunkKeys, defaultChunkSamples, GENERATOR_VERSION, PDES_DIR, type DatasetSpec } from "./layout.js";
import { getProblem } from "./problems/registry.js";
import { openOrCreateStore, staticFiles } from "./store-create.js";
import { runOnWorkers } from "./worker-pool.js";
import type { StoreCompressor, StoreDType, ZarrFormat } from "./zarr-meta.js";
import type { ResolvedProblem } from "./problem.js";

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface GenerateOptions {
  readonly problem: string;
  /** Problem parameters (see each problem's docs); missing ones take defaults. */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly n: number;
  readonly seed: number;
  readonly out: string;
  /** Parallel producers: this thread plus workers − 1 worker threads. Default 1. */
  readonly workers?: number;
  readonly shard?: Shard;
  /** Samples per chunk. Default: about 4 MiB per chunk. */
  readonly chunkSamples?: number;
  readonly dtype?: StoreDType;
  /** Chunk compression (default "none": measured not to pay for float fields, docs/datasets.md). */
  readonly compressor?: StoreCompressor;
  readonly zarrFormat?: ZarrFormat;
  /**
   * fsync each chunk before its rename (default true). Off, a power loss may lose recent chunks;
   * the next run detects them by checksum and regenerates them.
   */
  readonly fsync?: boolean;
  /** Creation time recorded in a new store. Default: $SOURCE_DATE_EPOCH if set, else now. */
  readonly created?: Date;
  /** Called once before work starts with the number of samples to generate, then per sample. */
  readonly onStart?: (toGenerate: number, kept: number) => void;
  readonly onSample?: () => void;
}

export interface GenerateResult {
  readonly out: string;
  readonly spec: DatasetSpec;
  /** Chunks this run owns, kept (already good) and generated. */
  readonly ownedChunks: number;
  readonly keptChunks: number;
  readonly generatedChunks: number;
  readonly generatedSamples: number;
  /** Whether the whole store (all shards) is now complete. */
  readonly complete: boolean;
}

/** Chunk range [first, last) owned by shard i of N: contiguous and disjoint. */
export function shardChunks(nChunks: number, shard?: Shard): [number, number] {
  if (!shard) return [0, nChunks];
  return [Math.floor((shard.index * nChunks) / shard.count), Math.floor(((shard.index + 1) * nChunks) / shard.count)];
}

/** Parse "i/N" (0-based i). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2]))
    throw new InvalidArgumentError("shard", text, 'must be "i/N" with 0 <= i < N');
  return { index: Number(m[1]), count: Number(m[2]) };
}

function creationTime(d?: Date): string {
  if (d) return d.toISOString();
  const sde = process.env.SOURCE_DATE_EPOCH;
  if (sde !== undefined && /^\d+$/.test(sde)) return new Date(Number(sde) * 1000).toISOString();
  return new Date().toISOString();
}

/** Validate options and build the spec; throws before anything is written. */
export function resolveGenerate(opts: GenerateOptions): { spec: DatasetSpec; problem: ResolvedProblem } {
  const def = getProblem(opts.problem);
  requireInteger("n", opts.n, 1, 2 ** 31);
  requireInteger("seed", opts.seed, 0, 0xffffffff);
  const problem = def.resolve(opts.params ?? {});
  const dtype = opts.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") throw new InvalidArgumentError("dtype", dtype, "must be float32 or float64");
  const compressor = opts.compressor ?? "none";
  if (compressor !== "none" && compressor !== "zlib") throw new InvalidArgumentError("compressor", compressor, "must be none or zlib");
  const zarrFormat = opts.zarrFormat ?? 2;
  if (zarrFormat !== 2 && zarrFormat !== 3) throw new InvalidArgumentError("zarrFormat", zarrFormat, "must be 2 or 3");
  const cs =
    opts.chunkSamples ??
    defaultChunkSamples(opts.n, problem.grid, problem.inputChannels.length, problem.outputChannels.length, dtype);
  requireInteger("chunkSamples", cs, 1);
  const workers = opts.workers ?? 1;
  requireInteger("workers", workers, 1, 256);
  if (opts.shard) {
    requireInteger("shard.count", opts.shard.count, 1);
    requireInteger("shard.index", opts.shard.index, 0, opts.shard.count - 1);
  }
  if (typeof opts.out !== "string" || opts.out === "") throw new InvalidArgumentError("out", opts.out, "must be a path");
  const spec: DatasetSpec = {
    generator: GENERATOR_VERSION,
    problem: problem.name,
    params: problem.params,
    n: opts.n,
    seed: opts.seed,
    chunkSamples: Math.min(cs, opts.n),
    dtype,
    zarrFormat,
    compressor,
  };
  return { spec, problem };
}

export async function generateDataset(opts: GenerateOptions): Promise<GenerateResult> {
  const { spec, problem } = resolveGenerate(opts);
  const out = opts.out;
  const { layout, record } = await openOrCreateStore(out, spec, problem, creationTime(opts.created));
  const [first, last] = shardChunks(layout.nChunks, opts.shard);

  // Stale temp files of owned chunks (a killed run's) can be removed safely: no one else writes them.
  const owned = new Set<string>();
  for (let c = first; c < last; c++) {
    const k = chunkKeys(layout, c);
    for (const key of [k.inputs, k.outputs, ...Object.values(k.extras)]) owned.add(join(out, key));
    owned.add(join(out, PDES_DIR, "chunks", `${c}.json`));
  }
  const dirs = new Set([...owned].map((p) => dirname(p)));
  for (const d of dirs) await removeStaleTemps(d, (name) => owned.has(join(d, name)));
  // Shared files (metadata, manifest): another shard may be writing them right now, so with
  // --shard only temporaries older than a minute count as stale.
  const minAgeMs = opts.shard ? 60_000 : 0;
  const meta = (n: string): boolean => n === ".zarray" || n === ".zattrs" || n === "zarr.json";
  await removeStaleTemps(out, () => true, minAgeMs);
  await removeStaleTemps(join(out, PDES_DIR), () => true, minAgeMs);
  for (const a of layout.coords) await removeStaleTemps(join(out, a.name), () => true, minAgeMs);
  for (const a of [layout.inputs, layout.outputs, ...layout.extras]) await removeStaleTemps(join(out, a.name), meta, minAgeMs);

  // A chunk is kept when it has a record and both its files pass their checks (read in parallel).
  const bad = new Set<number>();
  const files: Array<[number, ChunkRecord]> = [];
  for (let c = first; c < last; c++) {
    const rec = await readChunkRecord(out, c);
    if (rec === undefined) bad.add(c);
    else for (const f of chunkSetFiles(rec)) files.push([c, f]);
  }
  await readCheckedChunks(out, files.map((f) => f[1]), (r, i) => {
    if (typeof r === "string") bad.add(files[i]![0]);
  });
  const todo = [...bad].sort((a, b) => a - b);
  if (todo.length > 0 && (await isMarkedComplete(out))) await unmarkComplete(out);

  const samples = todo.reduce((s, c) => s + Math.min(spec.n, (c + 1) * spec.chunkSamples) - c * spec.chunkSamples, 0);
  opts.onStart?.(samples, last - first - todo.length);
  const onSample = opts.onSample ?? (() => undefined);
  const workers = Math.min(opts.workers ?? 1, todo.length);
  if (workers <= 1) {
    for (const c of todo) await produceChunk(out, layout, problem, c, onSample, opts.fsync ?? true);
  } else {
    const inline = (c: number): Promise<unknown> => produceChunk(out, layout, problem, c, onSample, opts.fsync ?? true);
    await runOnWorkers(out, record.spec, todo, workers - 1, onSample, opts.fsync ?? true, async (c) => void (await inline(c)));
  }
  // Always (re)finalize: the manifest and marker come out byte-identical, and a marker damaged
  // by a power loss gets rewritten.
  const complete = await finalizeStore(out, layout, staticFiles(record, problem));
  return {
    out,
    spec: record.spec,
    ownedChunks: last - first,
    keptChunks: last - first - todo.length,
    generatedChunks: todo.length,
    generatedSamples: samples,
    complete,
  };
}
