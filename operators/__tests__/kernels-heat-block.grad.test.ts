/**
 * The fused GSNN block (fusedHeatBlock: GELU(heat_τ(x·Wm + bm) + x·Ws), one op each way) against
 * the five ops it replaces (fusedDense, heatSymmetricFilter, fusedDense, add, GELU): the output
 * and the gradients w.r.t. x, Wm, bm, log τ and Ws agree to ≤ 1e-5 relative on wasm and cpu,
 * 1-D periodic (even and odd n, truncated modes), 1-D sine and 2-D, weights as plain tensors and
 * as tf.Variables; no tensor leak over 100 Adam steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { fusedHeatBlock, heatBlockReference, modeClasses, type AxisBasis } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const CASES: { spatial: number[]; bases: AxisBasis[]; modes?: number[]; C: number }[] = [
  { spatial: [32], bases: ["fourier"], C: 8 },
  { spatial: [33], bases: ["fourier"], modes: [9], C: 5 },
  { spatial: [15], bases: ["sine"], C: 8 },
  { spatial: [8, 6], bases: ["fourier", "cosine"], C: 4 },
];

describe.each(["wasm", "cpu"])("fused heat block on %s", (backend) => {
  it("output and the five gradients match the five ops (≤ 1e-5), plain and variable weights", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of CASES.entries()) {
      const M = c.modes ?? c.spatial.map((n, a) => modeClasses(c.bases[a]!, n));
      const lengths = c.spatial.map(() => 1);
      const x = tf.randomNormal([2, ...c.spatial, c.C], 0, 1, "float32", 10 + i);
      const wm = tf.randomNormal([c.C, c.C], 0, 0.4, "float32", 20 + i);
      const bm = tf.randomNormal([c.C], 0, 0.3, "float32", 30 + i);
      const l = tf.randomUniform([1, c.C], Math.log(0.02), Math.log(0.2), "float32", 40 + i);
      const ws = tf.randomNormal([c.C, c.C], 0, 0.4, "float32", 50 + i);
      const u = tf.randomNormal([2, ...c.spatial, c.C], 0, 1, "float32", 60 + i);
      const [wmv, wsv] = [tf.variable(wm), tf.variable(ws)];
      type F = typeof fusedHeatBlock;
      const run = (f: F, a: tf.Tensor, b: tf.Tensor): tf.Tensor[] =>
        tf.tidy(() => {
          const g = (xx: tf.Tensor, p: tf.Tensor, q: tf.Tensor, r: tf.Tensor, s: tf.Tensor): tf.Scalar =>
            tf.sum(tf.mul(u, f(xx, p as tf.Tensor2D, q as tf.Tensor1D, r, s as tf.Tensor2D, lengths, M, c.bases)));
          return [f(x, a as tf.Tensor2D, bm as tf.Tensor1D, l, b as tf.Tensor2D, lengths, M, c.bases), ...tf.grads(g)([x, a, bm, l, b])];
        });
      const ref = run(heatBlockReference, wm, ws);
      const label = JSON.stringify(c);
      for (const [what, got] of [["plain", run(fusedHeatBlock, wm, ws)], ["variables", run(fusedHeatBlock, wmv, wsv)]] as const) {
        ["y", "dx", "dWm", "dbm", "dlogτ", "dWs"].forEach((name, k) => expect(relMax(got[k]!.dataSync(), ref[k]!.dataSync()), `${what} ${name} ${label}`).toBeLessThan(1e-5));
        expect(got[4]!.shape).toEqual([1, c.C]);
        tf.dispose(got);
      }
      tf.dispose([...ref, x, wm, bm, l, ws, u, wmv, wsv]);
    }
  });

  it("names the argument on bad shapes", async () => {
    await tf.setBackend(backend);
    const [x, w, b, l] = [tf.zeros([1, 8, 4]), tf.zeros([4, 4]), tf.zeros([4]), tf.zeros([4])];
    expect(() => fusedHeatBlock(x, tf.zeros([4, 3]) as tf.Tensor2D, b as tf.Tensor1D, l, w as tf.Tensor2D, [1], [5], ["fourier"])).toThrow(/wm/);
    expect(() => fusedHeatBlock(x, w as tf.Tensor2D, tf.zeros([3]) as tf.Tensor1D, l, w as tf.Tensor2D, [1], [5], ["fourier"])).toThrow(/bm/);
    expect(() => fusedHeatBlock(x, w as tf.Tensor2D, b as tf.Tensor1D, tf.zeros([2]), w as tf.Tensor2D, [1], [5], ["fourier"])).toThrow(/logTau/);
    expect(() => fusedHeatBlock(x, w as tf.Tensor2D, b as tf.Tensor1D, l, w as tf.Tensor2D, [1], [6], ["fourier"])).toThrow(/classes\[0\]/);
    tf.dispose([x, w, b, l]);
  });

  it("leaks no tensor over 100 Adam steps on variable weights", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const x = tf.randomNormal([2, 16, 4], 0, 1, "float32", 1);
    const vs = [tf.variable(tf.randomNormal([4, 4], 0, 0.4, "float32", 2)), tf.variable(tf.zeros([4])), tf.variable(tf.fill([1, 4], Math.log(0.05))), tf.variable(tf.randomNormal([4, 4], 0, 0.4, "float32", 3))];
    const opt = tf.train.adam(1e-3);
    const step = (): void => {
      tf.dispose(opt.minimize(() => tf.mean(tf.square(fusedHeatBlock(x, vs[0] as tf.Tensor2D, vs[1] as tf.Tensor1D, vs[2]!, vs[3] as tf.Tensor2D, [1], [9], ["fourier"]))) as tf.Scalar, true)!);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ...vs]);
    opt.dispose();
  });
});
