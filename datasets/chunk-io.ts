/**
 * Chunk bytes and their checksum records. A chunk is the raw little-endian C-order bytes of
 * `chunkSamples` samples (the last chunk padded with zeros to full shape, as zarr requires);
 * its record {key, bytes, sha256} is what the manifest lists and what readers check.
 */
import { createHash } from "node:crypto";
import { deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { readFile } from "node:fs/promises";
import { endianness } from "node:os";
import { join } from "node:path";
import type { StoreCompressor, StoreDType, ZarrFormat } from "./zarr-meta.js";

/** Compress raw chunk bytes as the store's codec says (zlib stream for v2, gzip for v3). */
export function compressChunk(raw: Uint8Array, compressor: StoreCompressor, format: ZarrFormat): Uint8Array {
  if (compressor === "none") return raw;
  return format === 2 ? deflateSync(raw, { level: 1 }) : gzipSync(raw, { level: 1 });
}

/** Undo compressChunk; throws on a malformed stream. */
export function decompressChunk(stored: Uint8Array, compressor: StoreCompressor, format: ZarrFormat): Uint8Array {
  if (compressor === "none") return stored;
  return format === 2 ? inflateSync(stored) : gunzipSync(stored);
}

export interface ChunkRecord {
  readonly key: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Checksum records of sample-chunk `index` (written to `.pdes/chunks/<index>.json`). */
export interface ChunkSetRecord {
  readonly index: number;
  readonly inputs: ChunkRecord;
  readonly outputs: ChunkRecord;
}

if (endianness() !== "LE") throw new Error("pde-surrogates stores are written on little-endian hosts only");

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Encode `values` (Float64) as a chunk of `chunkElems` elements of `dtype`, zero-padded. */
export function encodeChunk(values: Float64Array, dtype: StoreDType, chunkElems: number): Uint8Array {
  const arr = dtype === "float32" ? new Float32Array(chunkElems) : new Float64Array(chunkElems);
  arr.set(values.length > chunkElems ? values.subarray(0, chunkElems) : values);
  return new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
}

/** Decode raw chunk bytes to a typed array view (copying only when misaligned). */
export function decodeChunk(bytes: Uint8Array, dtype: StoreDType): Float32Array | Float64Array {
  const size = dtype === "float32" ? 4 : 8;
  const buf = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  return dtype === "float32"
    ? new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4)
    : new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
}

/**
 * Read a chunk and check it against its record. Returns the bytes, or a reason string
 * ("missing", "has 12 bytes, expected 4096", "checksum mismatch") when it is not good.
 */
export async function readCheckedChunk(root: string, rec: ChunkRecord): Promise<Uint8Array | string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(root, rec.key));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : `unreadable (${(e as Error).message})`;
  }
  if (bytes.length !== rec.bytes) return `has ${bytes.length} bytes, expected ${rec.bytes}`;
  if (sha256(bytes) !== rec.sha256) return "checksum mismatch (corrupt data)";
  return bytes;
}

export function isChunkSetRecord(x: unknown): x is ChunkSetRecord {
  const r = x as ChunkSetRecord;
  const ok = (c: ChunkRecord | undefined): boolean =>
    !!c && typeof c.key === "string" && Number.isInteger(c.bytes) && typeof c.sha256 === "string";
  return typeof x === "object" && x !== null && Number.isInteger(r.index) && ok(r.inputs) && ok(r.outputs);
}
