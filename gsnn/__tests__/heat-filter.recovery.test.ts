/**
 * Scale recovery: a one-layer GSNN (a single HeatFilter) trained on exact heat data
 * (κ = 1, T = 0.01, periodic, L = 1, n = 256) must find τ² = κT. The data come from the Float64
 * spectral heat solver; random smooth initial conditions are seeded Fourier series.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { makeField, makeGrid, sampleRng } from "../../core/index.js";
import { heatSpectral } from "../../solvers/index.js";
import { HeatFilter } from "../heat-filter.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const N = 256;
const SAMPLES = 50;
const KAPPA = 1;
const T = 0.01;

function heatData(): { x: Float32Array; y: Float32Array } {
  const grid = makeGrid({ shape: [N], lengths: [1], bc: ["periodic"] });
  const x = new Float32Array(SAMPLES * N);
  const y = new Float32Array(SAMPLES * N);
  for (let s = 0; s < SAMPLES; s++) {
    const rng = sampleRng(2024, s);
    const coef = Array.from({ length: 12 }, (_, m) => [rng.normal() / (m + 1), rng.normal() / (m + 1)] as const);
    const u0 = makeField([N]);
    for (let j = 0; j < N; j++) {
      let v = 0;
      coef.forEach(([a, b], m) => {
        const t = (2 * Math.PI * (m + 1) * j) / N;
        v += a * Math.cos(t) + b * Math.sin(t);
      });
      u0.data[j] = v;
    }
    const u = heatSpectral(grid, u0, { kappa: KAPPA, t: T });
    for (let j = 0; j < N; j++) {
      x[s * N + j] = u0.data[j]!;
      y[s * N + j] = u.data[j]!;
    }
  }
  return { x, y };
}

describe.each(["wasm", "cpu"])("HeatFilter scale recovery on %s", (backend) => {
  it("recovers τ² = κT within 1% and reaches relative L2 ≤ 1e-4", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const data = heatData();
    const x = tf.tensor(data.x, [SAMPLES, N, 1]);
    const y = tf.tensor(data.y, [SAMPLES, N, 1]);
    // Start a factor 4 off in t = τ².
    const layer = new HeatFilter({ lengths: [1], tauInit: [Math.sqrt(T / 4)] });
    (layer.apply(x) as tf.Tensor).dispose();
    const yNorm = tf.sum(tf.square(y));
    // Squared relative error: smooth at the optimum (its square root is not), so Adam settles.
    const relL2sq = (): tf.Scalar => tf.div(tf.sum(tf.square(tf.sub(layer.apply(x) as tf.Tensor, y))), yNorm);
    const relL2 = (): tf.Scalar => tf.tidy(() => tf.sqrt(relL2sq()));
    // Low momentum (β1 = 0.5): with one smooth parameter, β1 = 0.9 only adds oscillations.
    const opt = tf.train.adam(0.05, 0.5);
    for (let i = 0; i < 80; i++) opt.minimize(relL2sq);
    opt.dispose();
    const tau = layer.tau();
    const tau2 = tau.dataSync()[0]! ** 2;
    const err = relL2();
    const e = err.dataSync()[0]!;
    console.log(`${backend}: τ² = ${tau2} (κT = ${KAPPA * T}), relative L2 = ${e}`);
    expect(Math.abs(tau2 - KAPPA * T) / (KAPPA * T)).toBeLessThan(0.01);
    expect(e).toBeLessThan(1e-4);
    tf.dispose([x, y, yNorm, tau, err, ...layer.getWeights()]);
  });
});
