/**
 * writeStore, the general entry to the one store writer: arrays in memory → a store that opens
 * checked (values bit for bit, extras too), verifies (manifest, checksums) and reports a damaged
 * chunk of any array; bad input is refused before anything is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { openDataset, storeInfo, verifyStore, writeStore } from "../index.js";

const root = mkdtempSync(join(tmpdir(), "pdes-writer-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const grid = makeGrid({ shape: [6, 4], lengths: [1, 2], bc: ["neumann", "periodic"] });
const N = 5;
const x = Float64Array.from({ length: N * 24 * 2 }, (_, i) => Math.sin(i) * 1e3 + 1 / 3);
const y = Float64Array.from({ length: N * 24 }, (_, i) => Math.cos(i) / 7);
const v = Float64Array.from(y, (t) => t * t);

function tagOf(f: () => Promise<unknown>): Promise<string> {
  return f().then(
    () => "accepted",
    (e: unknown) => (isPdesError(e) ? e.tag : String(e)),
  );
}

describe("writeStore", () => {
  it("round-trips inputs, outputs and an extra array bit for bit, in chunks, and verifies", async () => {
    const out = join(root, "a");
    await writeStore({ out, grid, inputs: { data: x, channels: ["a", "b"] }, outputs: { data: y, channels: ["u"] }, extras: { variance: v }, generator: "test 1", problem: "toy", chunkSamples: 2, attrs: { note: "hi" } });
    const ds = await openDataset(out);
    expect(ds.checksummed).toBe(true);
    expect(ds.n).toBe(N);
    expect(ds.inputs.shape).toEqual([N, 6, 4, 2]);
    expect(ds.grid?.bc).toEqual(["neumann", "periodic"]);
    expect(ds.attrs.note).toBe("hi");
    expect(ds.problem).toBe("toy");
    expect(Object.keys(ds.extras)).toEqual(["variance"]);
    expect(Array.from(await ds.read("inputs", 0, N, "float64"))).toEqual(Array.from(x));
    expect(Array.from(await ds.read("outputs", 1, 4, "float64"))).toEqual(Array.from(y.subarray(24, 4 * 24)));
    expect(Array.from(await ds.readExtra("variance", 0, N, "float64"))).toEqual(Array.from(v));
    const rep = await verifyStore(out);
    expect(rep.problems).toEqual([]);
    // 3 sample-chunks × 3 arrays, plus metadata and coordinate files.
    const manifest = JSON.parse(readFileSync(join(out, ".pdes/manifest.json"), "utf8"));
    expect(manifest.chunks).toHaveLength(3);
    expect(Object.keys(manifest.chunks[0].extras)).toEqual(["variance"]);
    expect(rep.files).toBe(manifest.files.length + 9);
    const info = await storeInfo(out);
    expect(info.inputsShape).toEqual([N, 6, 4, 2]);
    expect(info.outputsShape).toEqual([N, 6, 4, 1]);
    // Consolidated metadata lists the extra array like the others.
    const zmeta = JSON.parse(readFileSync(join(out, ".zmetadata"), "utf8")).metadata;
    expect(zmeta["variance/.zarray"].shape).toEqual([N, 6, 4, 1]);
    expect(zmeta["variance/.zattrs"]._ARRAY_DIMENSIONS).toEqual(["sample", "x", "y", "out_channel"]);
  });

  it("a damaged chunk of the extra array fails verify and its checked read", async () => {
    const out = join(root, "b");
    await writeStore({ out, grid, inputs: { data: x, channels: ["a", "b"] }, outputs: { data: y, channels: ["u"] }, extras: { variance: v }, generator: "test 1", chunkSamples: 2 });
    const key = "variance/1.0.0.0";
    const bytes = readFileSync(join(out, key));
    bytes[10] ^= 0xff;
    writeFileSync(join(out, key), bytes);
    const rep = await verifyStore(out);
    expect(rep.ok).toBe(false);
    expect(rep.problems.join("\n")).toContain(`${key} checksum mismatch`);
    const ds = await openDataset(out);
    expect(await tagOf(() => ds.readExtra("variance", 0, N))).toBe("DatasetFormat");
    expect(await tagOf(() => ds.readExtra("mean", 0, N))).toBe("InvalidArgument");
  });

  it("refuses bad input before writing anything", async () => {
    const base = { grid, inputs: { data: x, channels: ["a", "b"] }, outputs: { data: y, channels: ["u"] }, generator: "test 1" };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["short outputs", { outputs: { data: y.subarray(1), channels: ["u"] } }, "ShapeMismatch"],
      ["inputs not a whole number of samples", { inputs: { data: x.subarray(3), channels: ["a", "b"] } }, "ShapeMismatch"],
      ["NaN in the extra", { extras: { variance: Float64Array.from(v, (t, i) => (i === 7 ? NaN : t)) } }, "NonFinite"],
      ["reserved extra name", { extras: { outputs: v } }, "InvalidArgument"],
      ["no writer name", { generator: "" }, "InvalidArgument"],
    ];
    for (const [label, patch, tag] of cases) {
      const out = join(root, `bad-${label.replace(/ /g, "-")}`);
      expect(await tagOf(() => writeStore({ ...base, out, ...patch } as Parameters<typeof writeStore>[0])), label).toBe(tag);
      expect(existsSync(out), label).toBe(false);
    }
  });
});
