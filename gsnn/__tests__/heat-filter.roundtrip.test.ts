import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { sampleRng, type BoundaryCondition } from "../../core/index.js";
import { HeatFilter, type HeatFilterArgs } from "../heat-filter.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

async function saveToMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  return artifacts!;
}

describe.each(["cpu", "wasm"])("HeatFilter save/load on %s", (backend) => {
  const configs: { d: number; args: Partial<HeatFilterArgs> & { lengths: number[] }; sizes: number[][] }[] = [
    { d: 1, args: { lengths: [2], tausPerChannel: 3, tauInit: [0.01, 0.03, 0.1] }, sizes: [[64], [128]] },
    { d: 1, args: { lengths: [1], tausPerChannel: 2, bankMode: "stack", bc: ["dirichlet"] as BoundaryCondition[] }, sizes: [[31], [63]] },
    { d: 2, args: { lengths: [1, 2], modes: [6, 8], implementation: "matmul" }, sizes: [[16, 32], [32, 64]] },
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
