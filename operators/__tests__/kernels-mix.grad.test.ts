/**
 * The fused FNO mode mixing (spectralMix) against the batched-matMul reference with fused real
 * weights: values and gradients w.r.t. x, Wr and Wi ≤ 1e-5 relative on wasm and cpu, for the
 * 1-D and 2-D FNO sizes and odd channel counts; and an FNO layer's output through both paths.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { fuseComplexWeights, spectralConv1d, spectralConv2d } from "../baselines.js";
import { spectralMix, spectralMixReference } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

describe.each(["wasm", "cpu"])("fused spectral mixing on %s", (backend) => {
  it("values and gradients match the batched matMul (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, [M, B, C, O]] of [[3, 2, 5, 4], [16, 20, 32, 32], [7, 3, 1, 8], [24, 4, 3, 12]].entries()) {
      const run = (f: typeof spectralMix): tf.Tensor[] =>
        tf.tidy(() => {
          const x = tf.randomNormal([M!, B!, 2 * C!], 0, 1, "float32", 10 + i) as tf.Tensor3D;
          const wr = tf.randomNormal([M!, C!, O!], 0, 1, "float32", 20 + i) as tf.Tensor3D;
          const wi = tf.randomNormal([M!, C!, O!], 0, 1, "float32", 30 + i) as tf.Tensor3D;
          const c = tf.randomNormal([M!, B!, 2 * O!], 0, 1, "float32", 40 + i);
          const loss = (...a: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(c, f(a[0] as tf.Tensor3D, a[1] as tf.Tensor3D, a[2] as tf.Tensor3D)));
          return [f(x, wr, wi), ...tf.grads(loss)([x, wr, wi])];
        });
      const fused = run(spectralMix);
      const ref = run(spectralMixReference);
      ["y", "dx", "dWr", "dWi"].forEach((what, k) => expect(relMax(fused[k]!.dataSync(), ref[k]!.dataSync()), `${what} [${M}, ${B}, ${C}, ${O}]`).toBeLessThan(1e-5));
      tf.dispose([...fused, ...ref]);
    }
  });

  it("an FNO spectral convolution gives the same output and gradients with split or fused weights", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const d of [1, 2] as const) {
      const run = (split: boolean): tf.Tensor[] =>
        tf.tidy(() => {
          const x = tf.randomNormal(d === 1 ? [3, 20, 4] : [2, 10, 9, 4], 0, 1, "float32", 5);
          const M = d === 1 ? 5 : 2 * 3 * 2;
          const wr = tf.randomNormal([M, 4, 8], 0, 0.3, "float32", 6) as tf.Tensor3D;
          const wi = tf.randomNormal([M, 4, 8], 0, 0.3, "float32", 7) as tf.Tensor3D;
          const conv = (xx: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
            const w = split ? { re: a as tf.Tensor3D, im: b as tf.Tensor3D } : fuseComplexWeights(a as tf.Tensor3D, b as tf.Tensor3D);
            return d === 1 ? spectralConv1d(xx as tf.Tensor3D, w, 5) : spectralConv2d(xx as tf.Tensor4D, w, [3, 2]);
          };
          const loss = (...a: tf.Tensor[]): tf.Scalar => tf.sum(tf.square(conv(a[0]!, a[1]!, a[2]!)));
          return [conv(x, wr, wi), ...tf.grads(loss)([x, wr, wi])];
        });
      const a = run(true);
      const b = run(false);
      a.forEach((t, k) => expect(relMax(t.dataSync(), b[k]!.dataSync()), `${d}-D output/grad ${k}`).toBeLessThan(1e-5));
      tf.dispose([...a, ...b]);
    }
  });
});
