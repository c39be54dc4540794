/**
 * `verifyStore`: check a store end to end — spec, completion marker, manifest, every metadata
 * and coordinate file and every data chunk (length and sha256) — and report every problem
 * found, each naming the file. `storeInfo` summarises a store for `pdes info`.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DatasetFormatError, isPdesError } from "../core/index.js";
import { chunkSetFiles, readCheckedChunks } from "./chunk-io.js";
import { chunkRecordPath, GENERATOR_VERSION, makeLayout, type DatasetSpec } from "./layout.js";
import { PROBLEMS, getProblem } from "./problems/registry.js";
import { isMarkedComplete, readChunkRecord, readManifest } from "./manifest.js";
import { readSpecRecord } from "./store-create.js";

export interface VerifyReport {
  readonly path: string;
  readonly ok: boolean;
  readonly complete: boolean;
  /** Files checked and their total bytes. */
  readonly files: number;
  readonly bytes: number;
  /** One line per problem, each naming the file. */
  readonly problems: readonly string[];
}

export async function verifyStore(path: string): Promise<VerifyReport> {
  const record = await readSpecRecord(path);
  if (!record) throw new DatasetFormatError("is not a pde-surrogates dataset store (no .pdes/spec.json)", path);
  const problems: string[] = [];
  let files = 0;
  let bytes = 0;
  if (!(await isMarkedComplete(path))) {
    const n = Math.ceil(record.spec.n / record.spec.chunkSamples);
    let done = 0;
    for (let c = 0; c < n; c++) if (await readChunkRecord(path, c)) done++;
    problems.push(`incomplete: ${done} of ${n} chunks written (re-run the same generate command to resume)`);
    return { path, ok: false, complete: false, files, bytes, problems };
  }
  let m;
  try {
    m = await readManifest(path);
  } catch (e) {
    if (!isPdesError(e)) throw e;
    return { path, ok: false, complete: true, files, bytes, problems: [e.message] };
  }
  if (JSON.stringify(m.spec) !== JSON.stringify(record.spec)) problems.push("manifest spec differs from .pdes/spec.json");
  const expected = Math.ceil(record.spec.n / record.spec.chunkSamples);
  if (m.chunks.length !== expected) problems.push(`manifest lists ${m.chunks.length} chunks, expected ${expected}`);
  const recs = [...m.files, ...m.chunks.flatMap(chunkSetFiles)];
  const bad: string[] = new Array(recs.length);
  await readCheckedChunks(path, recs, (r, i) => {
    files++;
    if (typeof r === "string") bad[i] = `${recs[i]!.key} ${r}`;
    else bytes += r.length;
  });
  problems.push(...bad.filter((x) => x !== undefined)); // in record order, whatever order reads finished
  m.chunks.forEach((c, i) => {
    if (c.index !== i) problems.push(`${chunkRecordPath(i)}: manifest entry ${i} has index ${c.index}`);
  });
  return { path, ok: problems.length === 0, complete: true, files, bytes, problems };
}

export interface StoreInfo {
  readonly path: string;
  readonly spec: DatasetSpec;
  readonly created: string;
  readonly complete: boolean;
  readonly chunks: number;
  readonly inputsShape: readonly number[];
  readonly outputsShape: readonly number[];
  /** Bytes of data chunks on disk (all files under the store). */
  readonly diskBytes: number;
}

async function metadataShape(root: string, array: string, format: 2 | 3): Promise<number[]> {
  const p = join(root, array, format === 2 ? ".zarray" : "zarr.json");
  try {
    return (JSON.parse(await readFile(p, "utf8")) as { shape: number[] }).shape;
  } catch (e) {
    throw new DatasetFormatError(`${array} metadata is missing or malformed (${(e as Error).message})`, root);
  }
}

async function duBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await duBytes(p);
    else if (e.isFile()) total += (await stat(p)).size;
  }
  return total;
}

/** Summary of one of our stores, complete or partial (shapes from the recorded problem spec). */
export async function storeInfo(path: string): Promise<StoreInfo> {
  const record = await readSpecRecord(path);
  if (!record) throw new DatasetFormatError("is not a pde-surrogates dataset store (no .pdes/spec.json)", path);
  // Generated stores: shapes from the problem; imported ones and other writers' (writeStore):
  // from the metadata, since their problem name need not be a registered problem at its defaults.
  const shapes = record.spec.generator === GENERATOR_VERSION && PROBLEMS.has(record.spec.problem)
    ? (() => {
        const layout = makeLayout(record.spec, getProblem(record.spec.problem).resolve(record.spec.params));
        return { inputs: layout.inputs.shape, outputs: layout.outputs.shape };
      })()
    : { inputs: await metadataShape(path, "inputs", record.spec.zarrFormat), outputs: await metadataShape(path, "outputs", record.spec.zarrFormat) };
  return {
    path,
    spec: record.spec,
    created: record.created,
    complete: await isMarkedComplete(path),
    chunks: Math.ceil(record.spec.n / record.spec.chunkSamples),
    inputsShape: shapes.inputs,
    outputsShape: shapes.outputs,
    diskBytes: await duBytes(path),
  };
}
