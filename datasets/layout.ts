/**
 * The layout of a dataset store: which arrays it holds, how they are chunked along the sample
 * axis, the attributes that record the problem, and the paths of the bookkeeping files
 * (spec, per-chunk checksum records, manifest, completion marker) under `.pdes/`.
 */
import { axisLayout, gridLayouts, gridPoints, type Grid } from "../core/index.js";
import type { ParamValues, ResolvedProblem } from "./problem.js";
import { bytesPerElement, chunkKey, type ArraySpec, type StoreCompressor, type StoreDType, type ZarrFormat } from "./zarr-meta.js";

/**
 * Bumped when the bytes a given command produces change. 2: every float array declares
 * fill_value NaN (was 0, which xarray turned into a mask: x = 0 of a periodic grid read as NaN).
 */
export const GENERATOR_VERSION = "pde-surrogates datasets 2";

/** Everything that determines a store's bytes (except its creation time). */
export interface DatasetSpec {
  readonly generator: string;
  readonly problem: string;
  readonly params: ParamValues;
  readonly n: number;
  readonly seed: number;
  readonly chunkSamples: number;
  readonly dtype: StoreDType;
  readonly zarrFormat: ZarrFormat;
  readonly compressor: StoreCompressor;
  /** Names of further arrays shaped like `outputs` (absent for generated datasets). */
  readonly extras?: readonly string[];
}

/** Contents of `.pdes/spec.json`: the spec and the creation time of the store. */
export interface SpecRecord {
  readonly spec: DatasetSpec;
  readonly created: string;
}

export const PDES_DIR = ".pdes";
export const SPEC_PATH = ".pdes/spec.json";
export const MANIFEST_PATH = ".pdes/manifest.json";
export const COMPLETE_PATH = ".pdes/COMPLETE";
export const chunkRecordPath = (c: number): string => `.pdes/chunks/${c}.json`;

export const AXIS_NAMES = ["x", "y", "z"] as const;

/** How the `layout` attribute places the stored points (docs/conventions.md §Grids). */
export const GRID_POINTS_TEXT =
  "per axis by layout: interior x_j = (j+1)*L/(n+1) (dirichlet default; u = 0 at x = 0 and L, not stored); " +
  "one-sided x_j = j*L/n (periodic default; x = 0 stored, x = L not); centred x_j = (j+0.5)*L/n (neumann default); " +
  "vertex x_j = j*L/(n-1) (both boundaries stored); coordinate arrays x, y hold them";

export interface Layout {
  readonly spec: DatasetSpec;
  readonly inputs: ArraySpec;
  readonly outputs: ArraySpec;
  /** Arrays shaped like `outputs` (spec.extras), e.g. a prediction's variance. */
  readonly extras: readonly ArraySpec[];
  /** One coordinate array per spatial axis (x, y, z), float64, a single chunk. */
  readonly coords: readonly ArraySpec[];
  readonly nChunks: number;
}

/** Default samples per chunk: about 4 MiB for the larger of the two arrays. */
export function defaultChunkSamples(n: number, grid: Grid, cIn: number, cOut: number, dtype: StoreDType): number {
  const pts = grid.shape.reduce((a, b) => a * b, 1);
  const sampleBytes = pts * Math.max(cIn, cOut) * bytesPerElement(dtype);
  return Math.max(1, Math.min(n, Math.floor((4 << 20) / sampleBytes)));
}

export function makeLayout(spec: DatasetSpec, problem: ResolvedProblem): Layout {
  const shape = problem.grid.shape;
  const dims = shape.map((_, a) => AXIS_NAMES[a]!);
  const arr = (name: string, channels: readonly string[], chanDim: string): ArraySpec => ({
    name,
    shape: [spec.n, ...shape, channels.length],
    chunks: [spec.chunkSamples, ...shape, channels.length],
    dtype: spec.dtype,
    dims: ["sample", ...dims, chanDim],
    compressor: spec.compressor,
    attrs: { channels },
  });
  const coords = shape.map(
    (n, a): ArraySpec => ({
      name: AXIS_NAMES[a]!,
      shape: [n],
      chunks: [n],
      dtype: "float64",
      dims: [AXIS_NAMES[a]!],
      attrs: { bc: problem.grid.bc[a], layout: axisLayout(problem.grid, a), length: problem.grid.lengths[a] },
    }),
  );
  return {
    spec,
    inputs: arr("inputs", problem.inputChannels, "in_channel"),
    outputs: arr("outputs", problem.outputChannels, "out_channel"),
    extras: (spec.extras ?? []).map((name) => arr(name, problem.outputChannels, "out_channel")),
    coords,
    nChunks: Math.ceil(spec.n / spec.chunkSamples),
  };
}

/** Sample range [start, end) of chunk c. */
export function chunkRange(layout: Layout, c: number): [number, number] {
  const s = c * layout.spec.chunkSamples;
  return [s, Math.min(layout.spec.n, s + layout.spec.chunkSamples)];
}

/** Keys of the data chunks of sample-chunk c (`extras` by array name). */
export function chunkKeys(layout: Layout, c: number): { inputs: string; outputs: string; extras: Record<string, string> } {
  const f = layout.spec.zarrFormat;
  const key = (a: ArraySpec): string => chunkKey(f, a, [c, ...a.shape.slice(1).map(() => 0)]);
  return { inputs: key(layout.inputs), outputs: key(layout.outputs), extras: Object.fromEntries(layout.extras.map((a) => [a.name, key(a)])) };
}

/** Key of the single chunk of a coordinate array. */
export function coordKey(layout: Layout, a: ArraySpec): string {
  return chunkKey(layout.spec.zarrFormat, a, [0]);
}

/** Values of coordinate array `axis`. */
export function coordValues(problem: ResolvedProblem, axis: number): Float64Array {
  return gridPoints(problem.grid, axis);
}

/** Root group attributes: the provenance a third party needs to re-solve any sample. */
export function rootAttrs(record: SpecRecord, problem: ResolvedProblem): Record<string, unknown> {
  const g = problem.grid;
  return {
    title: `${problem.name} dataset (${record.spec.n} samples)`,
    problem: problem.name,
    parameters: problem.params,
    ...problem.provenance,
    grid: {
      shape: g.shape,
      lengths: g.lengths,
      bc: g.bc,
      layout: gridLayouts(g),
      points: GRID_POINTS_TEXT,
    },
    input_channels: problem.inputChannels,
    output_channels: problem.outputChannels,
    // Imported stores (another generator string) have no seed: their samples come from files.
    ...(record.spec.generator === GENERATOR_VERSION
      ? { seed: record.spec.seed, sample_rng: "Philox4x32-10 keyed by (seed, sample index): sample i depends only on (seed, i)" }
      : {}),
    generator: record.spec.generator,
    created: record.created,
    pdes: record.spec,
  };
}
