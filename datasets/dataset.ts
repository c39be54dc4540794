/**
 * Opening a dataset store for reading. Our own stores are read chunk by chunk straight from
 * disk and every chunk is checked against the manifest (length and sha256) before use, so a
 * truncated, extended, corrupt or missing chunk is an error naming it — never silent zeros.
 * Stores written by other tools (no manifest) are read through zarrita without checksums.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DatasetFormatError, InvalidArgumentError, makeGrid, type BoundaryCondition, type Grid, type PointLayout } from "../core/index.js";
import { decodeChunk, decompressChunk, readCheckedChunk } from "./chunk-io.js";
import { openForeignStore, type ForeignArray } from "./foreign-store.js";
import { groupAttrsPath, type StoreDType } from "./zarr-meta.js";
import { readManifest, type Manifest } from "./manifest.js";
import { readSpecRecord } from "./store-create.js";

export type ArrayName = "inputs" | "outputs";
export type ReadDType = "float32" | "float64";

export interface ArrayInfo {
  /** [N, ...spatial, C]. */
  readonly shape: readonly number[];
  readonly spatial: readonly number[];
  readonly channels: number;
  /** Samples per stored chunk. */
  readonly chunkSamples: number;
  readonly dtype: string;
}

export interface Dataset {
  readonly path: string;
  readonly zarrFormat: 2 | 3;
  /** Number of samples. */
  readonly n: number;
  /** Root group attributes (provenance). */
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly problem: string | undefined;
  /**
   * The stored grid from the attributes. A store that describes none (written by another tool)
   * gets unit lengths and periodic axes over its spatial shape, with `gridAssumed` set; training
   * and evaluation refuse such a store rather than guess its geometry.
   */
  readonly grid: Grid;
  readonly gridAssumed: boolean;
  readonly inputs: ArrayInfo;
  readonly outputs: ArrayInfo;
  /** Whether chunks are verified against a manifest on every read. */
  readonly checksummed: boolean;
  /** Samples [start, end) of an array, [end − start, ...spatial, C] in C order, as Float32 (default) or Float64. */
  read(array: ArrayName, start: number, end: number, as: "float64"): Promise<Float64Array>;
  read(array: ArrayName, start: number, end: number, as?: "float32"): Promise<Float32Array>;
  read(array: ArrayName, start: number, end: number, as?: ReadDType): Promise<Float32Array | Float64Array>;
  /** Further arrays shaped like `outputs` (e.g. a prediction store's "variance"), by name. */
  readonly extras: Readonly<Record<string, ArrayInfo>>;
  /** Samples [start, end) of one of `extras`, typed by dtype like `read`. */
  readExtra(name: string, start: number, end: number, as: "float64"): Promise<Float64Array>;
  readExtra(name: string, start: number, end: number, as?: "float32"): Promise<Float32Array>;
  readExtra(name: string, start: number, end: number, as?: ReadDType): Promise<Float32Array | Float64Array>;
}

interface Source {
  info: ArrayInfo;
  /** Decoded chunk c (full chunk shape, padded at the end). */
  chunk(c: number): Promise<Float32Array | Float64Array>;
}

function infoFrom(shape: readonly number[], chunks: readonly number[], dtype: string, name: string, path: string): ArrayInfo {
  if (shape.length < 2) throw new DatasetFormatError(`array ${name} has shape [${shape.join(", ")}]; expected [N, ...spatial, C]`, path);
  return { shape, spatial: shape.slice(1, -1), channels: shape[shape.length - 1]!, chunkSamples: chunks[0]!, dtype };
}

async function ownSource(path: string, m: Manifest, name: string, format: 2 | 3): Promise<Source> {
  const metaPath = format === 2 ? `${name}/.zarray` : `${name}/zarr.json`;
  let meta: { shape: number[]; chunks?: number[]; chunk_grid?: { configuration: { chunk_shape: number[] } } };
  try {
    meta = JSON.parse(await readFile(join(path, metaPath), "utf8"));
  } catch (e) {
    throw new DatasetFormatError(`${metaPath} is missing or malformed (${(e as Error).message})`, path);
  }
  const chunks = meta.chunks ?? meta.chunk_grid?.configuration.chunk_shape ?? [];
  const info = infoFrom(meta.shape, chunks, m.spec.dtype, name, path);
  const dtype: StoreDType = m.spec.dtype;
  let cached: { c: number; data: Float32Array | Float64Array } | undefined;
  return {
    info,
    async chunk(c) {
      if (cached?.c === c) return cached.data;
      const set = m.chunks[c];
      const rec = name === "inputs" ? set?.inputs : name === "outputs" ? set?.outputs : set?.extras?.[name];
      if (!rec) throw new DatasetFormatError(`manifest has no record for chunk ${c} of ${name}`, path);
      const bytes = await readCheckedChunk(path, rec);
      if (typeof bytes === "string") throw new DatasetFormatError(`chunk ${rec.key} ${bytes}`, path);
      let raw: Uint8Array;
      try {
        raw = decompressChunk(bytes, m.spec.compressor ?? "none", format);
      } catch (e) {
        throw new DatasetFormatError(`chunk ${rec.key} does not decompress (${(e as Error).message})`, path);
      }
      const want = chunks.reduce((a, b) => a * b, 1) * (dtype === "float32" ? 4 : 8);
      if (raw.length !== want) throw new DatasetFormatError(`chunk ${rec.key} decodes to ${raw.length} bytes, expected ${want}`, path);
      cached = { c, data: decodeChunk(raw, dtype) };
      return cached.data;
    },
  };
}

function foreignSource(arr: ForeignArray, name: string, path: string): Source {
  const info = infoFrom(arr.shape, arr.chunks, arr.dtype, name, path);
  const per = info.shape.slice(1).reduce((a, b) => a * b, 1);
  return {
    info,
    async chunk(c) {
      const s = c * info.chunkSamples;
      const e = Math.min(info.shape[0]!, s + info.chunkSamples);
      const out = new Float64Array(info.chunkSamples * per);
      out.set(await arr.read(s, e));
      return out;
    },
  };
}

/** The grid recorded in a store's attributes, if any. */
function gridFromAttrs(attrs: Record<string, unknown>): Grid | undefined {
  const g = attrs.grid as { shape?: number[]; lengths?: number[]; bc?: BoundaryCondition[]; layout?: PointLayout[] } | undefined;
  if (!g || !Array.isArray(g.shape)) return undefined;
  try {
    return makeGrid({ shape: g.shape, lengths: g.lengths ?? 1, bc: g.bc ?? "periodic", ...(g.layout ? { layout: g.layout } : {}) });
  } catch {
    return undefined;
  }
}

/**
 * Open a dataset store. Our stores must be complete (generation finished); their chunks are
 * checked on every read. Other zarr stores need arrays `inputs` and `outputs` shaped
 * [N, ...spatial, C].
 */
export async function openDataset(path: string): Promise<Dataset> {
  if (typeof path !== "string" || path === "") throw new InvalidArgumentError("path", path, "must be a store path");
  const record = await readSpecRecord(path);
  let sources: Record<ArrayName, Source>;
  const extras: Record<string, Source> = {};
  let attrs: Record<string, unknown>;
  let zarrFormat: 2 | 3;
  if (record) {
    const m = await readManifest(path);
    // Metadata and coordinate files are small: check them all up front, so shapes are trusted.
    for (const rec of m.files) {
      const r = await readCheckedChunk(path, rec);
      if (typeof r === "string") throw new DatasetFormatError(`metadata file ${rec.key} ${r}`, path);
    }
    zarrFormat = m.spec.zarrFormat;
    const attrPath = groupAttrsPath(zarrFormat);
    try {
      const doc = JSON.parse(await readFile(join(path, attrPath), "utf8")) as Record<string, unknown>;
      attrs = (zarrFormat === 2 ? doc : doc.attributes) as Record<string, unknown>;
    } catch (e) {
      throw new DatasetFormatError(`${attrPath} is missing or malformed (${(e as Error).message})`, path);
    }
    sources = { inputs: await ownSource(path, m, "inputs", zarrFormat), outputs: await ownSource(path, m, "outputs", zarrFormat) };
    for (const name of m.spec.extras ?? []) extras[name] = await ownSource(path, m, name, zarrFormat);
  } else {
    const fs = await openForeignStore(path);
    zarrFormat = fs.zarrFormat;
    attrs = { ...fs.attrs };
    sources = {
      inputs: foreignSource(await fs.array("inputs"), "inputs", path),
      outputs: foreignSource(await fs.array("outputs"), "outputs", path),
    };
  }
  const n = sources.inputs.info.shape[0]!;
  if (sources.outputs.info.shape[0] !== n)
    throw new DatasetFormatError(`inputs has ${n} samples but outputs has ${sources.outputs.info.shape[0]}`, path);
  const stored = gridFromAttrs(attrs);
  const spatial = sources.inputs.info.spatial;
  if (!stored && (spatial.length < 1 || spatial.length > 3))
    throw new DatasetFormatError(`inputs has shape [${sources.inputs.info.shape.join(", ")}]; expected [N, ...spatial, C] with 1 to 3 spatial axes`, path);
  const read = async (array: ArrayName, start: number, end: number, as: ReadDType = "float32"): Promise<Float32Array | Float64Array> => {
    const src = sources[array];
    if (!src) throw new InvalidArgumentError("array", array, 'must be "inputs" or "outputs"');
    return readRange(src, n, start, end, as);
  };
  const readExtra = async (name: string, start: number, end: number, as: ReadDType = "float32"): Promise<Float32Array | Float64Array> => {
    const src = extras[name];
    if (!src) throw new InvalidArgumentError("array", name, Object.keys(extras).length ? `must be one of ${Object.keys(extras).join(", ")}` : "names no array: this store has none besides inputs and outputs");
    return readRange(src, n, start, end, as);
  };
  return {
    path,
    zarrFormat,
    n,
    attrs,
    problem: typeof attrs.problem === "string" ? attrs.problem : undefined,
    grid: stored ?? makeGrid({ shape: spatial, lengths: 1, bc: "periodic" }),
    gridAssumed: stored === undefined,
    inputs: sources.inputs.info,
    outputs: sources.outputs.info,
    checksummed: record !== undefined,
    // One implementation behind the dtype overloads.
    read: read as Dataset["read"],
    extras: Object.fromEntries(Object.entries(extras).map(([k, v]) => [k, v.info])),
    readExtra: readExtra as Dataset["readExtra"],
  };
}

/** Samples [start, end) of one array, chunk by chunk. */
async function readRange(src: Source, n: number, start: number, end: number, as: ReadDType): Promise<Float32Array | Float64Array> {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start > end)
    throw new InvalidArgumentError("range", [start, end], `must satisfy 0 <= start <= end <= ${n}`);
  const per = src.info.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = as === "float64" ? new Float64Array((end - start) * per) : new Float32Array((end - start) * per);
  const cs = src.info.chunkSamples;
  for (let i = start; i < end; ) {
    const c = Math.floor(i / cs);
    const stop = Math.min(end, (c + 1) * cs);
    const data = await src.chunk(c);
    out.set(data.subarray((i - c * cs) * per, (stop - c * cs) * per), (i - start) * per);
    i = stop;
  }
  return out;
}
