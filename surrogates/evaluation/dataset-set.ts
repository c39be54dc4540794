/**
 * Test sets from dataset stores: a sample range read in Float64 (the reference stays in full
 * precision), optionally subsampled to a coarser nested grid for resolution transfer.
 */
import { DatasetFormatError, gridLayouts, requireInteger, type Grid } from "../../core/index.js";
import { gatherSpatial, subsampleGrid, type Dataset } from "../../datasets/index.js";
import type { EvaluationSet } from "./evaluate-predictor.js";

export interface GridEvaluationSet extends EvaluationSet {
  grid: Grid;
}

export interface DatasetSetOptions {
  /** Samples [start, end). Default: all. */
  start?: number;
  end?: number;
  /** Keep every k-th point per axis (nested coarse grid, datasets' subsampling rule). Default 1. */
  subsample?: number;
}

export async function evaluationSetFromDataset(ds: Dataset, opts: DatasetSetOptions = {}): Promise<GridEvaluationSet> {
  const grid = ds.grid;
  if (grid === undefined || ds.gridAssumed) throw new DatasetFormatError("the store's attributes describe no grid (shape, lengths, bc)", ds.path);
  const start = requireInteger("start", opts.start ?? 0, 0, ds.n - 1);
  const end = requireInteger("end", opts.end ?? ds.n, start + 1, ds.n);
  const k = requireInteger("subsample", opts.subsample ?? 1, 1);
  const n = end - start;
  let x = (await ds.read("inputs", start, end, "float64")) as Float64Array;
  let y = (await ds.read("outputs", start, end, "float64")) as Float64Array;
  let g = grid;
  if (k > 1) {
    const sub = subsampleGrid(grid, k);
    x = gatherSpatial(x, n, grid.shape, ds.inputs.channels, sub.indices);
    y = gatherSpatial(y, n, grid.shape, ds.outputs.channels, sub.indices);
    g = sub.grid;
  }
  return {
    grid: g,
    inputs: { data: x, shape: [n, ...g.shape, ds.inputs.channels] },
    outputs: { data: y, shape: [n, ...g.shape, ds.outputs.channels] },
    lengths: g.lengths,
    bc: g.bc,
    layout: gridLayouts(g),
  };
}
