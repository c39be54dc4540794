/**
 * End-to-end variance of a probabilistic GSNN against Monte Carlo (docs/gsnn.md §Limitations):
 * width 8, projection 16, no linear path, random weights (the initial ones plus N(0, 0.3²)),
 * n = 32 periodic, input u = sin 4πx with white noise σ₀² = 0.01, 4000 noisy samples through the
 * deterministic twin (fixed seeds). The linearised (covariance-aware) variance must have its
 * median predicted/MC ratio within [0.8, 1.25] at depths 1, 4 and 8; the mean-field ratio of
 * the layer-by-layer path (the "before") is printed beside it.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { makeGrid } from "../../core/index.js";
import { buildGsnn, linearizedVariance, type GsnnConfig } from "../index.js";

afterAll(async () => tf.setBackend("cpu"));

const median = (a: number[]): number => {
  const s = [...a].sort((p, q) => p - q);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

describe("covariance-aware GSNN variance vs Monte Carlo", () => {
  it("linearised variance: median ratio to Monte Carlo within [0.8, 1.25] at depths 1, 4, 8", async () => {
    await tf.setBackend("wasm");
    await tf.ready();
    const n = 32;
    const v0 = 0.01;
    const M = 4000;
    const grid = makeGrid({ shape: [n], lengths: [1] });
    const rows: string[] = [];
    for (const depth of [1, 4, 8]) {
      const cfg: GsnnConfig = { width: 8, depth, projectionWidth: 16, linearPathTaus: 0, seed: 7, activation: "gelu" };
      const det = buildGsnn(cfg, { grid, inChannels: 1, outChannels: 1 });
      const prob = buildGsnn({ ...cfg, probabilistic: true, inputVariance: v0 }, { grid, inChannels: 1, outChannels: 1 });
      det.trainableWeights.forEach((w, i) =>
        tf.tidy(() => {
          w.write(tf.add(w.read(), tf.randomNormal(w.shape as number[], 0, 0.3, "float32", 10 + i)));
        }),
      );
      prob.setWeights(det.getWeights());
      const x = tf.tidy(() => tf.reshape(tf.sin(tf.mul(tf.linspace(0, (2 * Math.PI * (n - 1)) / n, n), 2)), [1, n, 1]));
      const mc = tf.tidy(() => {
        const xs = tf.add(tf.tile(x, [M, 1, 1]), tf.randomNormal([M, n, 1], 0, Math.sqrt(v0), "float32", 3));
        return tf.moments(det.predict(xs, { batchSize: 500 }) as tf.Tensor, 0).variance.dataSync();
      });
      const meanField = tf.tidy(() => (prob.predict(x) as tf.Tensor).dataSync());
      const t0 = performance.now();
      const lin = tf.tidy(() => linearizedVariance(det, x, v0).dataSync());
      const ms = performance.now() - t0;
      const before = median(Array.from({ length: n }, (_, i) => meanField[2 * i + 1]! / mc[i]!));
      const ratios = Array.from({ length: n }, (_, i) => lin[i]! / mc[i]!);
      const after = median(ratios);
      rows.push(
        `depth ${depth}: median predicted/MC variance — mean-field ${before.toFixed(2)}, linearised ${after.toFixed(3)} ` +
          `[${Math.min(...ratios).toFixed(3)}, ${Math.max(...ratios).toFixed(3)}]; linearised cost ${ms.toFixed(0)} ms for ${n} outputs`,
      );
      expect(after, rows.at(-1)).toBeGreaterThanOrEqual(0.8);
      expect(after, rows.at(-1)).toBeLessThanOrEqual(1.25);
      tf.dispose(x);
      det.dispose();
      prob.dispose();
    }
    console.log(rows.join("\n"));
  });

  it("is exact for a linear map: a heat-filter-only model's variance equals Σ_j g_ij² σ₀²", async () => {
    await tf.setBackend("wasm");
    const n = 16;
    const input = tf.input({ shape: [null, 1] });
    const { HeatFilter, gaussianCorrelation } = await import("../index.js");
    const model = tf.model({ inputs: input, outputs: new HeatFilter({ lengths: [1], tauInit: [0.05] }).apply(input) as tf.SymbolicTensor });
    const v = tf.tidy(() => linearizedVariance(model, tf.randomNormal([2, n, 1], 0, 1, "float32", 1), 0.5, { chunk: 5 }).dataSync());
    // Kernel of the filter: the response to a unit impulse; Σ_j g_j² is the same at every point.
    const g = tf.tidy(() => (model.predict(tf.oneHot([0], n).reshape([1, n, 1]).toFloat()) as tf.Tensor).dataSync());
    const expected = 0.5 * Array.from(g).reduce((s, q) => s + q * q, 0);
    for (const value of v) expect(Math.abs(value - expected) / expected).toBeLessThan(1e-4);
    expect(() => linearizedVariance(model, tf.zeros([1, n, 1]), [1, 2])).toThrow(/inputVariance/);
    // Correlated noise of length ℓ is C ξ with C = e^{(ℓ²/4)Δ} scaled to unit pointwise variance,
    // so Var y = σ₀² Σ_j h_j² / Σ_j c_j², h the kernel of e^{(τ² + ℓ²/4)Δ} and c that of C.
    const ell = 0.08;
    const kernel = async (t: number): Promise<Float32Array> => {
      const m = tf.model({ inputs: input, outputs: new HeatFilter({ lengths: [1], tauInit: [Math.sqrt(t)] }).apply(input) as tf.SymbolicTensor });
      const k = tf.tidy(() => (m.predict(tf.oneHot([0], n).reshape([1, n, 1]).toFloat()) as tf.Tensor).dataSync() as Float32Array);
      return k;
    };
    const ss = (a: Float32Array) => Array.from(a).reduce((s, q) => s + q * q, 0);
    const expectedC = (0.5 * ss(await kernel(0.05 ** 2 + ell * ell / 4))) / ss(await kernel(ell * ell / 4));
    const vc = tf.tidy(() => linearizedVariance(model, tf.randomNormal([1, n, 1], 0, 1, "float32", 2), 0.5, { spectrum: gaussianCorrelation([1], ell) }).dataSync());
    for (const value of vc) expect(Math.abs(value - expectedC) / expectedC).toBeLessThan(1e-4);
    expect(expectedC / expected).toBeGreaterThan(1.5); // the correlation changes the answer
    model.dispose();
  });
});
