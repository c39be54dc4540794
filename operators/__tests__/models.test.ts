/** Shapes, parameter counts and tensor hygiene of every baseline, on cpu and wasm. */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { buildDeepOnet, buildFno, buildMlp, deepOnetInfo, fitRidgeModel, mlpInfo, predictDeepOnetAt } from "../baselines.js";
import { useBackend } from "./models-fixtures.js";

const grid1 = makeGrid({ shape: [32] });
const grid2 = makeGrid({ shape: [8, 6], lengths: [2, 1] });

describe.each(["cpu", "wasm"] as const)("baselines on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it("MLP: shapes and parameter count", () => {
    const model = buildMlp({ hidden: [20, 10], seed: 1 }, { grid: grid2, inChannels: 2, outChannels: 3 });
    expect(mlpInfo(model)).toEqual({ kind: "mlp", parameterCount: 96 * 20 + 20 + 20 * 10 + 10 + 10 * 144 + 144, probabilistic: false, resolutionInvariant: false });
    const y = tf.tidy(() => model.predict(tf.ones([4, 8, 6, 2])) as tf.Tensor);
    expect(y.shape).toEqual([4, 8, 6, 3]);
    y.dispose();
    model.dispose();
  });

  it("DeepONet: several output channels, 2-D query points", () => {
    const model = buildDeepOnet({ latent: 5, branchHidden: [7], trunkHidden: [6, 5], activation: "gelu", seed: 2 }, { grid: grid2, inChannels: 1, outChannels: 2 });
    expect(deepOnetInfo(model).parameterCount).toBe(48 * 7 + 7 + 7 * 10 + 10 + (2 * 6 + 6) + (6 * 5 + 5) + 2);
    const x = tf.randomNormal([3, 8, 6, 1], 0, 1, "float32", 1);
    const y = tf.tidy(() => model.predict(x) as tf.Tensor);
    expect(y.shape).toEqual([3, 8, 6, 2]);
    // At the grid points themselves, the query path gives the grid prediction.
    const pts: number[] = [];
    for (let i = 0; i < 8; i++) for (let j = 0; j < 6; j++) pts.push((i * 2) / 8, j / 6);
    const q = tf.tidy(() => predictDeepOnetAt(model, x, tf.tensor2d(pts, [48, 2])));
    expect(q.shape).toEqual([3, 48, 2]);
    expect(tf.max(tf.abs(tf.sub(q.reshape([3, 8, 6, 2]), y))).dataSync()[0]).toBeLessThan(1e-5);
    const bad = (() => {
      try {
        predictDeepOnetAt(model, x, tf.zeros([4, 3]) as tf.Tensor2D);
      } catch (e) {
        return e;
      }
    })();
    expect(isPdesError(bad, "ShapeMismatch")).toBe(true);
    tf.dispose([x, y, q]);
    model.dispose();
  });

  it.each([
    ["fno", () => buildFno({ width: 8, modes: 4, depth: 2, seed: 3 }, { grid: grid1, inChannels: 1, outChannels: 1 })],
    ["deeponet", () => buildDeepOnet({ seed: 4 }, { grid: grid1, inChannels: 1, outChannels: 1 })],
    ["mlp", () => buildMlp({ hidden: [16], seed: 5 }, { grid: grid1, inChannels: 1, outChannels: 1 })],
  ] as const)("%s: no tensor leaks in predict or in a training step", (_name, make) => {
    const model = make();
    const x = tf.randomNormal([4, 32, 1], 0, 1, "float32", 6);
    const y = tf.randomNormal([4, 32, 1], 0, 1, "float32", 7);
    const opt = tf.train.adam(1e-3);
    const step = () => {
      const l = opt.minimize(() => tf.mean(tf.square(tf.sub(model.apply(x, { training: true }) as tf.Tensor, y))) as tf.Scalar, true)!;
      const v = l.dataSync()[0]!;
      l.dispose();
      return v;
    };
    const predict = () => tf.dispose(tf.tidy(() => model.predict(x) as tf.Tensor));
    predict();
    step(); // creates the optimizer's slots
    const n0 = tf.memory().numTensors;
    predict();
    const l1 = step();
    step();
    expect(tf.memory().numTensors).toBe(n0);
    expect(Number.isFinite(l1)).toBe(true);
    opt.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });

  it("ridge: predict leaves no tensors", () => {
    const N = 40;
    const xd = Float64Array.from({ length: N * 32 }, (_, i) => Math.sin(i * 1.3) * Math.cos(i * 0.07));
    const { model } = fitRidgeModel({ data: xd, shape: [N, 32, 1] }, { data: xd.map((v) => 2 * v), shape: [N, 32, 1] }, { lambda: 1e-6 }, { grid: grid1, inChannels: 1, outChannels: 1 });
    const x = tf.tensor3d(Float32Array.from(xd.subarray(0, 64)), [2, 32, 1]);
    const n0 = tf.memory().numTensors;
    const y = tf.tidy(() => model.predict(x) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(n0 + 1);
    expect(tf.max(tf.abs(tf.sub(y, tf.mul(x, 2)))).dataSync()[0]).toBeLessThan(1e-3);
    tf.dispose([x, y]);
    model.dispose();
  });
});

afterAll(() => useBackend("cpu"));
