/**
 * coleHopfFit through the training config and the trainer's closed-form hook: the key survives
 * parseTrainConfig → JSON → parseTrainConfig, a typo of it is refused, the gsnn entry's "before"
 * fit runs the search on the (normalised) training split it is handed and logs the parameters,
 * and the fitted model saves and reloads bit for bit; coleHopfPathTrainable false keeps the
 * path's weights out of the trainable set, also after a reload. Small synthetic Burgers set (ν = 0.1,
 * 16 samples at 32 points, the toolkit's solver); cpu.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { getProblem } from "../../datasets/index.js";
import { getModelEntry, parseTrainConfig } from "../../surrogates/index.js";
import { buildGsnn, type GsnnConfig } from "../index.js";
import { saveToMemory } from "./save-to-memory.js";

describe("coleHopfFit config round trip", () => {
  it("parses, serialises and reparses; the gsnn fit hook fits the path; save/load bit for bit", async () => {
    await tf.setBackend("cpu");
    const modelConfig = { width: 4, depth: 0, projectionWidth: 4, linearPathTaus: 0, coleHopfPath: 2, coleHopfFit: true, seed: 2 };
    const cfg = parseTrainConfig({ data: "d", out: "o", model: "gsnn", modelConfig });
    expect(cfg.modelConfig).toEqual(modelConfig);
    expect(parseTrainConfig(JSON.parse(JSON.stringify(cfg))).modelConfig).toEqual(modelConfig);
    let typo: unknown = null;
    try {
      parseTrainConfig({ data: "d", out: "o", model: "gsnn", modelConfig: { ...modelConfig, coleHopfFitt: true } });
    } catch (e) {
      typo = e;
    }
    expect(isPdesError(typo, "InvalidArgument") && (typo as Error).message).toContain("coleHopfFitt");

    const nu = 0.1;
    const n = 32;
    const N = 16;
    const p = getProblem("burgers1d").resolve({ resolution: n, nu, time: 1, fine: 1 });
    const x = new Float32Array(N * n);
    const y = new Float32Array(N * n);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < N; i++) {
      p.sample(5, i, a, b);
      x.set(a, i * n);
      y.set(b, i * n);
    }
    const ctx = { grid: makeGrid({ shape: [n], lengths: [1] }), inChannels: 1, outChannels: 1 };
    const model = buildGsnn(cfg.modelConfig as GsnnConfig, ctx);
    const entry = getModelEntry("gsnn");
    const res = await entry.fit!({ stage: "before", model, config: cfg.modelConfig, ctx, train: { ridgeLambda: 1e-8, seed: 0 }, data: async () => ({ x, y, n: N }) });
    const s = res.summary!;
    expect(s.stage).toBe("cole-hopf path");
    // Raw inputs here: the found map is Burgers' own (γ = −1/(2ν) = −5, τ = √ν, shift 1).
    expect(Math.abs((s.gain as number) / -5 - 1)).toBeLessThan(1e-2);
    expect(Math.abs((s.tau as number) / Math.sqrt(nu) - 1)).toBeLessThan(2e-3);
    expect(s.loss as number).toBeLessThan(1e-4);
    // Nothing to fit after training.
    expect((await entry.fit!({ stage: "after", model, config: cfg.modelConfig, ctx, train: { ridgeLambda: 1e-8, seed: 0 }, data: async () => ({ x, y, n: N }) })).summary).toBeNull();

    const artifacts = await saveToMemory(model);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const input = tf.tensor(x, [N, n, 1]);
    const p1 = tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync());
    const p2 = tf.tidy(() => (loaded.predict(input) as tf.Tensor).dataSync());
    expect(Array.from(p2)).toEqual(Array.from(p1));
    tf.dispose([input]);
    model.dispose();
    loaded.dispose();
  });

  it("coleHopfPathTrainable false: the path's weights are not trainable, before and after save/load", async () => {
    await tf.setBackend("cpu");
    const ctx = { grid: makeGrid({ shape: [16], lengths: [1] }), inChannels: 1, outChannels: 1 };
    const config = { width: 4, depth: 1, projectionWidth: 4, linearPathTaus: 0, coleHopfPath: 2, coleHopfPathTrainable: false, seed: 1 };
    expect(parseTrainConfig({ data: "d", out: "o", model: "gsnn", modelConfig: config }).modelConfig).toEqual(config);
    const pathNames = (m: tf.LayersModel, trainable: boolean) =>
      (trainable ? m.trainableWeights : m.nonTrainableWeights).map((w) => w.originalName).filter((nm) => nm.startsWith("cole_hopf_path"));
    const model = buildGsnn(config, ctx);
    const open = buildGsnn({ ...config, coleHopfPathTrainable: true }, ctx);
    // mix kernel + bias, log τ, shift, log γ, output kernel.
    expect(pathNames(open, true).length).toBe(6);
    expect(pathNames(model, true)).toEqual([]);
    expect(pathNames(model, false).length).toBe(6);
    expect(model.trainableWeights.length).toBe(open.trainableWeights.length - 6);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
    expect(pathNames(loaded, true)).toEqual([]);
    expect(pathNames(loaded, false).length).toBe(6);
    for (const m of [model, open, loaded]) m.dispose();
  });
});
