/**
 * GaussianProduct's slice path: pairs whose channels run in arithmetic progression (the
 * derivative branch's f_c·∂z_c) are picked by slices instead of one-hot matMuls. Output and
 * d/dx equal the Float64 products x_a·x_b and their derivative (w·x_b at a, w·x_a at b) to
 * float32 round-off on wasm and cpu, for unit and larger strides, 1-D and 2-D grids, and for
 * pairs that fall back to the matMuls.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { GaussianProduct } from "../index.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const CASES: { shape: number[]; pairs: [number, number][] }[] = [
  { shape: [2, 9, 6], pairs: [0, 1, 2].map((c) => [c, 3 + c]) }, // stride 1 (one derivative per channel)
  { shape: [2, 7, 9], pairs: [0, 1, 2].map((c) => [c, 3 + 2 * c]) }, // stride 2 (∂ and ∂² per channel)
  { shape: [2, 4, 5, 8], pairs: [0, 1].map((c) => [c, 2 + 3 * c]) }, // 2-D, stride 3
  { shape: [2, 6, 5], pairs: [[0, 4], [2, 1], [3, 3]] }, // no progression: matMul path
];

describe.each(["wasm", "cpu"])("GaussianProduct slice path on %s", (backend) => {
  it("output and d/dx equal the Float64 products x_a·x_b (≤ 1e-6 relative)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of CASES.entries()) {
      const C = c.shape[c.shape.length - 1]!;
      const P = c.pairs.length;
      const layer = new GaussianProduct({ pairs: c.pairs });
      const x = tf.randomNormal(c.shape, 0, 1, "float32", 40 + i);
      const w = tf.randomNormal([...c.shape.slice(0, -1), P], 0, 1, "float32", 50 + i);
      const [y, dx] = tf.tidy(() => {
        const f = (xx: tf.Tensor): tf.Tensor => layer.apply(xx) as tf.Tensor;
        return [f(x), tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(w, f(xx))))(x)];
      });
      expect(y!.shape).toEqual([...c.shape.slice(0, -1), P]);
      const xv = Float64Array.from(x.dataSync());
      const wv = w.dataSync();
      const points = xv.length / C;
      const yRef = new Float64Array(points * P);
      const dRef = new Float64Array(points * C);
      for (let s = 0; s < points; s++)
        c.pairs.forEach(([a, b], p) => {
          yRef[s * P + p] = xv[s * C + a]! * xv[s * C + b]!;
          dRef[s * C + a]! += wv[s * P + p]! * xv[s * C + b]!;
          dRef[s * C + b]! += wv[s * P + p]! * xv[s * C + a]!;
        });
      const rel = (got: ArrayLike<number>, ref: Float64Array): number => {
        let e = 0;
        let m = 0;
        ref.forEach((r, k) => {
          e = Math.max(e, Math.abs(got[k]! - r));
          m = Math.max(m, Math.abs(r));
        });
        return e / m;
      };
      expect(rel(y!.dataSync(), yRef), `y ${JSON.stringify(c)}`).toBeLessThan(1e-6);
      expect(rel(dx!.dataSync(), dRef), `dx ${JSON.stringify(c)}`).toBeLessThan(1e-6);
      tf.dispose([x, w, y!, dx!]);
    }
  });
});
