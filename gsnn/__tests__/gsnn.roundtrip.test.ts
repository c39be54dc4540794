/**
 * Save/load of GSNN models through the TF.js layers format (model.json topology + weight
 * buffer, in memory): predictions are bit-identical, including the fitted linear path (its
 * non-trainable bank times and the gate) and the probabilistic 2D model. cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../core/index.js";
import { buildGsnn, findLinearPath, fitLinearPath } from "../index.js";
import { makePairs } from "./gsnn-data.js";

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  // Through JSON text, as a file would be.
  const a = saved! as tf.io.ModelArtifacts;
  const topology = JSON.parse(JSON.stringify(a.modelTopology));
  return tf.loadLayersModel(tf.io.fromMemory({ ...a, modelTopology: topology }));
}

/** Moves every trainable weight off its initial value (zero-initialised layers included). */
function perturb(model: tf.LayersModel, seed: number): void {
  model.trainableWeights.forEach((w, i) =>
    tf.tidy(() => {
      w.write(tf.add(w.read(), tf.randomNormal(w.shape as number[], 0, 0.1, "float32", seed + i)));
    }),
  );
}

function sameBits(a: tf.Tensor, b: tf.Tensor): boolean {
  const x = new Uint32Array((a.dataSync() as Float32Array).buffer.slice(0));
  const y = new Uint32Array((b.dataSync() as Float32Array).buffer.slice(0));
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

describe.each(["cpu", "wasm"])("GSNN save/load on %s", (backend) => {
  it("1D deterministic with a fitted linear path: bit-identical predictions", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [32] });
    const model = buildGsnn({ width: 8, depth: 2, projectionWidth: 16, seed: 9 }, { grid, inChannels: 1, outChannels: 1 });
    perturb(model, 100);
    const { x, y } = makePairs("heat", 16, 32, 3);
    const fit = fitLinearPath(model, x, y);
    expect(fit.leadingTime).not.toBeNull();
    const loaded = await roundTrip(model);
    const p1 = model.predict(x) as tf.Tensor;
    const p2 = loaded.predict(x) as tf.Tensor;
    expect(sameBits(p1, p2)).toBe(true);
    // The fitted bank survived (times are a non-trainable weight).
    expect(Array.from(findLinearPath(loaded).bank().times)).toEqual(Array.from(findLinearPath(model).bank().times));
    tf.dispose([x, y, p1, p2]);
  });

  it("2D probabilistic with learned injection and a τ bank: bit-identical predictions", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [8, 12], lengths: [1, 1.5] });
    const model = buildGsnn(
      { width: 6, depth: 1, projectionWidth: 8, seed: 2, probabilistic: true, inputVariance: 0.05, injection: "learned", tausPerChannel: 2, activation: "relu" },
      { grid, inChannels: 2, outChannels: 1 },
    );
    perturb(model, 200);
    const x = tf.randomNormal([3, 8, 12, 2], 0, 1, "float32", 8);
    const loaded = await roundTrip(model);
    const p1 = model.predict(x) as tf.Tensor;
    const p2 = loaded.predict(x) as tf.Tensor;
    expect(p1.shape).toEqual([3, 8, 12, 2]);
    // Non-trivial outputs: nonzero means and positive variances.
    expect(tf.max(tf.abs(p1)).dataSync()[0]).toBeGreaterThan(1e-3);
    expect(sameBits(p1, p2)).toBe(true);
    tf.dispose([x, p1, p2]);
  });
});
