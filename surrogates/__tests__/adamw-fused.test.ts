/**
 * The one-pass AdamW (a fused kernel on wasm and cpu) against a Float64 reference and against
 * its tfjs-op path: several weights whose sizes leave tails (not multiples of 4), weight decay
 * on and off, 30 steps with a changing learning rate; weights and moments agree to ≤ 1e-5
 * relative. No tensor leak over 1000 steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { AdamW } from "../index.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const SHAPES = [[3], [4, 5], [7], [2, 2, 2], [1], [33, 3]];
const relMax = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let e = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return e / m;
};
/** Deterministic pseudo-random values in [−1, 1). */
const values = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, (_, i) => Math.sin(12.9898 * (i + 1) + 78.233 * seed) * 0.999);

describe.each(["wasm", "cpu"])("fused AdamW on %s", (backend) => {
  for (const wd of [0, 0.05]) {
    it(`matches Float64 and the op path over 30 steps (weight decay ${wd})`, async () => {
      await tf.setBackend(backend);
      await tf.ready();
      const cfg = { name: (wd ? "adamw" : "adam") as "adam" | "adamw", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: wd };
      const w64 = SHAPES.map((s, i) => values(s.reduce((a, b) => a * b, 1), i));
      const make = () => SHAPES.map((s, i) => tf.variable(tf.tensor(Float32Array.from(w64[i]!), s)));
      const fusedVars = make();
      const opsVars = make();
      const fused = new AdamW(fusedVars, cfg);
      const ops = new AdamW(opsVars, cfg, "ops");
      const m64 = w64.map((w) => new Float64Array(w.length));
      const v64 = w64.map((w) => new Float64Array(w.length));
      for (let t = 1; t <= 30; t++) {
        const lr = 1e-2 / Math.sqrt(t);
        const g64 = SHAPES.map((_, i) => values(w64[i]!.length, 100 * t + i).map((x) => 3 * x));
        tf.tidy(() => {
          const grads = SHAPES.map((s, i) => tf.tensor(Float32Array.from(g64[i]!), s));
          fused.apply(grads, lr);
          ops.apply(grads, lr);
        });
        g64.forEach((g, i) =>
          g.forEach((gj, j) => {
            m64[i]![j] = 0.9 * m64[i]![j]! + 0.1 * gj;
            v64[i]![j] = 0.999 * v64[i]![j]! + 0.001 * gj * gj;
            const mh = m64[i]![j]! / (1 - 0.9 ** t);
            const vh = v64[i]![j]! / (1 - 0.999 ** t);
            w64[i]![j] = w64[i]![j]! - lr * (mh / (Math.sqrt(vh) + 1e-8) + wd * w64[i]![j]!);
          }),
        );
      }
      fusedVars.forEach((w, i) => {
        expect(relMax(w.dataSync(), w64[i]!), `weight ${i}`).toBeLessThan(1e-5);
        expect(relMax(w.dataSync(), opsVars[i]!.dataSync()), `weight ${i} vs ops`).toBeLessThan(1e-5);
      });
      const sf = fused.getState();
      const so = ops.getState();
      sf.m.forEach((m, i) => expect(relMax(m, m64[i]!), `m ${i}`).toBeLessThan(1e-5));
      sf.v.forEach((v, i) => expect(relMax(v, so.v[i]!), `v ${i}`).toBeLessThan(1e-5));
      tf.dispose([...fusedVars, ...opsVars]);
      fused.dispose();
      ops.dispose();
    });
  }

  it("leaks no tensor over 1000 steps", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const vars = SHAPES.map((s, i) => tf.variable(tf.fill(s, 0.1 * i)));
    const grads = SHAPES.map((s) => tf.ones(s));
    const opt = new AdamW(vars, { name: "adamw", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 });
    opt.apply(grads, 1e-3);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) opt.apply(grads, 1e-3);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...vars, ...grads]);
    opt.dispose();
  });
});
