import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError, makeGrid, sampleRng } from "../../core/index.js";
import { buildGsnn, HeatDerivativeFilter, type HeatDerivativeFilterArgs } from "../index.js";
import { saveToMemory } from "./save-to-memory.js";

afterAll(async () => tf.setBackend("cpu"));


describe.each(["cpu", "wasm"])("HeatDerivativeFilter save/load on %s", (backend) => {
  const configs: { d: number; args: HeatDerivativeFilterArgs; sizes: number[][]; C: number }[] = [
    { d: 1, args: { lengths: [2], orders: [[1], [2]], tauInit: 0.05 }, sizes: [[64], [128]], C: 3 },
    { d: 1, args: { lengths: [1], bc: ["dirichlet"], orders: [[0], [2]], normalized: false }, sizes: [[31], [63]], C: 2 },
    { d: 2, args: { lengths: [1, 2], orders: [[1, 0], [1, 1]], probabilistic: true }, sizes: [[16, 32], [32, 64]], C: 4 },
  ];
  it("a saved and reloaded model gives bit-identical predictions at every resolution", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of configs.entries()) {
      const model = tf.sequential({ layers: [new HeatDerivativeFilter({ ...c.args, inputShape: [...new Array<null>(c.d).fill(null), c.C] })] });
      // Move τ away from its initial value so the reload must read the weights.
      tf.tidy(() => model.setWeights(model.getWeights().map((w) => tf.add(w, tf.randomUniform(w.shape, -0.3, 0.3, "float32", 5)))));
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
      expect(loaded.layers[0]!.getClassName()).toBe("HeatDerivativeFilter");
      expect(loaded.layers[0]!.getConfig()).toEqual(model.layers[0]!.getConfig());
      for (const size of c.sizes) {
        const n = size.reduce((a, b) => a * b, 1);
        const data = sampleRng(9, i).fillNormal(new Float32Array(2 * n * c.C));
        if (c.args.probabilistic) for (let j = c.C / 2; j < data.length; j += c.C) for (let k = 0; k < c.C / 2; k++) data[j + k] = Math.abs(data[j + k]!);
        const x = tf.tensor(data, [2, ...size, c.C]);
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

describe.each(["cpu", "wasm"])("GSNN with derivative filters save/load on %s", (backend) => {
  it("buildGsnn({derivativeFilters}) reloads bit for bit (1-D and 2-D); probabilistic is refused", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, grid] of [makeGrid({ shape: [32], lengths: [1] }), makeGrid({ shape: [8, 12], lengths: [1, 2] })].entries()) {
      const model = buildGsnn({ width: 4, depth: 2, linearPathTaus: 0, projectionWidth: 8, derivativeFilters: true, seed: 3 }, { grid, inChannels: 1, outChannels: 2 });
      tf.tidy(() => model.setWeights(model.getWeights().map((w) => tf.add(w, tf.randomUniform(w.shape, -0.1, 0.1, "float32", 7)))));
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
      const x = tf.tensor(sampleRng(4, i).fillNormal(new Float32Array(2 * grid.shape.reduce((a, b) => a * b, 1))), [2, ...grid.shape, 1]);
      const a = model.predict(x) as tf.Tensor;
      const b = loaded.predict(x) as tf.Tensor;
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      model.dispose();
      loaded.dispose();
    }
    let err: unknown = null;
    try {
      buildGsnn({ derivativeFilters: true, probabilistic: true }, { grid: makeGrid({ shape: [16], lengths: [1] }), inChannels: 1, outChannels: 1 });
    } catch (e) {
      err = e;
    }
    expect(isPdesError(err, "Unsupported"), String(err)).toBe(true);
  });
});
