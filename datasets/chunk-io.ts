/**
 * Chunk bytes and their checksum records. A chunk is the raw little-endian C-order bytes of
 * `chunkSamples` samples (the last chunk padded with zeros to full shape, as zarr requires);
 * its record {key, bytes, sha256} is what the manifest lists and what readers check.
 */
import * as crypto from "node:crypto";
import { deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { open } from "node:fs/promises";
import { endianness } from "node:os";
import { join } from "node:path";
import { writeFileAtomic, type AtomicWriteOptions } from "./atomic-write.js";
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
  /** The stores with further arrays (spec.extras): their chunks, by array name. */
  readonly extras?: Readonly<Record<string, ChunkRecord>>;
}

/** Every chunk record of a sample-chunk: inputs, outputs, then the extras in name order. */
export function chunkSetFiles(r: ChunkSetRecord): ChunkRecord[] {
  return [r.inputs, r.outputs, ...Object.keys(r.extras ?? {}).sort().map((k) => r.extras![k]!)];
}

if (endianness() !== "LE") throw new Error("pde-surrogates stores are written on little-endian hosts only");

// One-shot crypto.hash (Node >= 20.12) skips the streaming Hash object; same digest.
const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array | string, enc: "hex") => string }).hash;

export function sha256(bytes: Uint8Array | string): string {
  return oneShot ? oneShot("sha256", bytes, "hex") : crypto.createHash("sha256").update(bytes).digest("hex");
}

/**
 * The same digest computed on libuv's thread pool (WebCrypto), leaving the main thread free:
 * with several chunks in flight, hashing uses more than one core and overlaps the file I/O.
 */
export async function sha256Async(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await crypto.webcrypto.subtle.digest("SHA-256", bytes)).toString("hex");
}

/** Encode `values` (Float64) as a chunk of `chunkElems` elements of `dtype`, zero-padded. */
export function encodeChunk(values: Float64Array, dtype: StoreDType, chunkElems: number): Uint8Array {
  const arr = dtype === "float32" ? new Float32Array(chunkElems) : new Float64Array(chunkElems);
  arr.set(values.length > chunkElems ? values.subarray(0, chunkElems) : values);
  return new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
}

/**
 * Write a chunk atomically under `root` and return its record. The write and the sha256 both
 * run on libuv's thread pool at once; the record is returned only once the file is in place.
 */
export async function writeChunkAtomic(root: string, key: string, bytes: Uint8Array, opts: AtomicWriteOptions = {}): Promise<ChunkRecord> {
  const [digest] = await Promise.all([sha256Async(bytes), writeFileAtomic(join(root, key), bytes, opts)]);
  return { key, bytes: bytes.length, sha256: digest };
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
 * The record gives the size, so the file is read with one positioned read of `bytes + 1`
 * (the extra byte detects a longer file) instead of readFile's fstat and 512 KiB pieces.
 */
export async function readCheckedChunk(root: string, rec: ChunkRecord): Promise<Uint8Array | string> {
  let bytes: Uint8Array;
  try {
    const fh = await open(join(root, rec.key), "r");
    try {
      const buf = Buffer.allocUnsafe(rec.bytes + 1);
      let got = 0;
      for (;;) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
        got += bytesRead;
        if (bytesRead === 0 || got === buf.length) break;
      }
      if (got !== rec.bytes) return `has ${got === buf.length ? (await fh.stat()).size : got} bytes, expected ${rec.bytes}`;
      bytes = buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : `unreadable (${(e as Error).message})`;
  }
  if ((await sha256Async(bytes)) !== rec.sha256) return "checksum mismatch (corrupt data)";
  return bytes;
}

/**
 * readCheckedChunk over many records, `concurrency` files in flight: reads and hashes run on
 * libuv's thread pool (4 threads by default), so they overlap and use more than one core. Each result is handed to
 * `onChunk` (with its index in `recs`) as it arrives and not kept, so memory stays bounded.
 */
export async function readCheckedChunks(
  root: string,
  recs: readonly ChunkRecord[],
  onChunk: (result: Uint8Array | string, index: number) => void,
  concurrency = 4,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < recs.length) {
      const i = next++;
      onChunk(await readCheckedChunk(root, recs[i]!), i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, recs.length)) }, lane));
}

export function isChunkSetRecord(x: unknown): x is ChunkSetRecord {
  const r = x as ChunkSetRecord;
  const ok = (c: ChunkRecord | undefined): boolean =>
    !!c && typeof c.key === "string" && Number.isInteger(c.bytes) && typeof c.sha256 === "string";
  const extrasOk = r.extras === undefined || (typeof r.extras === "object" && r.extras !== null && Object.values(r.extras).every(ok));
  return typeof x === "object" && x !== null && Number.isInteger(r.index) && ok(r.inputs) && ok(r.outputs) && extrasOk;
}
