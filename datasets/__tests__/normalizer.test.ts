import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { channelStats, denormalizeMean, denormalizeVariance, loadNormalizer, memorySamples, normalizeValues, openPipeline, saveNormalizer, splitIndices } from "../index.js";

const root = mkdtempSync(join(tmpdir(), "pdes-norm-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("per-channel normaliser", () => {
  // 3 samples × 4 points × 2 channels; channel 1 is 100× channel 0 plus an offset.
  const x = Float32Array.from({ length: 24 }, (_, k) => (k % 2 === 0 ? Math.sin(k) : 100 * Math.cos(k) + 7));

  it("fits mean and population std per channel over the chosen samples (Float64 reference)", () => {
    const st = channelStats(x, 2, [0, 2], 8);
    for (const c of [0, 1]) {
      const v: number[] = [];
      for (const i of [0, 2]) for (let p = 0; p < 4; p++) v.push(x[i * 8 + p * 2 + c]!);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
      expect(st.mean[c]).toBeCloseTo(m, 12);
      expect(st.std[c]).toBeCloseTo(sd, 12);
    }
  });

  it("round-trips values and scales variances by std²", () => {
    const st = channelStats(x, 2, [0, 1, 2], 8);
    const back = denormalizeMean(normalizeValues(x, st), st);
    back.forEach((v, k) => expect(Math.abs(v - x[k]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(x[k]!))));
    const ones = new Float32Array(4).fill(1);
    expect(Array.from(denormalizeVariance(ones, st))).toEqual([st.std[0]! ** 2, st.std[1]! ** 2, st.std[0]! ** 2, st.std[1]! ** 2]);
  });

  it("saves and loads as JSON; a malformed or missing file is a DatasetFormat error naming it", async () => {
    const n = { kind: "channel" as const, input: channelStats(x, 2, [0, 1], 8), output: channelStats(x, 2, [2], 8) };
    const file = join(root, "n.json");
    await saveNormalizer(file, n);
    expect(await loadNormalizer(file)).toEqual(n);
    writeFileSync(join(root, "bad.json"), JSON.stringify({ kind: "channel", input: { mean: [0], std: [0] }, output: n.output }));
    for (const f of ["bad.json", "missing.json"]) {
      const err = await loadNormalizer(join(root, f)).catch((e: unknown) => e);
      expect(isPdesError(err, "DatasetFormat")).toBe(true);
      expect((err as Error).message).toContain(f);
    }
  });

  it("leaves a constant channel centred but unscaled", () => {
    const c = Float32Array.from({ length: 8 }, (_, k) => (k % 2 === 0 ? 5 : k));
    const st = channelStats(c, 2, [0], 8);
    expect(st.mean[0]).toBe(5);
    expect(st.std[0]).toBe(1);
  });
});

describe("seeded split", () => {
  it("is a disjoint cover, seeded, with at least one validation sample", async () => {
    let state = 1;
    const shuffle = (a: number[]) => a.sort(() => ((state = (state * 16807) % 2147483647) / 2147483647) - 0.5);
    const { train, val } = splitIndices(10, 0.2, shuffle);
    expect(val).toHaveLength(2);
    expect([...train, ...val].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(splitIndices(3, 0.01, (a) => a).val).toHaveLength(1);
    const grid = makeGrid({ shape: [4] });
    const d = { inputs: new Float32Array(40).map((_, k) => k), outputs: new Float32Array(40), count: 10, grid, inChannels: 1, outChannels: 1, problem: {} };
    const open = (seed: number) => openPipeline(memorySamples(d), { seed, validationFraction: 0.3 });
    const [a, b, c] = await Promise.all([open(3), open(3), open(4)]);
    expect(a.val).toEqual(b.val);
    expect(a.val).not.toEqual(c.val);
    // Statistics come from the training samples only.
    expect(a.normalizer.input.mean[0]).toBeCloseTo(a.train.reduce((s, i) => s + 4 * i + 1.5, 0) / a.train.length, 10);
  });
});
