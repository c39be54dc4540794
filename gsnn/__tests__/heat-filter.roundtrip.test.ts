import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { sampleRng, type BoundaryCondition } from "../../core/index.js";
import { makeGrid } from "../../core/index.js";
import { buildGsnn, HeatFilter, type HeatFilterArgs } from "../index.js";
import { saveToMemory } from "./save-to-memory.js";
import { relMaxError } from "./rel-error.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});


describe.each(["cpu", "wasm"])("HeatFilter save/load on %s", (backend) => {
  const configs: { d: number; args: Partial<HeatFilterArgs> & { lengths: number[] }; sizes: number[][] }[] = [
    { d: 1, args: { lengths: [2], tausPerChannel: 3, tauInit: [0.01, 0.03, 0.1] }, sizes: [[64], [128]] },
    { d: 1, args: { lengths: [1], tausPerChannel: 2, bankMode: "stack", bc: ["dirichlet"] as BoundaryCondition[] }, sizes: [[31], [63]] },
    { d: 2, args: { lengths: [1, 2], modes: [6, 8], implementation: "matmul" }, sizes: [[16, 32], [32, 64]] },
    { d: 2, args: { lengths: [1, 1], tausPerChannel: 2, bc: ["dirichlet", "periodic"] as BoundaryCondition[], dirichlet: "reflect" }, sizes: [[15, 16], [31, 32]] },
  ];
  it("a saved and reloaded model gives bit-identical predictions at every resolution", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of configs.entries()) {
      const C = 3;
      const model = tf.sequential({
        layers: [new HeatFilter({ ...c.args, inputShape: [...new Array<null>(c.d).fill(null), C] })],
      });
      // Move the weights away from their initial values so the reload must read them.
      tf.tidy(() => model.setWeights(model.getWeights().map((w) => tf.mul(w, 1.3))));
      const artifacts = await saveToMemory(model);
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      expect(loaded.layers[0]!.getClassName()).toBe("HeatFilter");
      expect(loaded.layers[0]!.getConfig()).toEqual(model.layers[0]!.getConfig());
      for (const size of c.sizes) {
        const n = size.reduce((a, b) => a * b, 1);
        const x = tf.tensor(sampleRng(9, i).fillNormal(new Float32Array(2 * n * C)), [2, ...size, C]);
        const a = model.predict(x) as tf.Tensor;
        const b = loaded.predict(x) as tf.Tensor;
        expect(b.shape).toEqual(a.shape);
        expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
        tf.dispose([x, a, b]);
      }
      model.dispose();
      loaded.dispose();
    }
  });
});

describe.each(["cpu", "wasm"])("heat-filter class names on %s", (backend) => {
  it("a GSNN saved when its filters were GaussianHeatFilter still loads and predicts the same (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const f = JSON.parse(fs.readFileSync(new URL("./fixtures/legacy-gaussian-heat-filter.json", import.meta.url), "utf8"));
    const artifacts: tf.io.ModelArtifacts = {
      modelTopology: f.modelTopology,
      weightSpecs: f.weightSpecs,
      weightData: new Uint8Array(Buffer.from(f.weightData, "base64")).buffer,
    };
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const heat = model.layers.filter((l) => l instanceof HeatFilter);
    expect(heat.map((l) => l.getClassName())).toEqual(["GaussianHeatFilter"]);
    // The bank weights and the learned injection were read (not left at their initialisers).
    expect(heat[0]!.getWeights().map((w) => w.shape)).toEqual([[2, 4], [2, 4], [4]]);
    const x = tf.tensor(f.input, f.inputShape);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(f.outputShape);
    expect(relMaxError(y.dataSync(), f.output)).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it("buildGsnn's filters are HeatFilter layers (the class the tests train and differentiate)", () => {
    const model = buildGsnn({ width: 4, depth: 2, linearPathTaus: 0 }, { grid: makeGrid({ shape: [16] }), inChannels: 1, outChannels: 1 });
    const names = model.layers.filter((l) => l instanceof HeatFilter).map((l) => l.getClassName());
    expect(names).toEqual(["HeatFilter", "HeatFilter"]);
    model.dispose();
  });
});
