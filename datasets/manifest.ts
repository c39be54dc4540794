/**
 * The manifest (`.pdes/manifest.json`): checksums of every metadata, coordinate and data chunk
 * file of a complete store, and the completion marker (`.pdes/COMPLETE`, holding the
 * manifest's own sha256), which is written last. A store without the marker is partial.
 */
import { readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { DatasetFormatError } from "../core/index.js";
import { writeFileAtomic } from "./atomic-write.js";
import { isChunkSetRecord, sha256, type ChunkRecord, type ChunkSetRecord } from "./chunk-io.js";
import { chunkRecordPath, COMPLETE_PATH, MANIFEST_PATH, type DatasetSpec, type Layout } from "./layout.js";

export const MANIFEST_FORMAT = "pdes-manifest/1";

export interface Manifest {
  readonly format: string;
  readonly spec: DatasetSpec;
  /** Metadata and coordinate files, sorted by key. */
  readonly files: readonly ChunkRecord[];
  /** Data chunks, by sample-chunk index. */
  readonly chunks: readonly ChunkSetRecord[];
}

/** Read the checksum record of sample-chunk c, or undefined if absent or unreadable. */
export async function readChunkRecord(root: string, c: number): Promise<ChunkSetRecord | undefined> {
  try {
    const r = JSON.parse(await readFile(join(root, chunkRecordPath(c)), "utf8")) as unknown;
    return isChunkSetRecord(r) && r.index === c ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * If every chunk has its record, write the manifest and then the completion marker; returns
 * whether the store is now complete. Identical inputs give identical bytes, so concurrent
 * shards finishing together write the same files.
 */
export async function finalizeStore(root: string, layout: Layout, staticFiles: Map<string, Uint8Array>): Promise<boolean> {
  const chunks: ChunkSetRecord[] = [];
  for (let c = 0; c < layout.nChunks; c++) {
    const r = await readChunkRecord(root, c);
    if (!r) return false;
    chunks.push(r);
  }
  const files = [...staticFiles.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, bytes]): ChunkRecord => ({ key, bytes: bytes.length, sha256: sha256(bytes) }));
  const manifest: Manifest = { format: MANIFEST_FORMAT, spec: layout.spec, files, chunks };
  const text = JSON.stringify(manifest) + "\n";
  await writeFileAtomic(join(root, MANIFEST_PATH), text);
  await writeFileAtomic(join(root, COMPLETE_PATH), JSON.stringify({ manifest_sha256: sha256(text) }) + "\n");
  return true;
}

/** Mark a store partial again (before repairing a bad chunk of a complete store). */
export async function unmarkComplete(root: string): Promise<void> {
  await unlink(join(root, COMPLETE_PATH)).catch(() => undefined);
  await unlink(join(root, MANIFEST_PATH)).catch(() => undefined);
}

/** Is the completion marker present? */
export async function isMarkedComplete(root: string): Promise<boolean> {
  return readFile(join(root, COMPLETE_PATH)).then(
    () => true,
    () => false,
  );
}

/** Load the manifest of a complete store, checking it against the completion marker. */
export async function readManifest(root: string): Promise<Manifest> {
  let marker: string;
  try {
    marker = await readFile(join(root, COMPLETE_PATH), "utf8");
  } catch {
    throw new DatasetFormatError(
      `store is incomplete (no ${COMPLETE_PATH}: generation has not finished; re-run the same generate command to resume)`,
      root,
    );
  }
  let text: string;
  try {
    text = await readFile(join(root, MANIFEST_PATH), "utf8");
  } catch {
    throw new DatasetFormatError(`${MANIFEST_PATH} is missing`, root);
  }
  let want: string | undefined;
  try {
    want = (JSON.parse(marker) as { manifest_sha256?: string }).manifest_sha256;
  } catch {
    want = undefined;
  }
  if (want !== sha256(text)) throw new DatasetFormatError(`${MANIFEST_PATH} does not match the checksum in ${COMPLETE_PATH}`, root);
  const m = JSON.parse(text) as Manifest;
  if (m.format !== MANIFEST_FORMAT) throw new DatasetFormatError(`${MANIFEST_PATH} has unknown format ${JSON.stringify(m.format)}`, root);
  return m;
}
