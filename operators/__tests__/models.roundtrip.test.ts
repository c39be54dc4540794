/**
 * Every baseline saves to the TF.js layers format (model.json topology + weight buffer) and
 * loads back bit-identical: same weights, same predictions. The artifacts go through
 * JSON.stringify/parse, as they would through a file.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGrid, type Grid } from "../../core/index.js";
import { buildDeepOnet, buildFno, buildMlp, fitRidgeModel, predictDeepOnetAt } from "../baselines.js";
import { useBackend } from "./models-fixtures.js";

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const json = JSON.parse(JSON.stringify({ modelTopology: saved!.modelTopology, weightSpecs: saved!.weightSpecs }));
  const weightData = (saved!.weightData as ArrayBuffer).slice(0);
  return tf.loadLayersModel(tf.io.fromMemory({ ...json, weightData }));
}

function bitsEqual(a: tf.Tensor, b: tf.Tensor): boolean {
  const x = new Uint32Array(Float32Array.from(a.dataSync()).buffer);
  const y = new Uint32Array(Float32Array.from(b.dataSync()).buffer);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const g1 = makeGrid({ shape: [24], lengths: 2 });
const g2 = makeGrid({ shape: [12, 10], bc: "dirichlet" });
const cases: Array<[string, Grid, () => tf.LayersModel]> = [
  ["fno 1-D", g1, () => buildFno({ width: 8, modes: 5, depth: 2, seed: 1 }, { grid: g1, inChannels: 2, outChannels: 1 })],
  ["fno 2-D", g2, () => buildFno({ width: 6, modes: [3, 4], depth: 2, activation: "gelu_tanh", seed: 2 }, { grid: g2, inChannels: 2, outChannels: 1 })],
  ["deeponet", g1, () => buildDeepOnet({ latent: 8, branchHidden: [10], trunkHidden: [9, 8], seed: 3 }, { grid: g1, inChannels: 2, outChannels: 1 })],
  ["mlp", g2, () => buildMlp({ hidden: [16, 16], seed: 4 }, { grid: g2, inChannels: 2, outChannels: 1 })],
  [
    "ridge",
    g1,
    () => {
      const N = 60;
      const x = Float64Array.from({ length: N * 48 }, (_, i) => Math.sin(i * 0.37) + Math.cos(i * i * 0.01));
      const y = Float64Array.from({ length: N * 24 }, (_, i) => x[2 * i]! - 0.5 * x[2 * i + 1]!);
      return fitRidgeModel({ data: x, shape: [N, 24, 2] }, { data: y, shape: [N, 24, 1] }, { lambda: 1e-6 }, { grid: g1, inChannels: 2, outChannels: 1 }).model;
    },
  ],
];

describe.each(["cpu", "wasm"] as const)("save/load on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(cases)("%s loads back bit-identical", async (_name, grid, make) => {
    const model = make();
    const loaded = await roundTrip(model);
    expect(loaded.weights.map((w) => w.name.replace(/_\d+$/, ""))).toHaveLength(model.weights.length);
    model.getWeights().forEach((w, i) => expect(bitsEqual(w, loaded.getWeights()[i]!)).toBe(true));
    const x = tf.randomNormal([3, ...grid.shape, 2], 0, 1, "float32", 9);
    const [a, b] = tf.tidy(() => [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor]);
    expect(a.shape).toEqual([3, ...grid.shape, 1]);
    expect(bitsEqual(a, b)).toBe(true);
    if (_name === "deeponet") {
      const pts = tf.tensor2d([0.1, 0.75, 1.9], [3, 1]);
      const [p, q] = tf.tidy(() => [predictDeepOnetAt(model, x, pts), predictDeepOnetAt(loaded, x, pts)]);
      expect(bitsEqual(p, q)).toBe(true);
      tf.dispose([pts, p, q]);
    }
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});

afterAll(() => useBackend("cpu"));
