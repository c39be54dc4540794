/**
 * writeStore: any arrays already in memory into one of our stores, through the same writer as
 * `pdes generate` (spec first, atomic chunks with checksum records, consolidated metadata with
 * coordinate arrays, manifest and completion marker last), so the result verifies, opens with
 * `openDataset` (checked) and with zarr-python/xarray exactly like a generated dataset. Used for
 * prediction stores (`pdes predict --out <dir>`); also the small general API for other writers.
 *
 * Arrays are channels-last `[n, ...grid.shape, C]`, C order. `extras` are further arrays shaped
 * like `outputs` (same channels), e.g. a prediction's variance.
 */
import { InvalidArgumentError, ShapeMismatchError, requireAllFinite, requireInteger, type Grid } from "../core/index.js";
import { produceChunk } from "./chunk-producer.js";
import { defaultChunkSamples, type DatasetSpec } from "./layout.js";
import { finalizeStore } from "./manifest.js";
import type { ParamValues, ResolvedProblem } from "./problem.js";
import { openOrCreateStore, staticFiles } from "./store-create.js";
import type { StoreCompressor, StoreDType, ZarrFormat } from "./zarr-meta.js";

export interface StoreArray {
  /** `[n, ...grid.shape, channels.length]` values, C order. */
  readonly data: ArrayLike<number>;
  readonly channels: readonly string[];
}

export interface WriteStoreOptions {
  readonly out: string;
  readonly grid: Grid;
  readonly inputs: StoreArray;
  readonly outputs: StoreArray;
  /** Further arrays shaped like `outputs`, by name (not "inputs", "outputs" or an axis name). */
  readonly extras?: Readonly<Record<string, ArrayLike<number>>>;
  /** Recorded as the store's writer (`generator` in the spec), e.g. "pdes predict 1". */
  readonly generator: string;
  /** Problem name recorded in the attributes (default "unspecified"). */
  readonly problem?: string;
  readonly params?: ParamValues;
  /** Extra root attributes (provenance); they may override the default `title`. */
  readonly attrs?: Readonly<Record<string, unknown>>;
  /** Default float64: the values are stored as given. */
  readonly dtype?: StoreDType;
  readonly chunkSamples?: number;
  readonly zarrFormat?: ZarrFormat;
  readonly compressor?: StoreCompressor;
  readonly fsync?: boolean;
  readonly created?: Date;
}

const RESERVED = new Set(["inputs", "outputs", "x", "y", "z"]);

/** Validate everything, then write the store; nothing is written when a check fails. */
export async function writeStore(o: WriteStoreOptions): Promise<{ out: string; spec: DatasetSpec }> {
  if (typeof o.out !== "string" || o.out === "") throw new InvalidArgumentError("out", o.out, "must be a path");
  if (typeof o.generator !== "string" || o.generator === "") throw new InvalidArgumentError("generator", o.generator, "must name the writer");
  const pts = o.grid.shape.reduce((a, b) => a * b, 1);
  const cIn = o.inputs.channels.length;
  const cOut = o.outputs.channels.length;
  if (cIn < 1 || cOut < 1) throw new InvalidArgumentError(cIn < 1 ? "inputs.channels" : "outputs.channels", cIn < 1 ? o.inputs.channels : o.outputs.channels, "must name at least one channel");
  const inPer = pts * cIn;
  const outPer = pts * cOut;
  const n = o.inputs.data.length / inPer;
  if (!Number.isInteger(n) || n < 1)
    throw new ShapeMismatchError("inputs.data", o.inputs.data.length, `a positive multiple of ${inPer} ([n, ${[...o.grid.shape, cIn].join(", ")}])`);
  if (o.outputs.data.length !== n * outPer) throw new ShapeMismatchError("outputs.data", o.outputs.data.length, `${n * outPer} ([${[n, ...o.grid.shape, cOut].join(", ")}])`);
  const extraNames = Object.keys(o.extras ?? {}).sort();
  for (const name of extraNames) {
    if (!/^[a-z][a-z0-9_]*$/.test(name) || RESERVED.has(name)) throw new InvalidArgumentError("extras", name, "must be a lowercase array name other than inputs, outputs, x, y, z");
    const d = o.extras![name]!;
    if (d.length !== n * outPer) throw new ShapeMismatchError(`extras.${name}`, d.length, `${n * outPer} (shaped like outputs)`);
    requireAllFinite(`extras.${name}`, d);
  }
  requireAllFinite("inputs.data", o.inputs.data);
  requireAllFinite("outputs.data", o.outputs.data);
  const dtype = o.dtype ?? "float64";
  if (dtype !== "float32" && dtype !== "float64") throw new InvalidArgumentError("dtype", dtype, "must be float32 or float64");
  const zarrFormat = o.zarrFormat ?? 2;
  if (zarrFormat !== 2 && zarrFormat !== 3) throw new InvalidArgumentError("zarrFormat", zarrFormat, "must be 2 or 3");
  const compressor = o.compressor ?? "none";
  if (compressor !== "none" && compressor !== "zlib") throw new InvalidArgumentError("compressor", compressor, "must be none or zlib");
  const cs = requireInteger("chunkSamples", o.chunkSamples ?? defaultChunkSamples(n, o.grid, cIn, cOut, dtype), 1);
  const name = o.problem ?? "unspecified";
  const copy = (src: ArrayLike<number>, per: number, i: number, dst: Float64Array) => {
    for (let k = 0; k < per; k++) dst[k] = src[i * per + k]!;
  };
  const problem: ResolvedProblem = {
    name,
    params: o.params ?? {},
    grid: o.grid,
    inputChannels: o.inputs.channels,
    outputChannels: o.outputs.channels,
    provenance: { title: `${name} (${n} samples, written by ${o.generator})`, ...(o.attrs ?? {}) },
    ...(extraNames.length ? { extraOutputs: extraNames } : {}),
    sample(_seed, i, input, output, extras) {
      copy(o.inputs.data, inPer, i, input);
      copy(o.outputs.data, outPer, i, output);
      extraNames.forEach((e, k) => copy(o.extras![e]!, outPer, i, extras![k]!));
    },
  };
  const spec: DatasetSpec = {
    generator: o.generator,
    problem: name,
    params: problem.params,
    n,
    seed: 0,
    chunkSamples: Math.min(cs, n),
    dtype,
    zarrFormat,
    compressor,
    ...(extraNames.length ? { extras: extraNames } : {}),
  };
  const created = (o.created ?? new Date()).toISOString();
  const { layout, record } = await openOrCreateStore(o.out, spec, problem, created);
  for (let c = 0; c < layout.nChunks; c++) await produceChunk(o.out, layout, problem, c, undefined, o.fsync ?? true);
  await finalizeStore(o.out, layout, staticFiles(record, problem));
  return { out: o.out, spec: record.spec };
}
