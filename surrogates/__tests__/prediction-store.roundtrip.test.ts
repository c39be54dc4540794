/**
 * Prediction stores go through the one store writer: manifest, checksums, consolidated metadata,
 * coordinate arrays; they verify and open (checked) like a dataset, variance included.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError, makeField, makeGrid } from "../../core/index.js";
import { openDataset, verifyStore } from "../../datasets/index.js";
import { writePredictionStore } from "../index.js";
import { tempDir } from "./train-helpers.js";

const dir = tempDir("predstore");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const grid = makeGrid({ shape: [8], lengths: [1], bc: ["dirichlet"] });
const field = (seed: number, c = 1) => makeField([3, 8, c], Float64Array.from({ length: 24 * c }, (_, i) => Math.sin(seed + i)));

describe("writePredictionStore", () => {
  it("writes a checksummed, consolidated store that verifies and reads back exactly", async () => {
    const out = path.join(dir, "p");
    const inputs = field(1);
    const mean = field(2);
    const variance = makeField([3, 8, 1], Float64Array.from(mean.data, (t) => t * t + 0.1));
    await writePredictionStore(out, { inputs, outputs: mean, variance }, grid, { model: "gsnn", problem: "heat1d", inputChannels: ["u0"], outputChannels: ["uT"] });
    expect((await verifyStore(out)).problems).toEqual([]);
    for (const f of [".zmetadata", ".pdes/manifest.json", ".pdes/COMPLETE", "x/0"]) expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    const ds = await openDataset(out);
    expect(ds.checksummed).toBe(true);
    expect(ds.problem).toBe("heat1d");
    expect(ds.attrs).toMatchObject({ model: "gsnn", source: "pdes predict", input_channels: ["u0"], output_channels: ["uT"] });
    expect(Array.from(await ds.read("inputs", 0, 3, "float64"))).toEqual(Array.from(inputs.data));
    expect(Array.from(await ds.read("outputs", 0, 3, "float64"))).toEqual(Array.from(mean.data));
    expect(Array.from(await ds.readExtra("variance", 0, 3, "float64"))).toEqual(Array.from(variance.data));
  });

  it("refuses an existing non-empty directory and a wrong channel naming", async () => {
    const out = path.join(dir, "busy");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "keep.txt"), "x");
    const err = await writePredictionStore(out, { inputs: field(1), outputs: field(2) }, grid, { model: "fno" }).catch((e: unknown) => e);
    expect(isPdesError(err, "InvalidArgument")).toBe(true);
    expect(fs.readdirSync(out)).toEqual(["keep.txt"]);
    const bad = await writePredictionStore(path.join(dir, "q"), { inputs: field(1), outputs: field(2) }, grid, { model: "fno", outputChannels: ["a", "b"] }).catch((e: unknown) => e);
    expect(isPdesError(bad, "InvalidArgument")).toBe(true);
    expect(fs.existsSync(path.join(dir, "q"))).toBe(false);
  });
});
