/**
 * The fused weight/bias-gradient kernel of dense layers (linear2d's dW = xᵀ·dy and db) against
 * tfjs's own matMul gradients: ≤ 1e-5 relative on wasm and cpu, for both orientations of the
 * product (wide and narrow outputs), widths that need padding, with and without bias.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { linear2d, setFastMatMulGradients } from "../index.js";
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

describe.each(["wasm", "cpu"])("fused dense-layer gradients on %s", (backend) => {
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
