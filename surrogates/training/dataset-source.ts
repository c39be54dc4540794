/**
 * Read a whole dataset store into the trainer's in-memory form. Works on anything shaped like
 * datasets' `Dataset` (openDataset), so this file depends only on that reading interface.
 */
import { DatasetFormatError, ShapeMismatchError, type Grid } from "../../core/index.js";
import type { TrainingData } from "./data.js";

export interface DatasetLike {
  readonly path: string;
  readonly n: number;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly grid: Grid | undefined;
  /** True when the grid is a stand-in (the store's attributes describe none): refused here. */
  readonly gridAssumed?: boolean;
  readonly inputs: { readonly spatial: readonly number[]; readonly channels: number };
  readonly outputs: { readonly spatial: readonly number[]; readonly channels: number };
  read(array: "inputs" | "outputs", start: number, end: number, as?: "float32" | "float64"): Promise<Float32Array | Float64Array>;
}

export async function trainingDataFromDataset(ds: DatasetLike): Promise<TrainingData> {
  const grid = ds.grid;
  if (grid === undefined || ds.gridAssumed) throw new DatasetFormatError("the store's attributes describe no grid (shape, lengths, bc)", ds.path);
  const sameGrid = (s: readonly number[]) => s.length === grid.shape.length && s.every((n, a) => n === grid.shape[a]);
  if (!sameGrid(ds.inputs.spatial)) throw new ShapeMismatchError("inputs spatial shape", ds.inputs.spatial, grid.shape);
  if (!sameGrid(ds.outputs.spatial)) throw new ShapeMismatchError("outputs spatial shape", ds.outputs.spatial, grid.shape);
  const inputs = (await ds.read("inputs", 0, ds.n, "float32")) as Float32Array;
  const outputs = (await ds.read("outputs", 0, ds.n, "float32")) as Float32Array;
  return { inputs, outputs, count: ds.n, grid, inChannels: ds.inputs.channels, outChannels: ds.outputs.channels, problem: { ...ds.attrs } };
}
