/**
 * Reading stores this toolkit did not write (e.g. made with zarr-python or xarray), through
 * zarrita, which handles both zarr versions and the common codecs. Such stores carry no
 * manifest, so their chunks cannot be checked against checksums; what can be checked is
 * (docs/safety.md §Foreign stores):
 *
 * - a store that says it is ours (a `.pdes/` folder, or pde-surrogates attributes) but has lost
 *   `.pdes/spec.json` is refused: it must never be read unchecked;
 * - a missing chunk is an error naming it, unless the array's metadata documents a fill value
 *   (non-null `fill_value`: zarr then defines a missing chunk as all fill);
 * - a chunk of the wrong length is an error naming it: uncompressed chunks must hold exactly
 *   the chunk's bytes, blosc chunks must be as long as their header says and decode to the
 *   chunk's bytes; zlib/gzip/zstd streams fail to decode when cut.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import * as zarr from "zarrita";
import { DatasetFormatError } from "../core/index.js";

/** What the chunk checks need from an array's metadata. */
interface ChunkRule {
  /** Bytes of one decoded chunk. */
  decodedBytes: number;
  /** "raw": stored bytes are the chunk; "blosc": a blosc frame; "other": a stream we cannot measure. */
  codec: "raw" | "blosc" | "other";
  fillDocumented: boolean;
}

const ITEM_SIZES: Record<string, number> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, float16: 2, int32: 4, uint32: 4, float32: 4, int64: 8, uint64: 8, float64: 8, complex64: 8, complex128: 16,
};

function itemSize(dtype: unknown): number | undefined {
  if (typeof dtype !== "string") return undefined;
  const v2 = /^[<>|=]?[biufc](\d+)$/.exec(dtype);
  if (v2) return Number(v2[1]);
  return ITEM_SIZES[dtype];
}

const product = (a: readonly number[]): number => a.reduce((x, y) => x * y, 1);

/** The chunk rule of an array from its .zarray (v2) or zarr.json (v3) document. */
function ruleFrom(meta: Record<string, unknown>): ChunkRule | undefined {
  if (meta.zarr_format === 2) {
    const size = itemSize(meta.dtype);
    const chunks = meta.chunks as number[] | undefined;
    if (size === undefined || !Array.isArray(chunks)) return undefined;
    const comp = meta.compressor as { id?: string } | null | undefined;
    const filters = meta.filters as unknown[] | null | undefined;
    const codec = filters && filters.length > 0 ? "other" : comp === null || comp === undefined ? "raw" : comp.id === "blosc" ? "blosc" : "other";
    return { decodedBytes: product(chunks) * size, codec, fillDocumented: meta.fill_value !== null && meta.fill_value !== undefined };
  }
  if (meta.zarr_format === 3 && meta.node_type === "array") {
    const size = itemSize(meta.data_type);
    const grid = meta.chunk_grid as { name?: string; configuration?: { chunk_shape?: number[] } } | undefined;
    const shape = grid?.configuration?.chunk_shape;
    if (size === undefined || grid?.name !== "regular" || !Array.isArray(shape)) return undefined;
    const names = ((meta.codecs as Array<{ name?: string }> | undefined) ?? []).map((c) => c.name);
    // Sharded arrays hold many chunks per file: their inner index is zarrita's to check.
    if (names.includes("sharding_indexed")) return undefined;
    const bytesToBytes = names.filter((n) => n !== "bytes" && n !== "transpose");
    const codec = bytesToBytes.length === 0 ? "raw" : bytesToBytes.length === 1 && bytesToBytes[0] === "blosc" ? "blosc" : "other";
    return { decodedBytes: product(shape) * size, codec, fillDocumented: meta.fill_value !== null && meta.fill_value !== undefined };
  }
  return undefined;
}

const META_FILES = new Set([".zarray", ".zattrs", ".zgroup", ".zmetadata", "zarr.json"]);

/** The problem with a stored chunk under `rule`, or undefined if it is fine. */
function chunkProblem(bytes: Uint8Array, rule: ChunkRule): string | undefined {
  if (rule.codec === "raw" && bytes.length !== rule.decodedBytes) return `has ${bytes.length} bytes, expected ${rule.decodedBytes}`;
  if (rule.codec === "blosc") {
    if (bytes.length < 16) return `has ${bytes.length} bytes, shorter than a blosc header`;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const nbytes = view.getUint32(4, true);
    const cbytes = view.getUint32(12, true);
    if (cbytes !== bytes.length) return `has ${bytes.length} bytes, its blosc header says ${cbytes}`;
    if (nbytes !== rule.decodedBytes) return `decodes to ${nbytes} bytes, expected ${rule.decodedBytes}`;
  }
  return undefined;
}

/**
 * A read-only zarrita store over a directory that checks every chunk it hands out against its
 * array's metadata (which zarrita always reads first).
 */
function checkedDirStore(root: string): zarr.Readable {
  const rules = new Map<string, ChunkRule | undefined>();
  return {
    async get(key: `/${string}`): Promise<Uint8Array | undefined> {
      const rel = key.replace(/^\//, "");
      const slash = rel.lastIndexOf("/");
      const dir = slash < 0 ? "" : rel.slice(0, slash);
      const name = rel.slice(slash + 1);
      let bytes: Uint8Array | undefined;
      try {
        bytes = new Uint8Array(await readFile(join(root, rel)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new DatasetFormatError(`${rel} is unreadable (${(e as Error).message})`, root, { cause: e });
      }
      if (META_FILES.has(name)) {
        if (bytes !== undefined && (name === ".zarray" || name === "zarr.json")) {
          try {
            rules.set(dir, ruleFrom(JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>));
          } catch {
            rules.set(dir, undefined); // zarrita reports malformed metadata itself
          }
        }
        return bytes;
      }
      // A chunk key: v2 "<array>/<i>.<j>..." (or "/"-separated), v3 "<array>/c/<i>/<j>...".
      const arrayDir = [...rules.keys()].filter((d) => d !== "" && (rel === d || rel.startsWith(d + "/"))).sort((a, b) => b.length - a.length)[0];
      const rule = arrayDir === undefined ? undefined : rules.get(arrayDir);
      if (rule === undefined) return bytes;
      if (bytes === undefined) {
        if (rule.fillDocumented) return undefined;
        throw new DatasetFormatError(`chunk ${rel} is missing (and the array documents no fill value)`, root);
      }
      const problem = chunkProblem(bytes, rule);
      if (problem !== undefined) throw new DatasetFormatError(`chunk ${rel} ${problem} (truncated or corrupt)`, root);
      return bytes;
    },
  };
}

export interface ForeignArray {
  readonly shape: readonly number[];
  readonly chunks: readonly number[];
  readonly dtype: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Samples [start, end) along axis 0 as Float64 (C order). */
  read(start: number, end: number): Promise<Float64Array>;
}

export interface ForeignStore {
  readonly zarrFormat: 2 | 3;
  readonly attrs: Readonly<Record<string, unknown>>;
  array(name: string): Promise<ForeignArray>;
}

/** Does a store without `.pdes/spec.json` still say it was written by pde-surrogates? */
async function saysItIsOurs(path: string, attrs: Record<string, unknown>): Promise<string | undefined> {
  const pdes = await stat(join(path, ".pdes")).catch(() => undefined);
  if (pdes !== undefined) return "it has a .pdes folder";
  if (typeof attrs.pdes === "object" && attrs.pdes !== null) return "its attributes carry a pde-surrogates spec";
  return undefined;
}

export async function openForeignStore(path: string): Promise<ForeignStore> {
  const store = checkedDirStore(path);
  const root = zarr.root(store);
  let group: zarr.Group<zarr.Readable>;
  try {
    group = await zarr.open(root, { kind: "group" });
  } catch (e) {
    throw new DatasetFormatError(`not a zarr group (${(e as Error).message})`, path, { cause: e });
  }
  const attrs = group.attrs as Record<string, unknown>;
  const ours = await saysItIsOurs(path, attrs);
  if (ours !== undefined)
    throw new DatasetFormatError(`.pdes/spec.json is missing, but ${ours}: a pde-surrogates store is never read unchecked (restore the file, or regenerate the store)`, path);
  const zarrFormat = (await readFile(join(path, "zarr.json")).catch(() => undefined)) !== undefined ? 3 : 2;
  return {
    zarrFormat,
    attrs,
    async array(name: string): Promise<ForeignArray> {
      let arr: zarr.Array<zarr.DataType, zarr.Readable>;
      try {
        arr = await zarr.open(root.resolve(name), { kind: "array" });
      } catch (e) {
        throw new DatasetFormatError(`has no array ${JSON.stringify(name)} (${(e as Error).message})`, path, { cause: e });
      }
      const a = arr;
      return {
        shape: a.shape,
        chunks: a.chunks,
        dtype: String(a.dtype),
        attrs: (a.attrs ?? {}) as Record<string, unknown>,
        async read(start: number, end: number): Promise<Float64Array> {
          const sel = [zarr.slice(start, end), ...a.shape.slice(1).map(() => null)];
          let chunk;
          try {
            chunk = await zarr.get(a, sel);
          } catch (e) {
            if (e instanceof DatasetFormatError) throw e;
            throw new DatasetFormatError(`array ${name}, samples ${start}..${end - 1}: a chunk does not decode (${(e as Error).message})`, path, { cause: e });
          }
          const data = chunk.data as ArrayLike<number>;
          if (typeof (data as { length?: unknown }).length !== "number")
            throw new DatasetFormatError(`array ${name} has a non-numeric data type ${String(a.dtype)}`, path);
          return Float64Array.from(data);
        },
      };
    },
  };
}
