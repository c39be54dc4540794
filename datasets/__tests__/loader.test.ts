import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataLoader, fitNormalizer, generateDataset, Normalizer, openDataset, splitRange, type Batch, type Dataset } from "../index.js";

const root = mkdtempSync(join(tmpdir(), "pdes-loader-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let ds: Dataset;
let all: { x: Float32Array; y: Float32Array };
const R = 12; // 12 x 12 periodic grid
const N = 30;

beforeAll(async () => {
  await tf.setBackend("cpu");
  const out = join(root, "h");
  await generateDataset({ problem: "heat2d", params: { resolution: R }, n: N, seed: 1, out, chunkSamples: 4 });
  ds = await openDataset(out);
  all = { x: (await ds.read("inputs", 0, N)) as Float32Array, y: (await ds.read("outputs", 0, N)) as Float32Array };
});

async function collect(dl: DataLoader, epoch: number): Promise<{ idx: number[]; sizes: number[]; batches: Batch[] }> {
  const idx: number[] = [];
  const sizes: number[] = [];
  const batches: Batch[] = [];
  for await (const b of dl.epoch(epoch)) {
    idx.push(...b.indices);
    sizes.push(b.indices.length);
    batches.push(b);
  }
  return { idx, sizes, batches };
}

describe("splits", () => {
  it("fractions and counts give contiguous disjoint ranges; bad sizes are rejected", () => {
    expect(splitRange(100)).toEqual({ train: { start: 0, end: 80 }, val: { start: 80, end: 90 }, test: { start: 90, end: 100 } });
    expect(splitRange(50, { train: 30, val: 10, test: 5 })).toEqual({ train: { start: 0, end: 30 }, val: { start: 30, end: 40 }, test: { start: 40, end: 45 } });
    expect(() => splitRange(10, { train: 8, val: 2, test: 2 })).toThrow(/sum to at most n = 10/);
    expect(() => splitRange(10, { train: 0.9, val: 0.2, test: 0 })).toThrow(/fractions/);
  });
});

describe("DataLoader", () => {
  it("each epoch visits every sample of the range once, as float32 channels-last tensors with the stored values", async () => {
    const dl = new DataLoader(ds, { start: 3, end: 27 }, { batchSize: 5, seed: 9 });
    const { idx, sizes, batches } = await collect(dl, 0);
    expect([...idx].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 3));
    expect(sizes).toEqual([5, 5, 5, 5, 4]);
    const b = batches[0]!;
    expect(b.x.dtype).toBe("float32");
    expect(b.x.shape).toEqual([5, R, R, 1]);
    const xv = b.x.dataSync();
    const yv = b.y.dataSync();
    const per = R * R;
    b.indices.forEach((s, k) => {
      expect(Array.from(xv.subarray(k * per, (k + 1) * per))).toEqual(Array.from(all.x.subarray(s * per, (s + 1) * per)));
      expect(Array.from(yv.subarray(k * per, (k + 1) * per))).toEqual(Array.from(all.y.subarray(s * per, (s + 1) * per)));
    });
    batches.forEach((q) => tf.dispose([q.x, q.y]));
  });

  it("the order depends only on (seed, epoch); epochs differ; shuffle: false keeps order", async () => {
    const mk = (seed: number): DataLoader => new DataLoader(ds, { start: 0, end: N }, { batchSize: 7, seed });
    const a = await collect(mk(1), 0);
    const b = await collect(mk(1), 0);
    const c = await collect(mk(1), 1);
    const d = await collect(mk(2), 0);
    expect(a.idx).toEqual(b.idx);
    expect(a.idx).not.toEqual(c.idx);
    expect(a.idx).not.toEqual(d.idx);
    const plain = await collect(new DataLoader(ds, { start: 0, end: N }, { batchSize: 7, shuffle: false }), 0);
    expect(plain.idx).toEqual(Array.from({ length: N }, (_, i) => i));
    for (const r of [a, b, c, d, plain]) r.batches.forEach((q) => tf.dispose([q.x, q.y]));
  });

  it("with a small memory bound it streams windows of chunks and still covers every sample once", async () => {
    const sampleBytes = 2 * R * R * 4;
    const dl = new DataLoader(ds, { start: 0, end: N }, { batchSize: 3, seed: 4, maxBufferBytes: 6 * sampleBytes, dropLast: true });
    const { idx, sizes, batches } = await collect(dl, 2);
    expect(sizes.every((s) => s === 3)).toBe(true);
    expect(idx.length).toBe(30);
    expect(new Set(idx).size).toBe(30);
    // Windows hold at most 6 samples: within the first two batches all samples come from ≤ 2 chunks.
    const chunksOfFirstWindow = new Set(idx.slice(0, 6).map((i) => Math.floor(i / 4)));
    expect(chunksOfFirstWindow.size).toBeLessThanOrEqual(2);
    batches.forEach((q) => tf.dispose([q.x, q.y]));
  });

  it("subsamples to a coarser nested grid", async () => {
    const dl = new DataLoader(ds, { start: 0, end: 4 }, { batchSize: 4, shuffle: false, subsample: 3 });
    expect(dl.inputShape).toEqual([4, 4, 1]);
    const { batches } = await collect(dl, 0);
    const x = batches[0]!.x.dataSync();
    for (let s = 0; s < 4; s++)
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++) expect(x[s * 16 + i * 4 + j]).toBe(all.x[s * R * R + 3 * i * R + 3 * j]);
    expect(() => new DataLoader(ds, { start: 0, end: 4 }, { batchSize: 2, subsample: 5 })).toThrow(/must divide n = 12/);
    batches.forEach((q) => tf.dispose([q.x, q.y]));
  });
});

describe("Normalizer", () => {
  it("per-point mean/std match a direct Float64 computation; encode/decode invert; JSON save/load round trip", async () => {
    const norm = await fitNormalizer(ds, "outputs", { start: 2, end: 22 });
    const per = R * R;
    for (const p of [0, 17, per - 1]) {
      let m = 0;
      for (let s = 2; s < 22; s++) m += all.y[s * per + p]!;
      m /= 20;
      let v = 0;
      for (let s = 2; s < 22; s++) v += (all.y[s * per + p]! - m) ** 2;
      expect(norm.mean[p]).toBeCloseTo(m, 12);
      expect(norm.std[p]).toBeCloseTo(Math.sqrt(v / 20), 10);
    }
    const x = all.y.slice(0, 3 * per);
    const enc = norm.encode(x.slice() as Float32Array);
    const back = norm.decode(enc.slice() as Float32Array);
    back.forEach((v, i) => expect(Math.abs(v - x[i]!)).toBeLessThan(1e-5));
    const t = tf.tensor(x, [3, R, R, 1]);
    const te = norm.encodeTensor(t);
    const tv = te.dataSync();
    enc.forEach((v, i) => expect(Math.abs(v - tv[i]!)).toBeLessThan(1e-4));
    tf.dispose([t, te]);
    const path = join(root, "norm.json");
    await norm.save(path);
    const again = await Normalizer.load(path);
    expect(Array.from(again.mean)).toEqual(Array.from(norm.mean));
    expect(Array.from(again.std)).toEqual(Array.from(norm.std));
    expect(again.shape).toEqual([R, R, 1]);
    await expect(Normalizer.load(join(root, "missing.json"))).rejects.toThrow(/cannot read normalizer/);
    expect(() => norm.encode(new Float32Array(5))).toThrow(/multiple of 144/);
  });

  it("a normalized training split has per-point mean 0 and std 1", async () => {
    const norm = await fitNormalizer(ds, "inputs", { start: 0, end: 20 });
    const dl = new DataLoader(ds, { start: 0, end: 20 }, { batchSize: 20, inputNormalizer: norm, shuffle: false });
    const { x } = await dl.loadAll();
    const per = R * R;
    for (const p of [0, 50, 143]) {
      let m = 0;
      let v = 0;
      for (let s = 0; s < 20; s++) m += x[s * per + p]! / 20;
      for (let s = 0; s < 20; s++) v += (x[s * per + p]! - m) ** 2 / 20;
      expect(Math.abs(m)).toBeLessThan(1e-5);
      expect(Math.abs(Math.sqrt(v) - 1)).toBeLessThan(1e-3);
    }
  });
});
