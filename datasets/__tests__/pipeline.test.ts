/**
 * The store → batch pipeline: every sample once per epoch with the stored values, normalised per
 * channel with statistics of the training split; the order depends only on (seed, epoch) and
 * not on the memory budget; a small budget bounds the cached bytes yet serves the same batches;
 * in-memory samples and a streamed store give the same normaliser, fingerprint and batches.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  firstSamples,
  generateDataset,
  memorySamples,
  openDataset,
  openPipeline,
  readAllSamples,
  splitRange,
  type Batch,
  type Dataset,
  type Pipeline,
} from "../index.js";

const root = mkdtempSync(join(tmpdir(), "pdes-pipeline-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let ds: Dataset;
let all: { x: Float32Array; y: Float32Array };
const R = 12; // 12 x 12 periodic grid
const N = 30;
const PER = R * R;

beforeAll(async () => {
  const out = join(root, "h");
  await generateDataset({ problem: "heat2d", params: { resolution: R }, n: N, seed: 1, out, chunkSamples: 4 });
  ds = await openDataset(out);
  all = { x: (await ds.read("inputs", 0, N)) as Float32Array, y: (await ds.read("outputs", 0, N)) as Float32Array };
});

async function collect(it: AsyncGenerator<Batch>): Promise<{ idx: number[]; sizes: number[]; batches: Batch[] }> {
  const idx: number[] = [];
  const sizes: number[] = [];
  const batches: Batch[] = [];
  for await (const b of it) {
    idx.push(...b.indices);
    sizes.push(b.indices.length);
    batches.push(b);
  }
  return { idx, sizes, batches };
}

const raw = { seed: 9, validationFraction: 0, normalize: false };

describe("splits", () => {
  it("fractions and counts give contiguous disjoint ranges; bad sizes are rejected", () => {
    expect(splitRange(100)).toEqual({ train: { start: 0, end: 80 }, val: { start: 80, end: 90 }, test: { start: 90, end: 100 } });
    expect(splitRange(50, { train: 30, val: 10, test: 5 })).toEqual({ train: { start: 0, end: 30 }, val: { start: 30, end: 40 }, test: { start: 40, end: 45 } });
    expect(() => splitRange(10, { train: 8, val: 2, test: 2 })).toThrow(/sum to at most n = 10/);
    expect(() => splitRange(10, { train: 0.9, val: 0.2, test: 0 })).toThrow(/fractions/);
  });
});

describe("pipeline", () => {
  it("each epoch visits every sample of the indices once, float32 channels-last, with the stored values", async () => {
    const p = await openPipeline(ds, raw);
    const range = Array.from({ length: 24 }, (_, i) => i + 3);
    const { idx, sizes, batches } = await collect(p.epoch({ batchSize: 5, seed: 9 }, range));
    expect([...idx].sort((a, b) => a - b)).toEqual(range);
    expect(sizes).toEqual([5, 5, 5, 5, 4]);
    for (const b of batches)
      b.indices.forEach((s, k) => {
        expect(Array.from(b.x.subarray(k * PER, (k + 1) * PER))).toEqual(Array.from(all.x.subarray(s * PER, (s + 1) * PER)));
        expect(Array.from(b.y.subarray(k * PER, (k + 1) * PER))).toEqual(Array.from(all.y.subarray(s * PER, (s + 1) * PER)));
      });
  });

  it("the order depends only on (seed, epoch); epochs differ; shuffle: false keeps order; dropLast drops", async () => {
    const p = await openPipeline(ds, raw);
    const run = (seed: number, epoch: number) => collect(p.epoch({ batchSize: 7, seed, epoch }));
    const [a, b, c, d] = [await run(1, 0), await run(1, 0), await run(1, 1), await run(2, 0)];
    expect(a.idx).toEqual(b.idx);
    expect(a.idx).not.toEqual(c.idx);
    expect(a.idx).not.toEqual(d.idx);
    const plain = await collect(p.epoch({ batchSize: 7, shuffle: false }));
    expect(plain.idx).toEqual(Array.from({ length: N }, (_, i) => i));
    expect((await collect(p.epoch({ batchSize: 7, dropLast: true }))).sizes).toEqual([7, 7, 7, 7]);
  });

  it("a budget of two chunks holds at most two chunks, yet serves the same batches in the same order", async () => {
    const chunkBytes = 4 * 2 * PER * 4; // 4 samples × (inputs + outputs) × float32
    const small = await openPipeline(ds, { ...raw, memoryBudget: 2 * chunkBytes });
    const big = await openPipeline(ds, raw);
    for (const epoch of [0, 1]) {
      const s = await collect(small.epoch({ batchSize: 3, seed: 4, epoch }));
      const b = await collect(big.epoch({ batchSize: 3, seed: 4, epoch }));
      expect(s.idx).toEqual(b.idx);
      s.batches.forEach((q, k) => expect(Buffer.from(q.x.buffer).equals(Buffer.from(b.batches[k]!.x.buffer))).toBe(true));
    }
    expect(small.cache.peakBytes).toBeLessThanOrEqual(2 * chunkBytes);
    // 8 chunks, random batches: with two held the chunks must have been read again.
    expect(small.cache.loads).toBeGreaterThan(8);
    expect(big.cache.loads).toBe(8);
  });

  it("subsamples to a coarser nested grid", async () => {
    const p = await openPipeline(firstSamples(ds, 4), { ...raw, subsample: 3 });
    expect(p.grid.shape).toEqual([4, 4]);
    const { x } = await p.batch([0, 1, 2, 3]);
    for (let s = 0; s < 4; s++)
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(x[s * 16 + i * 4 + j]).toBe(all.x[s * PER + 3 * i * R + 3 * j]);
    await expect(openPipeline(ds, { ...raw, subsample: 5 })).rejects.toThrow(/must divide n = 12/);
  });

  it("normalises per channel with the training split's statistics (Float64 reference): mean 0, std 1 there", async () => {
    const p = await openPipeline(ds, { seed: 2, validationFraction: 0.2 });
    expect(p.train.length + p.val.length).toBe(N);
    for (const [arr, st] of [[all.x, p.normalizer.input], [all.y, p.normalizer.output]] as const) {
      let m = 0;
      for (const i of p.train) for (let k = 0; k < PER; k++) m += arr[i * PER + k]!;
      m /= p.train.length * PER;
      let v = 0;
      for (const i of p.train) for (let k = 0; k < PER; k++) v += (arr[i * PER + k]! - m) ** 2;
      expect(st.mean[0]).toBeCloseTo(m, 12);
      expect(st.std[0]).toBeCloseTo(Math.sqrt(v / (p.train.length * PER)), 10);
    }
    const { x } = await p.batch(p.train);
    let m = 0;
    let v = 0;
    for (const t of x) m += t / x.length;
    for (const t of x) v += (t - m) ** 2 / x.length;
    expect(Math.abs(m)).toBeLessThan(1e-5);
    expect(Math.abs(Math.sqrt(v) - 1)).toBeLessThan(1e-4);
  });

  it("streamed and in-memory samples give the same normaliser, fingerprint and bytes", async () => {
    const opts = { seed: 5, validationFraction: 0.25, memoryBudget: 3 * 4 * 2 * PER * 4 };
    const streamed: Pipeline = await openPipeline(ds, opts);
    const mem: Pipeline = await openPipeline(memorySamples(await readAllSamples(ds)), opts);
    expect(streamed.normalizer).toEqual(mem.normalizer);
    expect(streamed.val).toEqual(mem.val);
    const fs = await streamed.fingerprint();
    expect(fs).toEqual(await mem.fingerprint());
    const h = createHash("sha256").update(new Uint8Array(all.x.buffer)).update(new Uint8Array(all.y.buffer)).digest("hex");
    expect(fs.sha256).toBe(h);
    const order = [...streamed.train].reverse();
    const a = await streamed.batch(order);
    const b = await mem.batch(order);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true);
    expect(Buffer.from(a.y.buffer).equals(Buffer.from(b.y.buffer))).toBe(true);
  });

  it("refuses a non-finite value, naming the array and the samples", async () => {
    const d = await readAllSamples(ds);
    d.outputs[PER * 7 + 3] = NaN;
    await expect(openPipeline(memorySamples(d), raw)).rejects.toThrow(/data\.outputs/);
  });
});
