/**
 * The fused dense op (fusedDense: x [..., K]·w (+ b) with one kernel forward and one for dx, dW
 * and db) against the path it replaces, tfjs's matMul on the reshaped rows with tfjs's own
 * gradients: values and gradients agree to ≤ 1e-5 relative on wasm and cpu, ranks 2–4, odd and
 * even widths (K and N below and above the kernels' blocks of 4 and 8), with and without bias.
 * Also: no tensor leak over 1000 training steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { fusedDense } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const CASES: { lead: number[]; K: number; N: number; bias: boolean }[] = [
  { lead: [7], K: 5, N: 8, bias: true },
  { lead: [2, 9], K: 2, N: 32, bias: true },
  { lead: [3, 16], K: 32, N: 32, bias: false },
  { lead: [2, 5, 3], K: 13, N: 11, bias: true },
  { lead: [2, 17], K: 32, N: 128, bias: true },
  { lead: [1, 33], K: 128, N: 9, bias: false },
  { lead: [4, 6], K: 1, N: 16, bias: true },
  // Narrow outputs (N < 8): dotrows/xtdy when K is a multiple of 4, else the padded block.
  { lead: [2, 17], K: 128, N: 1, bias: true },
  { lead: [3, 5], K: 8, N: 3, bias: false },
  { lead: [7], K: 12, N: 5, bias: true },
  { lead: [4], K: 5, N: 2, bias: true },
];

describe.each(["wasm", "cpu"])("fused dense on %s", (backend) => {
  it("values, dx, dW and db match tfjs's matMul on the reshaped rows (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of CASES.entries()) {
      const [fused, ref] = tf.tidy(() => {
        const x = tf.randomNormal([...c.lead, c.K], 0, 1, "float32", 10 + i);
        const w = tf.randomNormal([c.K, c.N], 0, 1, "float32", 20 + i);
        const b = tf.randomNormal([c.N], 0, 1, "float32", 30 + i);
        const u = tf.randomNormal([...c.lead, c.N], 0, 1, "float32", 40 + i);
        const reference = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => {
          const y = tf.reshape(tf.matMul(tf.reshape(xx, [-1, c.K]), ww), [...c.lead, c.N]);
          return c.bias ? tf.add(y, bb) : y;
        };
        const mine = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => fusedDense(xx, ww as tf.Tensor2D, c.bias ? (bb as tf.Tensor1D) : undefined);
        const run = (f: typeof mine): tf.Tensor[] => {
          const loss = (xx: tf.Tensor, ww: tf.Tensor, bb?: tf.Tensor): tf.Scalar => tf.sum(tf.mul(u, f(xx, ww, bb ?? b)));
          return [f(x, w, b), ...tf.grads(loss)(c.bias ? [x, w, b] : [x, w])];
        };
        return [run(mine), run(reference)];
      });
      const label = JSON.stringify(c);
      expect(fused[0]!.shape, label).toEqual([...c.lead, c.N]);
      ["y", "dx", "dW", "db"].slice(0, fused.length).forEach((what, k) => expect(relMax(fused[k]!.dataSync(), ref[k]!.dataSync()), `${what} ${label}`).toBeLessThan(1e-5));
      tf.dispose([...fused, ...ref]);
    }
  });

  it("leaks no tensor over 1000 training steps", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const x = tf.randomNormal([2, 16, 4], 0, 1, "float32", 1);
    const y = tf.randomNormal([2, 16, 8], 0, 1, "float32", 2);
    const w = tf.variable(tf.randomNormal([4, 8], 0, 0.3, "float32", 3));
    const b = tf.variable(tf.zeros([8]));
    const opt = tf.train.sgd(1e-3);
    const step = (): void => {
      tf.dispose(opt.minimize(() => tf.mean(tf.square(tf.sub(fusedDense(x, w as tf.Tensor as tf.Tensor2D, b as tf.Tensor as tf.Tensor1D), y))) as tf.Scalar, true)!);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y, w, b]);
    opt.dispose();
  });
});
