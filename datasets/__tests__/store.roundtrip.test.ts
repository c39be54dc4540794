import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync, appendFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zarr from "zarrita";
import { snapshot } from "./store-snapshot.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { generateDataset, getProblem, openDataset, verifyStore, type GenerateOptions } from "../index.js";

const root = mkdtempSync(join(tmpdir(), "pdes-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const created = new Date("2024-01-02T03:04:05Z");
const base = (out: string, extra: Partial<GenerateOptions> = {}): GenerateOptions => ({
  problem: "heat1d",
  params: { resolution: 16 },
  n: 10,
  seed: 42,
  out: join(root, out),
  chunkSamples: 3,
  created,
  ...extra,
});


let reference: Record<string, string>;
beforeAll(async () => {
  const r = await generateDataset(base("ref"));
  expect(r.complete).toBe(true);
  expect(r.generatedChunks).toBe(4);
  reference = snapshot(join(root, "ref"));
});

describe("store write/read round trip", () => {
  it("reads back exactly what the problem generates (float32 rounding of the Float64 solve)", async () => {
    const ds = await openDataset(join(root, "ref"));
    expect(ds.n).toBe(10);
    expect(ds.inputs.shape).toEqual([10, 16, 1]);
    expect(ds.checksummed).toBe(true);
    expect(ds.problem).toBe("heat1d");
    expect(ds.grid?.shape).toEqual([16]);
    const p = getProblem("heat1d").resolve({ resolution: 16 });
    const xs = await ds.read("inputs", 2, 8, "float64");
    const ys = await ds.read("outputs", 2, 8);
    for (let i = 2; i < 8; i++) {
      const x = new Float64Array(16);
      const y = new Float64Array(16);
      p.sample(42, i, x, y);
      for (let j = 0; j < 16; j++) {
        expect(xs[(i - 2) * 16 + j]).toBe(Math.fround(x[j]!));
        expect(ys[(i - 2) * 16 + j]).toBe(Math.fround(y[j]!));
      }
    }
    expect((await verifyStore(join(root, "ref"))).ok).toBe(true);
  });

  it("float64 stores hold the solver's values exactly; zarr v3 stores are read by zarrita", async () => {
    const out = join(root, "v3");
    await generateDataset(base("v3", { zarrFormat: 3, dtype: "float64" }));
    const meta = JSON.parse(readFileSync(join(out, "inputs", "zarr.json"), "utf8"));
    expect(meta.codecs).toEqual([{ name: "bytes", configuration: { endian: "little" } }]);
    expect(meta.data_type).toBe("float64");
    expect(meta.dimension_names).toEqual(["sample", "x", "in_channel"]);
    const ours = await (await openDataset(out)).read("outputs", 0, 10, "float64");
    const store = { get: async (k: string) => { try { return new Uint8Array(readFileSync(join(out, k.slice(1)))); } catch { return undefined; } } };
    const arr = await zarr.open.v3(zarr.root(store).resolve("outputs"), { kind: "array" });
    const got = await zarr.get(arr);
    expect(Array.from(got.data as Float64Array)).toEqual(Array.from(ours));
    const p = getProblem("heat1d").resolve({ resolution: 16 });
    const x = new Float64Array(16);
    const y = new Float64Array(16);
    p.sample(42, 9, x, y);
    expect(Array.from(ours.subarray(9 * 16))).toEqual(Array.from(y));
  });
});

describe("compressed stores", () => {
  for (const zarrFormat of [2, 3] as const) {
    it(`zlib (v${zarrFormat}: ${zarrFormat === 2 ? "zlib" : "gzip"} codec) holds the same values; zarrita decodes it`, async () => {
      const name = `zlib-v${zarrFormat}`;
      const out = join(root, name);
      await generateDataset(base(name, { compressor: "zlib", zarrFormat }));
      const meta = JSON.parse(readFileSync(join(out, "inputs", zarrFormat === 2 ? ".zarray" : "zarr.json"), "utf8"));
      if (zarrFormat === 2) expect(meta.compressor).toEqual({ id: "zlib", level: 1 });
      else expect(meta.codecs.map((c: { name: string }) => c.name)).toEqual(["bytes", "gzip"]);
      const want = await (await openDataset(join(root, "ref"))).read("inputs", 0, 10);
      const ds = await openDataset(out);
      expect(Array.from(await ds.read("inputs", 0, 10))).toEqual(Array.from(want));
      const store = { get: async (k: string) => { try { return new Uint8Array(readFileSync(join(out, k.slice(1)))); } catch { return undefined; } } };
      const arr = await zarr.open(zarr.root(store).resolve("inputs"), { kind: "array" });
      const got = await zarr.get(arr);
      expect(Array.from(got.data as Float32Array)).toEqual(Array.from(want));
      expect((await verifyStore(out)).ok).toBe(true);
    });
  }
});

describe("determinism across workers and shards", () => {
  it("--workers 2, --workers 3 and three shards (run out of order) give the same bytes as a serial run", async () => {
    await generateDataset(base("w2", { workers: 2 }));
    expect(snapshot(join(root, "w2"))).toEqual(reference);
    let samples = 0;
    let announced = 0;
    await generateDataset(base("w3", { workers: 3, onStart: (n) => (announced = n), onSample: () => samples++ }));
    expect(snapshot(join(root, "w3"))).toEqual(reference);
    expect([announced, samples]).toEqual([10, 10]); // progress from the workers adds up
    const parts = [2, 0, 1].map((i) => ({ index: i, count: 3 }));
    const res = [];
    for (const shard of parts) res.push(await generateDataset(base("sh", { shard })));
    expect(res.map((r) => r.complete)).toEqual([false, false, true]);
    expect(res.map((r) => r.ownedChunks)).toEqual([2, 1, 1]);
    expect(snapshot(join(root, "sh"))).toEqual(reference);
  });

  it("two shards running at the same time into one new store give the same bytes", async () => {
    const res = await Promise.all([0, 1].map((index) => generateDataset(base("concurrent", { shard: { index, count: 2 } }))));
    expect(res.some((r) => r.complete)).toBe(true);
    expect(snapshot(join(root, "concurrent"))).toEqual(reference);
  });
});

describe("resume and repair", () => {
  it("a partial store (missing, truncated chunks, stale temp file, no marker) resumes to identical bytes", async () => {
    const out = join(root, "partial");
    cpSync(join(root, "ref"), out, { recursive: true });
    unlinkSync(join(out, "inputs", "1.0.0"));
    truncateSync(join(out, "outputs", "2.0.0"), 7);
    unlinkSync(join(out, ".pdes", "COMPLETE"));
    unlinkSync(join(out, ".pdes", "manifest.json"));
    unlinkSync(join(out, ".pdes", "chunks", "3.json"));
    unlinkSync(join(out, ".zmetadata"));
    writeFileSync(join(out, "inputs", "0.0.0.tmp-999999-0-3"), "junk");
    const r = await generateDataset(base("partial"));
    expect(r.generatedChunks).toBe(3);
    expect(r.keptChunks).toBe(1);
    expect(r.complete).toBe(true);
    expect(snapshot(out)).toEqual(reference);
  });

  it("re-running on a complete store with a corrupt chunk repairs it", async () => {
    const out = join(root, "repair");
    cpSync(join(root, "ref"), out, { recursive: true });
    const f = join(out, "inputs", "2.0.0");
    const b = readFileSync(f);
    b[5] ^= 0xff;
    writeFileSync(f, b);
    expect((await verifyStore(out)).ok).toBe(false);
    const r = await generateDataset(base("repair"));
    expect(r.generatedChunks).toBe(1);
    expect(snapshot(out)).toEqual(reference);
  });
});

describe("corruption is an error naming the chunk, from verify and from the loader", () => {
  const cases: Array<[string, (f: string) => void]> = [
    ["truncated", (f) => truncateSync(f, statSync(f).size - 4)],
    ["extended", (f) => appendFileSync(f, Buffer.alloc(4))],
    ["garbage", (f) => { const b = readFileSync(f); b.fill(0x41, 0, 16); writeFileSync(f, b); }],
    ["deleted", (f) => unlinkSync(f)],
  ];
  for (const [kind, damage] of cases) {
    it(kind, async () => {
      const out = join(root, `bad-${kind}`);
      cpSync(join(root, "ref"), out, { recursive: true });
      damage(join(out, "outputs", "1.0.0"));
      const rep = await verifyStore(out);
      expect(rep.ok).toBe(false);
      expect(rep.problems).toHaveLength(1);
      expect(rep.problems[0]).toMatch(/^outputs\/1\.0\.0 /);
      const ds = await openDataset(out);
      await expect(ds.read("outputs", 0, 3)).resolves.toHaveLength(48); // other chunks still readable
      const err = await ds.read("outputs", 2, 5).catch((e: unknown) => e);
      expect(isPdesError(err, "DatasetFormat")).toBe(true);
      expect((err as Error).message).toContain("chunk outputs/1.0.0");
    });
  }

  it("damaged metadata (.zarray) is named by verify and by openDataset", async () => {
    const out = join(root, "bad-meta");
    cpSync(join(root, "ref"), out, { recursive: true });
    const f = join(out, "inputs", ".zarray");
    writeFileSync(f, readFileSync(f, "utf8").replace('"shape": [\n    10,', '"shape": [\n    11,'));
    const rep = await verifyStore(out);
    expect(rep.problems).toEqual(["inputs/.zarray checksum mismatch (corrupt data)"]);
    await expect(openDataset(out)).rejects.toThrow(/metadata file inputs\/\.zarray checksum mismatch/);
  });

  it("an incomplete store is refused by the loader and reported by verify", async () => {
    const out = join(root, "incomplete");
    await generateDataset(base("incomplete", { shard: { index: 0, count: 2 } }));
    await expect(openDataset(out)).rejects.toThrow(/incomplete/);
    const rep = await verifyStore(out);
    expect(rep.ok).toBe(false);
    expect(rep.problems[0]).toMatch(/2 of 4 chunks/);
  });
});

describe("refusing to write", () => {
  it("a store made with other parameters, a non-empty foreign directory, or a file: error, nothing written", async () => {
    const before = snapshot(join(root, "ref"));
    await expect(generateDataset(base("ref", { n: 11 }))).rejects.toThrow(/different parameters \(n: 10 there, 11 requested\)/);
    await expect(generateDataset(base("ref", { params: { resolution: 16, kappa: 0.5 } }))).rejects.toThrow(/different parameters \(params/);
    expect(snapshot(join(root, "ref"))).toEqual(before);
    const foreign = join(root, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine");
    await expect(generateDataset(base("foreign"))).rejects.toThrow(/non-empty directory/);
    expect(readdirSync(foreign)).toEqual(["notes.txt"]);
    await expect(generateDataset(base("foreign/notes.txt"))).rejects.toThrow(/it is a file/);
    await expect(generateDataset(base("nope", { n: 0 }))).rejects.toThrow(/n must be an integer/);
    expect(() => readdirSync(join(root, "nope"))).toThrow();
  });
});
