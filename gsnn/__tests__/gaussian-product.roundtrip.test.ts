/**
 * Save/load of a model using GaussianProduct through the TF.js layers format (topology JSON
 * and weights, in memory): the layer's config (pairs, probabilistic) survives and predictions
 * are bit-identical, for explicit pairs and for "all". cpu.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { GaussianLinear, GaussianProduct, type ProductPairs } from "../index.js";

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const a = saved! as tf.io.ModelArtifacts;
  return tf.loadLayersModel(tf.io.fromMemory({ ...a, modelTopology: JSON.parse(JSON.stringify(a.modelTopology)) }));
}

describe("GaussianProduct save/load", () => {
  for (const [pairs, probabilistic] of [
    [[[0, 1], [1, 1], [2, 0]], true],
    ["all", false],
  ] as [ProductPairs, boolean][]) {
    it(`pairs ${JSON.stringify(pairs)}, probabilistic ${probabilistic}: config kept, predictions bit-identical`, async () => {
      await tf.setBackend("cpu");
      const c = probabilistic ? 6 : 3;
      const input = tf.input({ shape: [8, c] });
      const lin = new GaussianLinear({ units: 3, probabilistic, seed: 4 });
      const prod = new GaussianProduct({ pairs, probabilistic, name: "product" });
      const model = tf.model({ inputs: input, outputs: prod.apply(lin.apply(input)) as tf.SymbolicTensor });
      const loaded = await roundTrip(model);
      const layer = loaded.getLayer("product") as GaussianProduct;
      expect(layer).toBeInstanceOf(GaussianProduct);
      expect(layer.getConfig().pairs).toEqual(pairs === "all" ? "all" : pairs);
      expect(layer.probabilistic).toBe(probabilistic);
      const x = tf.randomUniform([2, 8, c], 0.1, 1, "float32", 9);
      const p1 = model.predict(x) as tf.Tensor;
      const p2 = loaded.predict(x) as tf.Tensor;
      expect(p2.shape).toEqual(p1.shape);
      expect(p1.shape[2]).toBe((probabilistic ? 2 : 1) * (pairs === "all" ? 6 : 3));
      expect(Array.from(p2.dataSync())).toEqual(Array.from(p1.dataSync()));
      tf.dispose([x, p1, p2]);
    });
  }
});
