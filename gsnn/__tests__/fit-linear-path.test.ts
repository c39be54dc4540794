/**
 * fitLinearPath beyond 1D deterministic: a 2D periodic heat operator (exact multiplier on a
 * random 2D Fourier series) is recovered with τ² = κT; a probabilistic model is fitted through
 * its output means; bad inputs are rejected. Small sizes; cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { isPdesError, makeGrid, sampleRng } from "../../core/index.js";
import { buildGsnn, fitLinearPath } from "../index.js";
import { makePairs, relL2 } from "./gsnn-data.js";

/** N random 2D Fourier series (|m| ≤ 3 per axis) on [0,1)×[0,2) and their heat images. */
function heat2d(N: number, n1: number, n2: number, kappaT: number, seed: number) {
  const xs = new Float32Array(N * n1 * n2);
  const ys = new Float32Array(N * n1 * n2);
  const L = [1, 2];
  for (let s = 0; s < N; s++) {
    const rng = sampleRng(seed, s);
    for (let p = -3; p <= 3; p++)
      for (let q = 0; q <= 3; q++) {
        if (q === 0 && p <= 0) continue;
        const a = rng.normal() / (1 + p * p + q * q);
        const b = rng.normal() / (1 + p * p + q * q);
        const k1 = (2 * Math.PI * p) / L[0]!;
        const k2 = (2 * Math.PI * q) / L[1]!;
        const g = Math.exp(-kappaT * (k1 * k1 + k2 * k2));
        for (let i = 0; i < n1; i++)
          for (let j = 0; j < n2; j++) {
            const ph = k1 * ((i * L[0]!) / n1) + k2 * ((j * L[1]!) / n2);
            const v = a * Math.cos(ph) + b * Math.sin(ph);
            const idx = (s * n1 + i) * n2 + j;
            xs[idx] = xs[idx]! + v;
            ys[idx] = ys[idx]! + g * v;
          }
      }
  }
  return { x: tf.tensor4d(xs, [N, n1, n2, 1]), y: tf.tensor4d(ys, [N, n1, n2, 1]) };
}

describe.each(["cpu", "wasm"])("fitLinearPath on %s", (backend) => {
  it("2D periodic heat: τ² = κT within 1e-3 relative and rel L2 ≤ 1e-5", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [16, 12], lengths: [1, 2] });
    const model = buildGsnn({ width: 4, depth: 1, projectionWidth: 4, linearPathTaus: 8 }, { grid, inChannels: 1, outChannels: 1 });
    const train = heat2d(40, 16, 12, 0.005, 1);
    const test = heat2d(10, 16, 12, 0.005, 2);
    const fit = fitLinearPath(model, train.x, train.y);
    expect(Math.abs(fit.leadingTime! / 0.005 - 1)).toBeLessThan(1e-3);
    expect(fit.leadingIndex).not.toBeNull();
    const p = model.predict(test.x) as tf.Tensor;
    expect(relL2(p, test.y)).toBeLessThan(1e-5);
    tf.dispose([train.x, train.y, test.x, test.y, p]);
  });

  it("probabilistic model: fitted through the means; variances stay non-negative", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [32] });
    const model = buildGsnn(
      { width: 4, depth: 1, projectionWidth: 4, linearPathTaus: 8, probabilistic: true, inputVariance: 1e-3 },
      { grid, inChannels: 1, outChannels: 1 },
    );
    const { x, y } = makePairs("poisson", 64, 32, 5);
    const fit = fitLinearPath(model, x, y);
    expect(fit.relativeResidual[0]).toBeLessThan(1e-2);
    const out = model.predict(x) as tf.Tensor;
    const [m, v] = tf.split(out, 2, 2);
    expect(relL2(m!, y)).toBeLessThan(1e-2);
    expect(tf.min(v!).dataSync()[0]).toBeGreaterThanOrEqual(0);
    // Input noise reaches the output through the path's squared kernels.
    expect(tf.max(v!).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, y, out, m!, v!]);
  });

  it("two inputs, two outputs: crossed channels y0 = e^{κTΔ} x1, y1 = 2 e^{κTΔ} x0 are recovered", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [32] });
    const model = buildGsnn({ width: 4, depth: 1, projectionWidth: 4, linearPathTaus: 6 }, { grid, inChannels: 2, outChannels: 2 });
    const a = makePairs("heat", 30, 32, 6);
    const b = makePairs("heat", 30, 32, 7);
    const x = tf.concat([a.x, b.x], 2);
    const y = tf.concat([b.y, tf.mul(a.y, 2)], 2);
    const fit = fitLinearPath(model, x, y);
    expect(Math.max(...fit.relativeResidual)).toBeLessThan(1e-5);
    const p = model.predict(x) as tf.Tensor;
    expect(relL2(p, y)).toBeLessThan(1e-5);
    tf.dispose([a.x, a.y, b.x, b.y, x, y, p]);
  });

  it("rejects NaN targets and mismatched shapes with tagged errors", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [16] });
    const model = buildGsnn({ width: 4, depth: 0, projectionWidth: 4, linearPathTaus: 4 }, { grid, inChannels: 1, outChannels: 1 });
    const x = tf.ones([2, 16, 1]);
    const bad = tf.tensor3d(Float32Array.from({ length: 32 }, (_, i) => (i === 5 ? NaN : 1)), [2, 16, 1]);
    const wrong = tf.ones([2, 16, 2]);
    const caught = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return null;
    };
    expect(isPdesError(caught(() => fitLinearPath(model, x, bad)), "NonFinite")).toBe(true);
    expect(isPdesError(caught(() => fitLinearPath(model, x, wrong)), "ShapeMismatch")).toBe(true);
    const noPath = buildGsnn({ width: 4, depth: 0, projectionWidth: 4, linearPathTaus: 0 }, { grid, inChannels: 1, outChannels: 1 });
    expect(isPdesError(caught(() => fitLinearPath(noPath, x, x)), "InvalidArgument")).toBe(true);
    tf.dispose([x, bad, wrong]);
  });
});
