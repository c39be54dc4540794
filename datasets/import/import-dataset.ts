/**
 * importDataset: published data (torch .pt, numpy .npy/.npz, HDF5) into one of our checksummed
 * stores, with the grid (boundary conditions, point layout, lengths) and problem attributes
 * stated (docs/datasets.md §Importing). Everything is read, mapped and checked in memory before
 * the first byte is written; the store is then written exactly as a generated one (atomic
 * chunks, checksum records, manifest, completion marker last), so `pdes verify`, `pdes train`,
 * `pdes evaluate` and `pdes compare` treat it as any other store. Re-running the same import
 * verifies and completes the store; a different import onto it is refused.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import {
  BOUNDARY_CONDITIONS,
  InvalidArgumentError,
  requireAllFinite,
  requireInteger,
  type BoundaryCondition,
  type Grid,
  type PointLayout,
} from "../../core/index.js";
import { produceChunk } from "../chunk-producer.js";
import { defaultChunkSamples, type DatasetSpec } from "../layout.js";
import { finalizeStore } from "../manifest.js";
import type { ParamValues, ResolvedProblem } from "../problem.js";
import { openOrCreateStore, staticFiles } from "../store-create.js";
import type { StoreCompressor, StoreDType, ZarrFormat } from "../zarr-meta.js";
import { openArraySource, type ArraySource } from "./array-source.js";
import { mapSide, type FieldSpec, type MappedSide } from "./field-mapping.js";
import { inferGrid, type AxisGrid } from "./grid-inference.js";
import { rawToFloat64 } from "./raw-array.js";
import { SOURCES, detectSource, getSource, type SourcePreset } from "./sources.js";

/** Bumped when the bytes an import command produces change. */
export const IMPORTER_VERSION = "pde-surrogates import 1";

export interface ImportOptions {
  readonly files: readonly string[];
  readonly out: string;
  /** A known source's defaults ("auto": recognise it; "none": flags only). Default "auto". */
  readonly source?: string;
  readonly input?: readonly FieldSpec[];
  readonly output?: readonly FieldSpec[];
  /** Snapshots of fields with a t axis (negative counts from the end). */
  readonly inputTimes?: readonly number[];
  readonly outputTimes?: readonly number[];
  readonly bc?: BoundaryCondition | readonly BoundaryCondition[];
  readonly layout?: PointLayout | readonly PointLayout[];
  readonly lengths?: number | readonly number[];
  /** Coordinate arrays per spatial axis ("none" for none). */
  readonly coords?: readonly string[];
  /** Samples [start, end) of the files. */
  readonly samples?: { start: number; end?: number };
  readonly problem?: string;
  readonly inputChannels?: readonly string[];
  readonly outputChannels?: readonly string[];
  /** Default: float64 if any array read is float64 or a wide integer, else float32. */
  readonly dtype?: StoreDType;
  readonly zarrFormat?: ZarrFormat;
  readonly compressor?: StoreCompressor;
  readonly chunkSamples?: number;
  readonly fsync?: boolean;
  readonly created?: Date;
}

export interface ImportResult {
  readonly out: string;
  readonly source: string;
  readonly n: number;
  readonly grid: Grid;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputChannels: readonly string[];
  readonly outputChannels: readonly string[];
  readonly spec: DatasetSpec;
}

function perAxis<T>(name: string, v: T | readonly T[] | undefined, d: number): Array<T | undefined> {
  if (v === undefined) return new Array<T | undefined>(d).fill(undefined);
  if (Array.isArray(v)) {
    if (v.length !== d) throw new InvalidArgumentError(name, v, `must have one entry per spatial axis (${d})`);
    return [...(v as T[])];
  }
  return new Array<T>(d).fill(v as T);
}

function sha256File(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function names(side: MappedSide, given: readonly string[] | undefined, preset: readonly string[] | undefined, arg: string): string[] {
  const want = given ?? (preset && preset.length === side.channels.length ? preset : undefined);
  if (want && want.length !== side.channels.length) throw new InvalidArgumentError(arg, want, `must name ${side.channels.length} channels`);
  return [...(want ?? side.channels)];
}

interface Prepared {
  preset: SourcePreset | undefined;
  inputs: MappedSide;
  outputs: MappedSide;
  grid: Grid;
  axes: AxisGrid[];
  bc: BoundaryCondition[];
}

function prepare(o: ImportOptions, sources: ArraySource[]): Prepared {
  const sourceName = o.source ?? "auto";
  let preset: SourcePreset | undefined;
  if (sourceName === "auto") preset = detectSource(sources);
  else if (sourceName !== "none") {
    preset = getSource(sourceName);
    if (!preset) throw new InvalidArgumentError("source", sourceName, `must be auto, none or one of ${SOURCES.map((s) => s.name).join(", ")}`);
  }
  const input = o.input ?? preset?.input;
  const output = o.output ?? preset?.output;
  if (!input || !output)
    throw new InvalidArgumentError(o.input ? "output" : "input", undefined, `must be given: ${sources.map((s) => s.file).join(", ")} match no known source (${SOURCES.map((s) => s.name).join(", ")})`);
  const inputs = mapSide("input", sources, input, o.inputTimes ?? preset?.inputTimes ?? [0], o.samples);
  const outputs = mapSide("output", sources, output, o.outputTimes ?? preset?.outputTimes ?? [-1], o.samples);
  if (inputs.n !== outputs.n || inputs.spatial.join() !== outputs.spatial.join())
    throw new InvalidArgumentError("output", output.map((f) => f.name).join(","), `has ${outputs.n} samples on [${outputs.spatial.join(", ")}], the input ${inputs.n} on [${inputs.spatial.join(", ")}]`);
  requireAllFinite(`input (${input.map((f) => f.name).join(", ")})`, inputs.data);
  requireAllFinite(`output (${output.map((f) => f.name).join(", ")})`, outputs.data);
  const d = inputs.spatial.length;
  const bcs = perAxis("bc", o.bc ?? preset?.bc, d).map((b, a) => {
    if (b === undefined) throw new InvalidArgumentError("bc", undefined, `must be given for axis ${a} (no known source sets it)`);
    if (!BOUNDARY_CONDITIONS.includes(b)) throw new InvalidArgumentError(`bc[${a}]`, b, `must be one of ${BOUNDARY_CONDITIONS.join(", ")}`);
    return b;
  });
  const layouts = perAxis("layout", o.layout ?? preset?.layout, d);
  const lengths = perAxis("lengths", o.lengths, d);
  const coordNames = o.coords ?? preset?.coords ?? [];
  if (coordNames.length > 0 && coordNames[0] !== "none" && coordNames.length !== d)
    throw new InvalidArgumentError("coords", coordNames, `must name one coordinate array per spatial axis (${d})`);
  const coords = coordNames[0] === "none" ? [] : coordNames.map((name) => {
    const src = sources.find((s) => s.names().includes(name));
    if (!src) return undefined;
    // A per-sample coordinate array ("*/grid/x") is read for the first sample.
    const raw = src.read(name, name.startsWith("*/") ? [0] : []);
    return { values: rawToFloat64(raw), name, file: src.file };
  });
  const { grid, axes } = inferGrid(
    inputs.spatial.map((n, a) => ({
      n,
      bc: bcs[a]!,
      ...(layouts[a] ? { layout: layouts[a] } : {}),
      ...(lengths[a] !== undefined ? { length: lengths[a] } : {}),
      ...(coords[a] ? { coords: coords[a] } : {}),
    })),
  );
  return { preset, inputs, outputs, grid, axes, bc: bcs };
}

export async function importDataset(o: ImportOptions): Promise<ImportResult> {
  if (!Array.isArray(o.files) || o.files.length === 0) throw new InvalidArgumentError("files", o.files, "must list at least one file");
  if (typeof o.out !== "string" || o.out === "") throw new InvalidArgumentError("out", o.out, "must be a path");
  const sources: ArraySource[] = [];
  let p: Prepared;
  try {
    for (const f of o.files) sources.push(await openArraySource(f));
    p = prepare(o, sources);
  } finally {
    for (const s of sources) s.close();
  }
  const { inputs, outputs, grid } = p;
  const inCh = names(inputs, o.inputChannels, p.preset?.inputChannels, "inputChannels");
  const outCh = names(outputs, o.outputChannels, p.preset?.outputChannels, "outputChannels");
  const wide = (t: string) => t === "float64" || t === "int32" || t === "int64";
  const dtype = o.dtype ?? ([...inputs.dtypes, ...outputs.dtypes].some(wide) ? "float64" : "float32");
  if (dtype !== "float32" && dtype !== "float64") throw new InvalidArgumentError("dtype", dtype, "must be float32 or float64");
  const n = inputs.n;
  const files = o.files.map((f) => ({ file: basename(f), sha256: sha256File(f) }));
  const mapping = (side: MappedSide) => side.arrays.map((a) => `${basename(a.file)}:${a.name} ${a.dtype}[${a.shape.join(",")}]`).join("; ");
  const params: ParamValues = {
    files: files.map((f) => `${f.file} sha256:${f.sha256}`).join("; "),
    input: mapping(inputs),
    output: mapping(outputs),
    input_channels: inCh.join(","),
    output_channels: outCh.join(","),
    samples: o.samples ? `${o.samples.start}:${o.samples.start + n}` : "all",
    grid: JSON.stringify({ bc: grid.bc, layout: grid.layout, lengths: grid.lengths }),
  };
  const problemName = o.problem ?? p.preset?.problem ?? "imported";
  const inPer = inputs.data.length / n;
  const outPer = outputs.data.length / n;
  const problem: ResolvedProblem = {
    name: problemName,
    params,
    grid,
    inputChannels: inCh,
    outputChannels: outCh,
    provenance: {
      ...(p.preset?.pde ? { pde: p.preset.pde } : {}),
      source: {
        importer: IMPORTER_VERSION,
        preset: p.preset?.name ?? null,
        files,
        input: inputs.arrays.map((a) => ({ file: basename(a.file), name: a.name, dtype: a.dtype, shape: a.shape })),
        output: outputs.arrays.map((a) => ({ file: basename(a.file), name: a.name, dtype: a.dtype, shape: a.shape })),
        samples: o.samples ? [o.samples.start, o.samples.start + n] : [0, n],
        grid_inference: p.axes.map((a) => a.how),
        origin: p.axes.map((a) => a.origin),
      },
    },
    sample(_seed, i, input, output) {
      input.set(inputs.data.subarray(i * inPer, (i + 1) * inPer));
      output.set(outputs.data.subarray(i * outPer, (i + 1) * outPer));
    },
  };
  const cs = requireInteger("chunkSamples", o.chunkSamples ?? defaultChunkSamples(n, grid, inCh.length, outCh.length, dtype), 1);
  const spec: DatasetSpec = {
    generator: IMPORTER_VERSION,
    problem: problemName,
    params,
    n,
    seed: 0,
    chunkSamples: Math.min(cs, n),
    dtype,
    zarrFormat: o.zarrFormat ?? 2,
    compressor: o.compressor ?? "none",
  };
  if (spec.zarrFormat !== 2 && spec.zarrFormat !== 3) throw new InvalidArgumentError("zarrFormat", spec.zarrFormat, "must be 2 or 3");
  if (spec.compressor !== "none" && spec.compressor !== "zlib") throw new InvalidArgumentError("compressor", spec.compressor, "must be none or zlib");
  const created = (o.created ?? creationTime()).toISOString();
  const { layout, record } = await openOrCreateStore(o.out, spec, problem, created);
  for (let c = 0; c < layout.nChunks; c++) await produceChunk(o.out, layout, problem, c, undefined, o.fsync ?? true);
  await finalizeStore(o.out, layout, staticFiles(record, problem));
  return {
    out: o.out,
    source: p.preset?.name ?? "none",
    n,
    grid,
    inputShape: [n, ...grid.shape, inCh.length],
    outputShape: [n, ...grid.shape, outCh.length],
    inputChannels: inCh,
    outputChannels: outCh,
    spec: record.spec,
  };
}

function creationTime(): Date {
  const sde = process.env.SOURCE_DATE_EPOCH;
  return sde !== undefined && /^\d+$/.test(sde) ? new Date(Number(sde) * 1000) : new Date();
}
