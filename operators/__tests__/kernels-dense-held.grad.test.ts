/**
 * The fused dense op with its weight a tf.Variable (a layer's kernel): the backward pass reads
 * the variable instead of a saved clone. Values and gradients (dx, dW, db) match tfjs's matMul on
 * the reshaped rows to ≤ 1e-5 relative and are the same bits as with the weight passed as a plain
 * tensor (the saving path), on wasm and cpu, wide and narrow outputs, with and without bias; the
 * held path saves one tensor fewer (one Identity call less per step). The 1000-step leak check
 * with variable weights is kernels-dense.grad.test.ts's.
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
  { lead: [2, 9], K: 32, N: 32, bias: true },
  { lead: [3, 5], K: 13, N: 11, bias: false },
  { lead: [2, 17], K: 32, N: 1, bias: true },
];

/** Identity kernel calls made by `f` (tfjs's clones of saved tensors go through it). */
function identityCalls(f: () => void): number {
  const k = tf.getKernel("Identity", tf.getBackend())!;
  const inner = k.kernelFunc;
  let n = 0;
  (k as { kernelFunc: tf.KernelFunc }).kernelFunc = ((a: Parameters<tf.KernelFunc>[0]) => (n++, inner(a))) as tf.KernelFunc;
  try {
    f();
  } finally {
    (k as { kernelFunc: tf.KernelFunc }).kernelFunc = inner;
  }
  return n;
}

describe.each(["wasm", "cpu"])("fused dense with a variable weight on %s", (backend) => {
  it("values and gradients match the reference and the saving path bit for bit, one saved clone fewer", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of CASES.entries()) {
      const x = tf.randomNormal([...c.lead, c.K], 0, 1, "float32", 10 + i);
      const w = tf.randomNormal([c.K, c.N], 0, 1, "float32", 20 + i);
      const b = tf.randomNormal([c.N], 0, 1, "float32", 30 + i);
      const u = tf.randomNormal([...c.lead, c.N], 0, 1, "float32", 40 + i);
      const [wv, bv] = [tf.variable(w), tf.variable(b)];
      type F = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.Tensor;
      const fused: F = (xx, ww, bb) => fusedDense(xx, ww as tf.Tensor2D, c.bias ? (bb as tf.Tensor1D) : undefined);
      const reference: F = (xx, ww, bb) => {
        const y = tf.reshape(tf.matMul(tf.reshape(xx, [-1, c.K]), ww), [...c.lead, c.N]);
        return c.bias ? tf.add(y, bb) : y;
      };
      // tf.grads hands f the very tensors it differentiates: variables take the held path.
      const run = (f: F, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor[] =>
        tf.tidy(() => [f(x, ww, bb), ...tf.grads((xx: tf.Tensor, w2: tf.Tensor, b2?: tf.Tensor): tf.Scalar => tf.sum(tf.mul(u, f(xx, w2, b2 ?? bb))))(c.bias ? [x, ww, bb] : [x, ww])]);
      const held = run(fused, wv, bv);
      const saving = run(fused, w, b);
      const ref = run(reference, w, b);
      const label = JSON.stringify(c);
      ["y", "dx", "dW", "db"].slice(0, c.bias ? 4 : 3).forEach((what, k) => {
        expect(relMax(held[k]!.dataSync(), ref[k]!.dataSync()), `${what} ${label}`).toBeLessThan(1e-5);
        expect(Array.from(held[k]!.dataSync()), `${what} ${label}`).toEqual(Array.from(saving[k]!.dataSync()));
      });
      const calls = (ww: tf.Tensor, bb: tf.Tensor): number => identityCalls(() => tf.dispose(run(fused, ww, bb)));
      expect(calls(wv, bv), label).toBe(calls(w, b) - 1);
      tf.dispose([...held, ...saving, ...ref, x, w, b, u, wv, bv]);
    }
  });
});
