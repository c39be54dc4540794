/**
 * Create a dataset store, or re-open a partial one for resuming. The first thing written is
 * `.pdes/spec.json` (exclusively: concurrent shards agree on one record, hence one creation
 * time); every other metadata file is derived from it, so all writers produce the same bytes.
 * A path that exists but is not one of our stores, or a store made with different parameters,
 * is refused before anything is written.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DatasetFormatError, InvalidArgumentError } from "../core/index.js";
import { createFileExclusive, writeFileAtomic } from "./atomic-write.js";
import { encodeChunk } from "./chunk-io.js";
import { coordKey, coordValues, makeLayout, rootAttrs, SPEC_PATH, type DatasetSpec, type Layout, type SpecRecord } from "./layout.js";
import type { ResolvedProblem } from "./problem.js";
import { metadataFiles } from "./zarr-meta.js";

/** Store-relative path → bytes of every metadata and coordinate file of a store. */
export function staticFiles(record: SpecRecord, problem: ResolvedProblem): Map<string, Uint8Array> {
  const layout = makeLayout(record.spec, problem);
  const files = new Map<string, Uint8Array>();
  const enc = new TextEncoder();
  const meta = metadataFiles(record.spec.zarrFormat, rootAttrs(record, problem), [layout.inputs, layout.outputs, ...layout.extras, ...layout.coords]);
  for (const [p, text] of meta) files.set(p, enc.encode(text));
  layout.coords.forEach((a, axis) => {
    const v = coordValues(problem, axis);
    files.set(coordKey(layout, a), encodeChunk(v, "float64", v.length));
  });
  return files;
}

/** Read `.pdes/spec.json` of `root`, or undefined if it has none. */
export async function readSpecRecord(root: string): Promise<SpecRecord | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, SPEC_PATH), "utf8");
  } catch {
    return undefined;
  }
  try {
    const r = JSON.parse(text) as SpecRecord;
    if (typeof r.created !== "string" || typeof r.spec !== "object") throw new Error("missing fields");
    return r;
  } catch (e) {
    throw new DatasetFormatError(`${SPEC_PATH} is malformed: ${(e as Error).message}`, root);
  }
}

/** Is `out` usable as a new store (absent or an empty directory)? Throws if it is something else. */
async function checkTarget(out: string): Promise<"new" | "ours"> {
  let st;
  try {
    st = await stat(out);
  } catch {
    return "new";
  }
  if (!st.isDirectory()) throw new InvalidArgumentError("out", out, "must be a new path or an existing dataset store (it is a file)");
  if ((await readSpecRecord(out)) !== undefined) return "ours";
  const entries = await readdir(out);
  if (entries.length === 0) return "new";
  throw new InvalidArgumentError("out", out, "must be a new path or an existing dataset store (it is a non-empty directory without .pdes/spec.json)");
}

/** Refuse to touch `out` unless it is new, empty, or a store with the same spec. Writes nothing. */
export async function checkStoreTarget(out: string, spec: DatasetSpec): Promise<void> {
  if ((await checkTarget(out)) === "ours") compareSpecs(out, (await readSpecRecord(out))!.spec, spec);
}

function compareSpecs(out: string, have: DatasetSpec, want: DatasetSpec): void {
  const a = JSON.stringify(have);
  const b = JSON.stringify(want);
  if (a === b) return;
  const keys = Object.keys(want) as (keyof DatasetSpec)[];
  const diff = keys.find((k) => JSON.stringify(have[k]) !== JSON.stringify(want[k]));
  const what = diff === undefined ? "spec" : `${diff}: ${JSON.stringify(have[diff])} there, ${JSON.stringify(want[diff])} requested`;
  throw new InvalidArgumentError("out", out, `is a store made with different parameters (${what}); use a new path`);
}

/**
 * Make sure the store's spec and metadata exist and agree with `spec`; returns the layout and
 * the spec record in force. `created` is used only when the store is new.
 */
export async function openOrCreateStore(
  out: string,
  spec: DatasetSpec,
  problem: ResolvedProblem,
  created: string,
): Promise<{ layout: Layout; record: SpecRecord }> {
  await checkStoreTarget(out, spec);
  const mine: SpecRecord = { spec, created };
  await createFileExclusive(join(out, SPEC_PATH), JSON.stringify(mine, null, 2) + "\n");
  const record = (await readSpecRecord(out))!;
  compareSpecs(out, record.spec, spec);
  // (Re)write metadata files that are missing or differ (e.g. a crash in the middle of this loop).
  for (const [p, bytes] of staticFiles(record, problem)) {
    const path = join(out, p);
    const have = await readFile(path).catch(() => undefined);
    if (have === undefined || !Buffer.from(bytes).equals(have)) await writeFileAtomic(path, bytes);
  }
  return { layout: makeLayout(record.spec, problem), record };
}
