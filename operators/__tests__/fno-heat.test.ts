/**
 * FNO-1D learns the periodic heat solution operator u0 ↦ u(T) (n = 64, 1000 samples) to
 * relative L2 ≤ 1e-2 on held-out inputs. CI-sized budget: width 16, modes 8, depth 4,
 * projection 32, 7 epochs of batch 10 with Adam 1e-2 halved every 2 epochs (wasm; Adam as one
 * fused kernel per step, the same update as tfjs's: 8.24e-3 either way). The inputs have 8
 * modes, so the grid only samples them: n = 256, 128, 64 and 32 reach 8.245e-3, 8.245e-3,
 * 8.239e-3 and 8.215e-3, and n = 64 costs under half of n = 256's CPU.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGrid } from "../../core/index.js";
import { buildFno } from "../baselines.js";
import { evaluate, linspace, randomSeries, relL2, trainMse, useBackend, values } from "./models-fixtures.js";

describe("FNO learns the 1-D heat operator", () => {
  beforeAll(() => useBackend("wasm"));

  it("to rel L2 ≤ 1e-2", () => {
    const n = 64;
    const N = 1000;
    const kt = 0.005; // κT: mode k decays by exp(−κT(2πk)²)
    const xs = linspace(n);
    const train = randomSeries(1, N, 8);
    const test = randomSeries(2, 200, 8);
    const X = tf.tensor3d(Float32Array.from(evaluate(train, xs)), [N, n, 1]);
    const Y = tf.tensor3d(Float32Array.from(evaluate(train, xs, { heat: kt })), [N, n, 1]);
    const Xt = tf.tensor3d(Float32Array.from(evaluate(test, xs)), [200, n, 1]);
    const grid = makeGrid({ shape: [n] });
    const model = buildFno({ width: 16, modes: 8, depth: 4, projectionUnits: 32, seed: 3 }, { grid, inChannels: 1, outChannels: 1 });
    const cpu0 = process.cpuUsage();
    const seconds = trainMse(model, X, Y, { epochs: 7, batch: 10, lr: 1e-2, halveEvery: 2, fused: true });
    const p = values(() => model.predict(Xt) as tf.Tensor);
    const err = relL2(p, evaluate(test, xs, { heat: kt }));
    const cpu = process.cpuUsage(cpu0);
    console.info(`FNO heat: rel L2 ${err.toExponential(2)} after ${seconds.toFixed(1)} s of training (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)`);
    expect(err).toBeLessThan(1e-2);
    tf.dispose([X, Y, Xt]);
    model.dispose();
  });
});

afterAll(() => useBackend("cpu"));
