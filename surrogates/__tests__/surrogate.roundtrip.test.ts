/**
 * loadSurrogate round trip: the saved run predicts exactly what the model did at the end of
 * training; physical units; uncertainty only for probabilistic models; resolution transfer only
 * for resolution-invariant ones; clear errors for a wrong grid or channel count.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { isPdesError, makeField, Rng, selectBackend, type Field } from "../../core/index.js";
import type { ModelContext } from "../../operators/index.js";
import { getModelEntry, loadSurrogate, parseTrainConfig, readNpy, registerModelKind, train, writeNpy, type TrainConfigInput } from "../index.js";
import { smoothingData, tempDir } from "./train-helpers.js";

let dir: string;
beforeAll(async () => {
  await selectBackend("cpu", { quiet: true });
  dir = tempDir("surrogate");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const N = 16;
const data = smoothingData(40, N);

function config(name: string, extra: Partial<TrainConfigInput>) {
  return parseTrainConfig({ data: "unused", out: path.join(dir, name), model: "mlp", modelConfig: { hidden: [16] }, epochs: 3, batchSize: 8, lr: 3e-3, backend: "cpu", ...extra });
}

function randomInputs(count: number, n: number, seed: number): Field {
  const r = new Rng(seed);
  return makeField([count, n, 1], Float64Array.from({ length: count * n }, () => 2 + r.normal()));
}

/**
 * A pointwise probabilistic test model (stands in for a probabilistic GSNN): per grid point, a
 * hidden layer, then a mean and a softplus variance, concatenated as [means, variances]. Its
 * input shape follows the grid, so another resolution needs a rebuild.
 */
function pointwiseGaussian(_cfg: Record<string, unknown>, ctx: ModelContext): tf.LayersModel {
  const input = tf.input({ shape: [...ctx.grid.shape, ctx.inChannels] });
  const h = tf.layers.dense({ units: 8, activation: "tanh" }).apply(input) as tf.SymbolicTensor;
  const mean = tf.layers.dense({ units: ctx.outChannels }).apply(h) as tf.SymbolicTensor;
  const variance = tf.layers.dense({ units: ctx.outChannels, activation: "softplus" }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.concatenate().apply([mean, variance]) as tf.SymbolicTensor });
}

describe("deterministic model (mlp)", () => {
  it("predicts bit-for-bit what the trained model predicted, as Float64 in physical units", async () => {
    const res = await train({ config: config("mlp", {}), data, backend: "cpu", warn: () => {} });
    const s = await loadSurrogate(res.runDir);
    const x = randomInputs(5, N, 9);
    const atEnd = await res.surrogate.predict(x);
    const loaded = await s.predict(x);
    expect(loaded.data).toBeInstanceOf(Float64Array);
    expect(loaded.shape).toEqual([5, N, 1]);
    expect(Array.from(loaded.data)).toEqual(Array.from(atEnd.data));
    // A single sample (no batch axis) gives the same numbers as the batch.
    const one = await s.predict(makeField([N, 1], x.data.slice(0, N)));
    expect(one.shape).toEqual([N, 1]);
    expect(Array.from(one.data)).toEqual(Array.from(loaded.data.slice(0, N)));
    expect(s.grid.shape).toEqual([N]);
    expect(s.problem.problem).toBe("smoothing-test");
    expect(s.info).toMatchObject({ kind: "mlp", probabilistic: false, resolutionInvariant: false });
    await expect(s.predictWithUncertainty(x)).rejects.toThrow(/deterministic/);
    s.dispose();
  });

  it("rejects a wrong channel count, rank or resolution with a named shape error", async () => {
    const s = await loadSurrogate(path.join(dir, "mlp"));
    const cases: Array<[Field, RegExp]> = [
      [makeField([2, N, 2]), /input channels has shape 2, expected 1/],
      [makeField([N]), /input has shape \[16\], expected \[16, 1\] or \[batch, 16, 1\]/],
      [makeField([2, 32, 1]), /tied to its training resolution/],
    ];
    for (const [f, msg] of cases) {
      let err: unknown;
      try {
        await s.predict(f);
      } catch (e) {
        err = e;
      }
      expect(isPdesError(err, "ShapeMismatch")).toBe(true);
      expect((err as Error).message).toMatch(msg);
    }
    s.dispose();
  });
});

describe("ridge (closed form)", () => {
  it("recovers the linear map in physical units (normaliser undone)", async () => {
    const res = await train({ config: config("ridge", { model: "ridge", modelConfig: {}, ridgeLambda: 1e-8 }), data, backend: "cpu", warn: () => {} });
    const s = await loadSurrogate(res.runDir);
    const x = randomInputs(3, N, 4);
    const y = await s.predict(x);
    let err = 0;
    let norm = 0;
    for (let b = 0; b < 3; b++)
      for (let j = 0; j < N; j++) {
        const u = (k: number) => x.data[b * N + ((k + N) % N)]!;
        const exact = 3 * (0.5 * u(j) + 0.25 * (u(j - 1) + u(j + 1)));
        err += (y.data[b * N + j]! - exact) ** 2;
        norm += exact ** 2;
      }
    expect(Math.sqrt(err / norm)).toBeLessThan(1e-3);
    s.dispose();
  });
});

describe("probabilistic, resolution-invariant model", () => {
  it("returns mean and variance, round-trips bit for bit, and evaluates on another resolution", async () => {
    const real = getModelEntry("gsnn");
    registerModelKind("gsnn", { build: pointwiseGaussian, probabilistic: () => true, resolutionInvariant: true });
    onTestFinished(() => registerModelKind("gsnn", real));
    const res = await train({ config: config("prob", { model: "gsnn" }), data, backend: "cpu", warn: () => {} });
    expect(JSON.parse(fs.readFileSync(path.join(res.runDir, "config.json"), "utf8")).loss).toBe("nll");
    const s = await loadSurrogate(res.runDir);
    expect(s.info.probabilistic).toBe(true);
    const x = randomInputs(4, N, 5);
    const p = await s.predictWithUncertainty(x);
    const q = await res.surrogate.predictWithUncertainty(x);
    expect(Array.from(p.mean.data)).toEqual(Array.from(q.mean.data));
    expect(Array.from(p.variance.data)).toEqual(Array.from(q.variance.data));
    expect(Array.from((await s.predict(x)).data)).toEqual(Array.from(p.mean.data));
    expect(p.variance.data.every((v) => v > 0)).toBe(true);
    // Pointwise model: on a 2× finer grid, even points carrying the coarse values predict the same.
    const fine = makeField([4, 2 * N, 1]);
    for (let b = 0; b < 4; b++)
      for (let j = 0; j < 2 * N; j++) fine.data[b * 2 * N + j] = j % 2 === 0 ? x.data[b * N + j / 2]! : 0;
    const pf = await s.predictWithUncertainty(fine);
    expect(pf.mean.shape).toEqual([4, 2 * N, 1]);
    for (let b = 0; b < 4; b++)
      for (let j = 0; j < N; j++) {
        expect(pf.mean.data[b * 2 * N + 2 * j]).toBeCloseTo(p.mean.data[b * N + j]!, 5);
        expect(pf.variance.data[b * 2 * N + 2 * j]).toBeCloseTo(p.variance.data[b * N + j]!, 5);
      }
    s.dispose();
  });
});

describe("real builders", () => {
  // Tiny configurations: the point is the saved custom layers, not accuracy.
  const kinds = [
    ["gsnn", { width: 4, depth: 1, probabilistic: true, linearPathTaus: 2, projectionWidth: 8 }],
    ["fno", { width: 4, modes: 4, depth: 1, projectionUnits: 8 }],
    ["deeponet", { latent: 8, branchHidden: [8], trunkHidden: [8, 8] }],
  ] as const;
  it.each(kinds)("%s: saved run predicts bit-for-bit (and on a 2x finer grid if resolution-invariant)", async (model, modelConfig) => {
    const res = await train({ config: config(`real-${model}`, { model, modelConfig, epochs: 1 }), data, backend: "cpu", warn: () => {} });
    const s = await loadSurrogate(res.runDir);
    const invariant = model !== "deeponet";
    expect(s.info).toMatchObject({ kind: model, probabilistic: model === "gsnn", resolutionInvariant: invariant });
    for (const n of invariant ? [N, 2 * N] : [N]) {
      const x = randomInputs(3, n, 8);
      expect(Array.from((await s.predict(x)).data)).toEqual(Array.from((await res.surrogate.predict(x)).data));
    }
    if (model === "gsnn") {
      const x = randomInputs(2, N, 3);
      const p = await s.predictWithUncertainty(x);
      expect(Array.from(p.variance.data)).toEqual(Array.from((await res.surrogate.predictWithUncertainty(x)).variance.data));
      expect(p.variance.data.every((v) => v >= 0)).toBe(true);
    } else await expect(s.predictWithUncertainty(randomInputs(1, N, 1))).rejects.toThrow(/deterministic/);
    s.dispose();
  });
});

describe(".npy files", () => {
  it("round-trip a Field (float64) and read float32 written by numpy's layout", () => {
    const f = makeField([2, 3, 1], [1, 2.5, -3, 4e-300, 5, 6]);
    const file = path.join(dir, "a.npy");
    writeNpy(file, f);
    const g = readNpy(file);
    expect(g.shape).toEqual([2, 3, 1]);
    expect(Array.from(g.data)).toEqual(Array.from(f.data));
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(1, 6).toString("latin1")).toBe("NUMPY");
    expect((10 + bytes.readUInt16LE(8)) % 64).toBe(0);
  });
});
