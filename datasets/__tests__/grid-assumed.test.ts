/**
 * A store whose attributes describe no grid opens with a stand-in grid (`Dataset.grid` is always
 * a Grid, `gridAssumed` says it is a guess, docs/datasets.md), and the training paths refuse it
 * rather than train on guessed geometry; a store of ours with the same values is accepted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDataset, openDataset, openPipeline, readAllSamples } from "../index.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-grid-assumed-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A zarr v2 store as another tool writes it: inputs/outputs [6, 8, 1] float64, no grid attributes. */
function foreignStore(): string {
  const dir = path.join(root, "foreign");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, ".zgroup"), JSON.stringify({ zarr_format: 2 }));
  fs.writeFileSync(path.join(dir, ".zattrs"), JSON.stringify({ source: "another tool" }));
  for (const a of ["inputs", "outputs"]) {
    fs.mkdirSync(path.join(dir, a));
    fs.writeFileSync(path.join(dir, a, ".zarray"), JSON.stringify({ zarr_format: 2, shape: [6, 8, 1], chunks: [6, 8, 1], dtype: "<f8", compressor: null, fill_value: null, filters: null, order: "C" }));
    fs.writeFileSync(path.join(dir, a, "0.0.0"), new Uint8Array(Float64Array.from({ length: 48 }, (_, i) => Math.sin(i)).buffer));
  }
  return dir;
}

describe("a store without grid attributes", () => {
  it("opens with a stand-in grid marked as assumed, and training refuses it", async () => {
    const ds = await openDataset(foreignStore());
    expect(ds.gridAssumed).toBe(true);
    expect([...ds.grid.shape]).toEqual([8]);
    await expect(readAllSamples(ds)).rejects.toThrow(/describe no grid/);
    await expect(openPipeline(ds, { seed: 0, validationFraction: 0 })).rejects.toThrow(/describe no grid/);
  });

  it("a store that records its grid is accepted (positive control)", async () => {
    const out = path.join(root, "ours");
    await generateDataset({ problem: "heat1d", params: { resolution: 8 }, n: 6, seed: 1, out, fsync: false });
    const ds = await openDataset(out);
    expect(ds.gridAssumed).toBe(false);
    expect((await readAllSamples(ds)).count).toBe(6);
    const p = await openPipeline(ds, { seed: 0, validationFraction: 0 });
    expect([...p.grid.shape]).toEqual([8]);
  });
});
