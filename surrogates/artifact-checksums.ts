/**
 * Checksums of the artifacts a run reads back (docs/safety.md §Checksums): file records
 * {bytes, sha256} for binary and JSON files listed by another file (surrogate.json lists
 * model.json, weights.bin and normalizer.json), and "sealed" JSON documents that carry the
 * sha256 of their own content (surrogate.json, evaluation.json). A mismatch is a
 * DatasetFormatError naming the file, never a silent load.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { DatasetFormatError } from "../core/index.js";

export interface FileRecord {
  bytes: number;
  sha256: string;
}

/** The key of a sealed document's own checksum. */
export const SEAL_KEY = "sha256";

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export function recordOf(data: Uint8Array | string): FileRecord {
  return { bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength, sha256: sha256Hex(data) };
}

/** Read `file` and check it against `rec`; returns its bytes. */
export function readVerified(file: string, rec: FileRecord | undefined): Buffer {
  if (rec === undefined || typeof rec.sha256 !== "string" || !Number.isInteger(rec.bytes)) throw new DatasetFormatError("has no checksum record", file);
  let b: Buffer;
  try {
    b = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetFormatError(code === "ENOENT" ? "is missing" : `is unreadable (${code ?? (e as Error).message})`, file, { cause: e });
  }
  if (b.length !== rec.bytes) throw new DatasetFormatError(`has ${b.length} bytes, expected ${rec.bytes} (truncated or replaced)`, file);
  if (sha256Hex(b) !== rec.sha256) throw new DatasetFormatError("checksum mismatch (corrupt or edited)", file);
  return b;
}

/** `doc` with the sha256 of its compact JSON added under SEAL_KEY (last). */
export function sealJson<T extends object>(doc: T): T & { [SEAL_KEY]: string } {
  const { [SEAL_KEY]: _drop, ...rest } = doc as Record<string, unknown>;
  return { ...(rest as T), [SEAL_KEY]: sha256Hex(JSON.stringify(rest)) };
}

/** Whether a parsed document carries a seal. */
export function isSealed(raw: unknown): boolean {
  return typeof raw === "object" && raw !== null && typeof (raw as Record<string, unknown>)[SEAL_KEY] === "string";
}

/**
 * Check the seal of a parsed document and return it without the seal. JSON.parse keeps key
 * order and numbers round-trip exactly, so re-serialising reproduces what was hashed whatever
 * the file's whitespace.
 */
export function unsealJson(raw: unknown, file: string): Record<string, unknown> {
  if (!isSealed(raw)) throw new DatasetFormatError(`has no checksum ("${SEAL_KEY}"): written by an older version or edited`, file);
  const { [SEAL_KEY]: seal, ...rest } = raw as Record<string, unknown>;
  if (sha256Hex(JSON.stringify(rest)) !== seal) throw new DatasetFormatError("checksum mismatch (corrupt or edited)", file);
  return rest;
}

/** Parse a JSON file, naming it on failure. */
export function readJsonFile(file: string, bytes?: Buffer): unknown {
  let text: string;
  try {
    text = (bytes ?? fs.readFileSync(file)).toString("utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetFormatError(code === "ENOENT" ? "is missing" : `is unreadable (${code ?? (e as Error).message})`, file, { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DatasetFormatError(`is not valid JSON (${(e as Error).message})`, file, { cause: e });
  }
}
