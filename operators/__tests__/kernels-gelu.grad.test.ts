/**
 * Fused GELU kernels (exact and tanh form) against Float64 closed forms and against the tfjs-op
 * path they replace: values and derivatives ≤ 1e-5 relative (max error over max value) on wasm
 * and cpu, for lengths with and without a tail (not a multiple of 4), inputs over [−12, 12].
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { gelu, geluReference, geluTanh, geluTanhReference } from "../index.js";
import { erf64, relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const cdf = (x: number): number => 0.5 * (1 + erf64(x / Math.SQRT2));
const pdf = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const K = Math.sqrt(2 / Math.PI);
const sig = (x: number): number => 1 / (1 + Math.exp(-2 * K * (x + 0.044715 * x ** 3)));
const exact = {
  gelu: { f: (x: number) => x * cdf(x), df: (x: number) => cdf(x) + x * pdf(x) },
  tanh: {
    f: (x: number) => x * sig(x),
    df: (x: number) => sig(x) + x * sig(x) * (1 - sig(x)) * 2 * K * (1 + 3 * 0.044715 * x * x),
  },
};

describe.each(["wasm", "cpu"])("fused GELU on %s", (backend) => {
  it("values and derivatives match Float64 and the tfjs-op path (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const n of [1, 3, 4, 7, 1001]) {
      const xs = Float32Array.from({ length: n }, (_, i) => (n === 1 ? 0.7 : -12 + (24 * i) / (n - 1)));
      const x = tf.tensor1d(xs);
      for (const [name, fused, ref, want] of [
        ["gelu", gelu, geluReference, exact.gelu],
        ["gelu_tanh", geluTanh, geluTanhReference, exact.tanh],
      ] as const) {
        const [y, dy, y0, dy0] = tf.tidy(() => [fused(x), tf.grad((t: tf.Tensor) => tf.sum(fused(t)))(x), ref(x), tf.grad((t: tf.Tensor) => tf.sum(ref(t)))(x)]);
        const label = `${name} n=${n}`;
        expect(relMax(y!.dataSync(), Array.from(xs, want.f)), label).toBeLessThan(1e-5);
        expect(relMax(dy!.dataSync(), Array.from(xs, want.df)), label).toBeLessThan(1e-5);
        expect(relMax(y!.dataSync(), y0!.dataSync()), label).toBeLessThan(1e-5);
        expect(relMax(dy!.dataSync(), dy0!.dataSync()), label).toBeLessThan(1e-5);
        tf.dispose([y!, dy!, y0!, dy0!]);
      }
      x.dispose();
    }
  });

  it("leaks no tensor over 1000 gradient steps", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const w = tf.variable(tf.randomNormal([7, 5], 0, 1, "float32", 3));
    const opt = tf.train.sgd(1e-3);
    const step = (): void => {
      tf.dispose(opt.minimize(() => tf.add(tf.sum(gelu(w)), tf.sum(geluTanh(w))) as tf.Scalar, true)!);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    opt.dispose();
  });
});
