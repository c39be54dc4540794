/**
 * Checkpoint files: one self-checking binary file per checkpoint.
 *
 *   "PDESCKPT" | u32 version | u32 header bytes | header JSON (padded to 4 bytes)
 *   | float32 arrays, in header order | SHA-256 of everything before
 *
 * Written atomically (datasets' writeFileAtomic: temp + fsync + rename) as `ckpt-<step>.bin`; the newest `KEEP` are kept. A
 * truncated or corrupt file fails its checksum; `loadLatestCheckpoint` then falls back to the
 * previous one and reports a warning.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { DatasetFormatError } from "../../core/index.js";
import { removeStaleTemps, writeFileAtomic } from "../../datasets/index.js";

const MAGIC = "PDESCKPT";
const VERSION = 1;
/** The newest checkpoint and the previous one. */
export const KEEP = 2;

export interface CheckpointFile<M> {
  meta: M;
  arrays: Record<string, Float32Array>;
  file: string;
}

export function checkpointPath(dir: string, step: number): string {
  return path.join(dir, `ckpt-${String(step).padStart(10, "0")}.bin`);
}

export function encodeCheckpoint(meta: unknown, arrays: Record<string, Float32Array>): Uint8Array {
  const names = Object.keys(arrays);
  const header = Buffer.from(JSON.stringify({ meta, arrays: names.map((n) => ({ name: n, length: arrays[n]!.length })) }), "utf8");
  const pad = (4 - (header.length % 4)) % 4;
  const payloadBytes = names.reduce((s, n) => s + 4 * arrays[n]!.length, 0);
  const total = 16 + header.length + pad + payloadBytes + 32;
  const buf = Buffer.alloc(total);
  buf.write(MAGIC, 0, "latin1");
  buf.writeUInt32LE(VERSION, 8);
  buf.writeUInt32LE(header.length + pad, 12);
  header.copy(buf, 16);
  buf.fill(0x20, 16 + header.length, 16 + header.length + pad); // spaces keep the JSON valid
  let off = 16 + header.length + pad;
  for (const n of names) {
    const a = arrays[n]!;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(buf, off);
    off += a.byteLength;
  }
  createHash("sha256").update(buf.subarray(0, off)).digest().copy(buf, off);
  return buf;
}

export function decodeCheckpoint<M>(buf: Uint8Array, file: string): CheckpointFile<M> {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 48 || b.toString("latin1", 0, 8) !== MAGIC) throw new DatasetFormatError("not a checkpoint file (bad magic or too short)", file);
  const body = b.subarray(0, b.length - 32);
  if (!createHash("sha256").update(body).digest().equals(b.subarray(b.length - 32)))
    throw new DatasetFormatError("checksum mismatch (truncated or corrupt checkpoint)", file);
  const version = b.readUInt32LE(8);
  if (version !== VERSION) throw new DatasetFormatError(`unsupported checkpoint version ${version}`, file);
  const hlen = b.readUInt32LE(12);
  const header = JSON.parse(b.toString("utf8", 16, 16 + hlen)) as { meta: M; arrays: { name: string; length: number }[] };
  const arrays: Record<string, Float32Array> = {};
  let off = 16 + hlen;
  for (const { name, length } of header.arrays) {
    if (off + 4 * length > body.length) throw new DatasetFormatError(`array ${name} runs past the end`, file);
    // Copy into an aligned buffer: the slice of a Buffer need not be 4-byte aligned.
    const a = new Float32Array(length);
    new Uint8Array(a.buffer).set(b.subarray(off, off + 4 * length));
    arrays[name] = a;
    off += 4 * length;
  }
  return { meta: header.meta, arrays, file };
}

/** Atomically write checkpoint `step` into `dir` and delete all but the newest KEEP. */
export async function writeCheckpoint(dir: string, step: number, meta: unknown, arrays: Record<string, Float32Array>): Promise<string> {
  const file = checkpointPath(dir, step);
  await writeFileAtomic(file, encodeCheckpoint(meta, arrays));
  const all = listCheckpoints(dir);
  for (const old of all.slice(0, Math.max(0, all.length - KEEP))) fs.rmSync(old, { force: true });
  return file;
}

/** Checkpoint files in `dir`, oldest first. */
export function listCheckpoints(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^ckpt-\d{10}\.bin$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The newest checkpoint that passes its checksum, or null if there is none. Each one skipped is
 * reported through `warn` (e.g. a file truncated by a crash during a non-atomic copy).
 */
export async function loadLatestCheckpoint<M>(dir: string, warn: (msg: string) => void): Promise<CheckpointFile<M> | null> {
  // Only the run's own trainer writes here, so every temporary file is a dead writer's.
  await removeStaleTemps(dir, () => true);
  const files = listCheckpoints(dir).reverse();
  for (const f of files) {
    try {
      return decodeCheckpoint<M>(fs.readFileSync(f), f);
    } catch (e) {
      warn(`checkpoint ${path.basename(f)} is unreadable (${e instanceof Error ? e.message.split("\n")[0] : String(e)}); falling back to the previous one`);
      // Moved aside (kept for inspection) so later writes and retention never pick it up again.
      fs.renameSync(f, f + ".corrupt");
    }
  }
  return null;
}
