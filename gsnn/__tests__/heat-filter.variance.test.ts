/**
 * heatFilterVariance: for inputs independent across grid points, Var (g ⊛ x)_i = Σ_j g_{i−j}² v_j.
 * Checked exactly against that sum with the kernel g from the Float64 heat solver, and by Monte
 * Carlo through the solver itself.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { relMaxError } from "./rel-error.js";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError, makeField, makeGrid, sampleRng } from "../../core/index.js";
import { heatSpectral } from "../../solvers/index.js";
import { heatFilterVariance } from "../heat-filter-ops.js";
import { spectralFilter, spectralTransform, wavenumbersSquared } from "../../operators/index.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});


/** Σ_j (Σ_b a_b g_b)_{i−j}² v_j per channel on a periodic grid, g_b = e^{t_b Δ}δ (Float64). */
function exactVariance(v: Float64Array, shape: number[], lengths: number[], C: number, t: number[][], a: number[][]): Float64Array {
  const grid = makeGrid({ shape, lengths, bc: "periodic" });
  const size = shape.reduce((p, q) => p * q, 1);
  const delta = makeField(shape);
  delta.data[0] = 1;
  const out = new Float64Array(size * C);
  const n2 = shape.length === 2 ? shape[1]! : 1;
  const n1 = shape[0]!;
  for (let c = 0; c < C; c++) {
    const g = new Float64Array(size);
    t.forEach((tj, j) => {
      const gj = heatSpectral(grid, delta, { kappa: 1, t: tj[c]! }).data;
      for (let p = 0; p < size; p++) g[p] = g[p]! + a[j]![c]! * gj[p]!;
    });
    for (let i1 = 0; i1 < n1; i1++)
      for (let i2 = 0; i2 < n2; i2++) {
        let s = 0;
        for (let j1 = 0; j1 < n1; j1++)
          for (let j2 = 0; j2 < n2; j2++) {
            const k = (((i1 - j1 + n1) % n1) * n2 + ((i2 - j2 + n2) % n2));
            s += g[k]! ** 2 * v[(j1 * n2 + j2) * C + c]!;
          }
        out[(i1 * n2 + i2) * C + c] = s;
      }
  }
  return out;
}

describe.each(["cpu", "wasm"])("heatFilterVariance on %s", (backend) => {
  it("equals Σ_j g_{i−j}² v_j exactly (1D, 2D, a summed bank)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const cases = [
      { shape: [32], lengths: [1], t: [[4e-4, 2e-3]], a: [[1, 1]] },
      { shape: [8, 16], lengths: [1, 2], t: [[1e-3, 5e-3]], a: [[1, 1]] },
      { shape: [64], lengths: [2], t: [[1e-4, 3e-3], [2e-3, 1e-2]], a: [[0.7, -0.4], [0.5, 1.3]] },
    ];
    for (const [i, c] of cases.entries()) {
      const C = 2;
      const size = c.shape.reduce((p, q) => p * q, 1);
      const rng = sampleRng(31, i);
      const v64 = Float64Array.from({ length: size * C }, () => 0.1 + rng.uniform());
      const want = exactVariance(v64, c.shape, c.lengths, C, c.t, c.a);
      const v = tf.tensor(Float32Array.from(v64), [1, ...c.shape, C]);
      const t = tf.tensor(c.t);
      const weights = c.t.length > 1 ? tf.tensor(c.a) : undefined;
      const got = heatFilterVariance(v, t, { lengths: c.lengths, weights });
      expect(relMaxError(got.dataSync(), want), JSON.stringify(c)).toBeLessThan(1e-5);
      tf.dispose([v, t, got, ...(weights ? [weights] : [])]);
    }
  });

  it("matches the Monte Carlo variance of solver-filtered noise; the squared multiplier does not", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const n = 16;
    const tau2 = 2e-3;
    const grid = makeGrid({ shape: [n], lengths: [1], bc: "periodic" });
    const sd = Float64Array.from({ length: n }, (_, j) => 0.5 + 0.4 * Math.sin((2 * Math.PI * j) / n));
    const N = 20000;
    const sum = new Float64Array(n);
    const sum2 = new Float64Array(n);
    const rng = sampleRng(5, 0);
    const x = makeField([n]);
    for (let s = 0; s < N; s++) {
      for (let j = 0; j < n; j++) x.data[j] = sd[j]! * rng.normal();
      const y = heatSpectral(grid, x, { kappa: 1, t: tau2 }).data;
      for (let j = 0; j < n; j++) {
        sum[j] = sum[j]! + y[j]!;
        sum2[j] = sum2[j]! + y[j]! ** 2;
      }
    }
    const mc = Float64Array.from(sum2, (q, j) => (q - sum[j]! ** 2 / N) / (N - 1));
    const v = tf.tensor(Float32Array.from(sd, (s) => s * s), [1, n, 1]);
    const t = tf.tensor([tau2]);
    const got = heatFilterVariance(v, t, { lengths: [1] });
    // Sample variance of a Gaussian has relative sd √(2/N) ≈ 1%: allow 5 sd.
    expect(relMaxError(got.dataSync(), mc)).toBeLessThan(5 * Math.sqrt(2 / N));
    // Filtering v by g(k)² instead (the naive rule) is far off: constant parts keep full variance.
    const tr = spectralTransform({ spatialShape: [n] });
    const k2 = tf.tensor(Float32Array.from(wavenumbersSquared(tr, [1])), [...tr.modeShape, 1]);
    const naive = tf.tidy(() => spectralFilter(v, tf.exp(tf.mul(k2, -2 * tau2)), tr));
    expect(relMaxError(naive.dataSync(), mc)).toBeGreaterThan(0.2);
    tf.dispose([v, t, got, k2, naive]);
  });

  it("with truncated modes, the kernel is the truncated filter's and its square keeps every mode", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const n = 32;
    const M = 6;
    const t2 = 2e-4;
    // g_j = (1/n) Σ_{m<M} w_m e^{−t k_m²} cos(2π jm/n), w = 1 at m = 0, else 2 (Float64).
    const g = Float64Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let m = 0; m < M; m++) s += (m === 0 ? 1 : 2) * Math.exp(-t2 * (2 * Math.PI * m) ** 2) * Math.cos((2 * Math.PI * j * m) / n);
      return s / n;
    });
    const rng = sampleRng(41, 0);
    const v64 = Float64Array.from({ length: n }, () => 0.1 + rng.uniform());
    const want = Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += g[(i - j + n) % n]! ** 2 * v64[j]!;
      return s;
    });
    const v = tf.tensor(Float32Array.from(v64), [1, n, 1]);
    const t = tf.tensor([t2]);
    const got = heatFilterVariance(v, t, { lengths: [1], modes: [M] });
    expect(relMaxError(got.dataSync(), want)).toBeLessThan(1e-5);
    tf.dispose([v, t, got]);
  });

  it("refuses non-periodic grids", () => {
    const v = tf.ones([1, 15, 1]);
    const t = tf.tensor([1e-3]);
    try {
      heatFilterVariance(v, t, { lengths: [1], bc: ["dirichlet"] });
      expect.unreachable();
    } catch (e) {
      expect(isPdesError(e, "Unsupported")).toBe(true);
    }
    tf.dispose([v, t]);
  });
});
