/**
 * What the training pipeline reads: anything shaped like an opened store (`openDataset`), or
 * samples already in memory (`memorySamples`), or the first n samples of either
 * (`firstSamples`). Reads go chunk by chunk, so a store is never read whole.
 */
import { DatasetFormatError, InvalidArgumentError, ShapeMismatchError, type Grid } from "../core/index.js";
import type { ArrayName, ReadDType } from "./dataset.js";

/** The reading interface of a dataset (a subset of `Dataset`). */
export interface SampleSet {
  readonly path?: string;
  readonly n: number;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly grid: Grid | undefined;
  /** The grid is a stand-in (a store whose attributes describe none, `Dataset.gridAssumed`): refused for training. */
  readonly gridAssumed?: boolean;
  readonly inputs: { readonly spatial: readonly number[]; readonly channels: number; readonly chunkSamples: number };
  readonly outputs: { readonly spatial: readonly number[]; readonly channels: number; readonly chunkSamples: number };
  read(array: ArrayName, start: number, end: number, as?: ReadDType): Promise<Float32Array | Float64Array>;
}

/** Samples in memory: `[count, ...grid.shape, C]` float32, C order, physical units. */
export interface InMemorySamples {
  inputs: Float32Array;
  outputs: Float32Array;
  count: number;
  grid: Grid;
  inChannels: number;
  outChannels: number;
  /** Problem description (PDE, parameters, ...), recorded with a run. */
  problem: Record<string, unknown>;
}

/** In-memory samples as a SampleSet (one "chunk" holding every sample; reads are copies). */
export function memorySamples(d: InMemorySamples): SampleSet {
  const pts = d.grid.shape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(d.count) || d.count < 1) throw new InvalidArgumentError("data.count", d.count, "must be an integer >= 1");
  if (d.inputs.length !== d.count * pts * d.inChannels)
    throw new ShapeMismatchError("data.inputs", d.inputs.length, `length ${d.count * pts * d.inChannels} (count × points × inChannels)`);
  if (d.outputs.length !== d.count * pts * d.outChannels)
    throw new ShapeMismatchError("data.outputs", d.outputs.length, `length ${d.count * pts * d.outChannels} (count × points × outChannels)`);
  const info = (channels: number) => ({ spatial: [...d.grid.shape], channels, chunkSamples: d.count });
  return {
    n: d.count,
    attrs: d.problem,
    grid: d.grid,
    inputs: info(d.inChannels),
    outputs: info(d.outChannels),
    async read(array, start, end, as = "float32") {
      const src = array === "inputs" ? d.inputs : d.outputs;
      const per = src.length / d.count;
      const part = src.subarray(start * per, end * per);
      return as === "float64" ? Float64Array.from(part) : part.slice();
    },
  };
}

/** The first `n` samples of a set (nested training sets of a comparison, without copying the store). */
export function firstSamples(s: SampleSet, n: number): SampleSet {
  if (!Number.isInteger(n) || n < 1 || n > s.n) throw new InvalidArgumentError("n", n, `must be an integer in [1, ${s.n}]`);
  return {
    ...(s.path !== undefined ? { path: s.path } : {}),
    n,
    attrs: s.attrs,
    grid: s.grid,
    inputs: s.inputs,
    outputs: s.outputs,
    read(array, start, end, as) {
      if (end > n) throw new InvalidArgumentError("range", [start, end], `must satisfy 0 <= start <= end <= ${n}`);
      return s.read(array, start, end, as);
    },
  };
}

/** Every sample of a set in memory, float32 (for closed-form work and small experiments). */
export async function readAllSamples(s: SampleSet): Promise<InMemorySamples> {
  const grid = requireGrid(s);
  return {
    inputs: (await s.read("inputs", 0, s.n, "float32")) as Float32Array,
    outputs: (await s.read("outputs", 0, s.n, "float32")) as Float32Array,
    count: s.n,
    grid,
    inChannels: s.inputs.channels,
    outChannels: s.outputs.channels,
    problem: { ...s.attrs },
  };
}

/** The set's grid, checked against both arrays' spatial shapes. */
export function requireGrid(s: SampleSet): Grid {
  const grid = s.grid;
  if (grid === undefined || s.gridAssumed === true) throw new DatasetFormatError("the store's attributes describe no grid (shape, lengths, bc)", s.path ?? "(samples)");
  const same = (x: readonly number[]) => x.length === grid.shape.length && x.every((n, a) => n === grid.shape[a]);
  if (!same(s.inputs.spatial)) throw new ShapeMismatchError("inputs spatial shape", s.inputs.spatial, grid.shape);
  if (!same(s.outputs.spatial)) throw new ShapeMismatchError("outputs spatial shape", s.outputs.spatial, grid.shape);
  return grid;
}
