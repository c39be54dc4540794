/**
 * The hand-written gradients (fast-matmul, GELU, the DFT-basis products) against tfjs autodiff
 * of the plain ops, and the spectral convolution's gradient against central differences.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { constMatMul, gelu, geluTanh, linear2d } from "../index.js";
import { fuseComplexWeights, spectralConv1d, spectralConv2d } from "../baselines.js";
import { useBackend } from "./models-fixtures.js";

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, "float32", seed);
}

describe.each(["cpu", "wasm"] as const)("custom gradients on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([
    [5, 3],
    [3, 5],
  ])("linear2d (k = %i → n = %i) with and without bias matches autodiff of matMul + add", (k, n) => {
    const x = seeded([7, k], 1), w = seeded([k, n], 2), b = seeded([n], 3), dy = seeded([7, n], 4);
    const mine = tf.grads((x, w, b) => tf.mul(linear2d(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D), dy));
    const ref = tf.grads((x, w, b) => tf.mul(tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b), dy));
    const g1 = mine([x, w, b]), g2 = ref([x, w, b]);
    g1.forEach((g, i) => expect(maxAbsDiff(g, g2[i]!)).toBeLessThan(1e-5));
    const n1 = tf.grads((x, w) => linear2d(x as tf.Tensor2D, w as tf.Tensor2D))([x, w]);
    const n2 = tf.grads((x, w) => tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D))([x, w]);
    n1.forEach((g, i) => expect(maxAbsDiff(g, n2[i]!)).toBeLessThan(1e-5));
    tf.dispose([x, w, b, dy, ...g1, ...g2, ...n1, ...n2]);
  });

  it("constMatMul gives the gradient of x·B", () => {
    const b = seeded([6, 4], 5) as tf.Tensor2D, x = seeded([3, 6], 6), dy = seeded([3, 4], 7);
    const bt = tf.transpose(b) as tf.Tensor2D;
    const g1 = tf.grad((x) => tf.mul(constMatMul(x as tf.Tensor2D, b, bt), dy))(x);
    const g2 = tf.grad((x) => tf.mul(tf.matMul(x as tf.Tensor2D, b), dy))(x);
    expect(maxAbsDiff(g1, g2)).toBeLessThan(1e-5);
    tf.dispose([b, bt, x, dy, g1, g2]);
  });

  it("GELU: exact values, tanh form within 5e-4, gradients match autodiff", () => {
    const x = tf.linspace(-6, 6, 241);
    const exactRef = (t: tf.Tensor) => tf.mul(t, tf.mul(0.5, tf.add(1, tf.erf(tf.mul(t, Math.SQRT1_2)))));
    const tanhRef = (t: tf.Tensor) =>
      tf.mul(tf.mul(0.5, t), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(t, tf.mul(0.044715, tf.pow(t, 3)))))));
    expect(maxAbsDiff(gelu(x), exactRef(x))).toBeLessThan(1e-6);
    expect(maxAbsDiff(geluTanh(x), tanhRef(x))).toBeLessThan(1e-5);
    expect(maxAbsDiff(geluTanh(x), exactRef(x))).toBeLessThan(5e-4);
    expect(maxAbsDiff(tf.grad(gelu)(x), tf.grad(exactRef)(x))).toBeLessThan(1e-5);
    expect(maxAbsDiff(tf.grad(geluTanh)(x), tf.grad(tanhRef)(x))).toBeLessThan(1e-5);
    x.dispose();
  });

  it("spectral convolutions: gradients w.r.t. input and weights match central differences", () => {
    // Float32: compare a directional derivative, with steps large enough for round-off.
    for (const d of [1, 2] as const) {
      const xs = d === 1 ? [2, 16, 3] : [2, 8, 6, 3];
      const x = seeded(xs, 8), wr = seeded([d === 1 ? 4 : 2 * 2 * 3, 3, 2], 9), wi = seeded(wr.shape, 10);
      const f = (x: tf.Tensor, wr: tf.Tensor, wi: tf.Tensor) => {
        const w = fuseComplexWeights(wr as tf.Tensor3D, wi as tf.Tensor3D);
        const y = d === 1 ? spectralConv1d(x as tf.Tensor3D, w, 4) : spectralConv2d(x as tf.Tensor4D, w, [2, 3]);
        return tf.sum(tf.sin(y));
      };
      const grads = tf.grads(f)([x, wr, wi]);
      const dirs = [seeded(x.shape, 11), seeded(wr.shape, 12), seeded(wi.shape, 13)];
      const analytic = grads.reduce((s, g, i) => s + tf.sum(tf.mul(g, dirs[i]!)).dataSync()[0]!, 0);
      const h = 1e-2;
      const at = (t: number) => f(tf.add(x, tf.mul(dirs[0]!, t)), tf.add(wr, tf.mul(dirs[1]!, t)), tf.add(wi, tf.mul(dirs[2]!, t))).dataSync()[0]!;
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(analytic - numeric) / Math.abs(numeric)).toBeLessThan(2e-2);
      tf.dispose([x, wr, wi, ...grads, ...dirs]);
    }
  });
});

afterAll(() => useBackend("cpu"));
