/**
 * Predictions written as a small zarr v2 store (uncompressed, one chunk per sample), shaped like
 * a dataset: `inputs` (a copy of what was predicted from), `outputs` (predicted means) and, for
 * probabilistic models, `variance`; the root attributes carry the grid and the run it came from,
 * so the store can be opened like any dataset (datasets' openDataset, xarray.open_zarr).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError, gridLayouts, gridRecord, toContiguous, type Field, type Grid } from "../core/index.js";
import { writeFileAtomic } from "../datasets/index.js";

const AXES = ["x", "y", "z"];

export async function writePredictionStore(
  dir: string,
  arrays: { inputs: Field; outputs: Field; variance?: Field },
  grid: Grid,
  attrs: Record<string, unknown>,
): Promise<void> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new InvalidArgumentError("--out", dir, "already exists and is not empty");
  fs.mkdirSync(dir, { recursive: true });
  await writeFileAtomic(path.join(dir, ".zgroup"), JSON.stringify({ zarr_format: 2 }));
  for (const [name, f] of Object.entries(arrays)) {
    if (f === undefined) continue;
    const c = toContiguous(f);
    const shape = c.shape;
    const dims = ["sample", ...grid.shape.map((_, a) => AXES[a]!), name === "inputs" ? "c_in" : "c_out"];
    const adir = path.join(dir, name);
    fs.mkdirSync(adir, { recursive: true });
    const chunk = [1, ...shape.slice(1)];
    const per = chunk.reduce((a, b) => a * b, 1);
    for (let i = 0; i < shape[0]!; i++) {
      const part = c.data.subarray(i * per, (i + 1) * per);
      // Copy: the Buffer must be little-endian float64 bytes of just this sample.
      await writeFileAtomic(path.join(adir, [i, ...chunk.slice(1).map(() => 0)].join(".")), new Uint8Array(Float64Array.from(part).buffer));
    }
    await writeFileAtomic(
      path.join(adir, ".zarray"),
      JSON.stringify({ zarr_format: 2, shape, chunks: chunk, dtype: "<f8", compressor: null, fill_value: "NaN", order: "C", filters: null, dimension_separator: "." }),
    );
    await writeFileAtomic(path.join(adir, ".zattrs"), JSON.stringify({ _ARRAY_DIMENSIONS: dims }));
  }
  // Root attributes last: their presence marks a complete store.
  await writeFileAtomic(path.join(dir, ".zattrs"), JSON.stringify({ ...attrs, grid: { ...gridRecord(grid), layout: gridLayouts(grid) } }, null, 2));
}
