/**
 * The fused dense-layer kernels (linear2d's product, dW = xᵀ·dy and db) against tfjs's own
 * matMul and its gradients: ≤ 1e-5 relative on wasm and cpu, for both orientations of the
 * weight gradient (wide and narrow outputs), widths that need padding, row counts that are not
 * multiples of 4, with and without bias.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { fusedMatMul, linear2d, setFastMatMulGradients } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  setFastMatMulGradients(true);
  await tf.setBackend("cpu");
});

const SHAPES: [number, number, number][] = [
  [37, 3, 5],
  [300, 32, 32],
  [100, 128, 1],
  [64, 2, 32],
  [50, 9, 7],
  [41, 5, 13],
  [120, 32, 128],
];

describe.each(["wasm", "cpu"])("fused dense-layer kernels on %s", (backend) => {
  it("the product a·b (+ bias) matches tf.matMul (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, [R, K, N]] of [[7, 3, 5], [21, 9, 16], [64, 32, 32], [5, 512, 13], [130, 2, 40]].entries()) {
      const [f1, r1, f2, r2] = tf.tidy(() => {
        const a = tf.randomNormal([R!, K!], 0, 1, "float32", 50 + i) as tf.Tensor2D;
        const b = tf.randomNormal([K!, N!], 0, 1, "float32", 60 + i) as tf.Tensor2D;
        const bias = tf.randomNormal([N!], 0, 1, "float32", 70 + i) as tf.Tensor1D;
        return [fusedMatMul(a, b, bias), tf.add(tf.matMul(a, b), bias), fusedMatMul(a, b), tf.matMul(a, b)];
      });
      expect(relMax(f1!.dataSync(), r1!.dataSync()), `[${R},${K}]x[${K},${N}] + bias`).toBeLessThan(1e-5);
      expect(relMax(f2!.dataSync(), r2!.dataSync()), `[${R},${K}]x[${K},${N}]`).toBeLessThan(1e-5);
      tf.dispose([f1!, r1!, f2!, r2!]);
    }
  });

  it("dx, dW and db match tfjs's matMul gradients (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, [R, k, n]] of SHAPES.entries()) {
      for (const bias of [true, false]) {
        const grads = (fast: boolean): tf.Tensor[] =>
          tf.tidy(() => {
            setFastMatMulGradients(fast);
            const x = tf.randomNormal([R, k], 0, 1, "float32", 3 * i + 11) as tf.Tensor2D;
            const w = tf.randomNormal([k, n], 0, 1, "float32", 3 * i + 12) as tf.Tensor2D;
            const b = tf.randomNormal([n], 0, 1, "float32", 3 * i + 13) as tf.Tensor1D;
            const c = tf.randomNormal([R, n], 0, 1, "float32", 99);
            const f = (...a: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(c, linear2d(a[0] as tf.Tensor2D, a[1] as tf.Tensor2D, bias ? (a[2] as tf.Tensor1D) : undefined)));
            return tf.grads(f)(bias ? [x, w, b] : [x, w]);
          });
        const fused = grads(true);
        const stock = grads(false);
        setFastMatMulGradients(true);
        fused.forEach((g, j) => expect(relMax(g.dataSync(), stock[j]!.dataSync()), `[${R},${k}]x[${k},${n}] bias ${bias} grad ${j}`).toBeLessThan(1e-5));
        tf.dispose([...fused, ...stock]);
      }
    }
  });
});
