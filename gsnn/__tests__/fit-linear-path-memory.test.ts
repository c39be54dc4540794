/**
 * The linear-path fit's memory does not grow with the number of samples (docs/safety.md
 * §Memory): each mode's rows are folded into a K×K triangle as chunks of samples stream in
 * (mode-triangles.ts, path-spectra.ts). Checked three ways: the triangle preserves ‖M v‖ for
 * every v against the uncompressed matrix; fitting one sample per chunk equals fitting all at
 * once to round-off; and the rows and bytes the fit holds are the same for 8 and 32 samples.
 * Work: a 12×3 matrix, and fits of ≤ 32 samples on a 32-point 1D grid (cpu backend).
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { makeGrid, Rng } from "../../core/index.js";
import { buildGsnn, type FitLinearPathResult, fitLinearPath, fitLinearPathAsync } from "../index.js";
import { ModeTriangles } from "../mode-triangles.js";

/** A GSNN whose deep part is not zero (random weights outside the path), so D and the gate are fitted. */
function model(seed: number): tf.LayersModel {
  const m = buildGsnn({ width: 4, depth: 1, projectionWidth: 4, linearPathTaus: 4, seed: 3 }, { grid: makeGrid({ shape: [32] }), inChannels: 2, outChannels: 1 });
  const r = new Rng(seed);
  m.setWeights(m.getWeights().map((w, k) => (m.weights[k]!.name.includes("linear_path") ? w : tf.tensor(Float32Array.from({ length: w.size }, () => 0.3 * r.normal()), w.shape))));
  return m;
}

/** N two-channel inputs and a target mixing them (a shift and a scaling: not exactly in the path's span). */
function data(N: number): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.randomNormal([N, 32, 2], 0, 1, "float32", 11);
  const y = tf.tidy(() => tf.add(tf.mul(tf.slice(x, [0, 0, 0], [-1, -1, 1]), 0.7), tf.mul(tf.reverse(tf.slice(x, [0, 0, 1], [-1, -1, 1]), 1), 0.2)));
  return { x, y };
}

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    n += b[i]! ** 2;
  }
  return Math.sqrt(d / (n || 1));
}

describe("per-mode triangles", () => {
  it("keep ‖M v‖ for every v while rows arrive in chunks", () => {
    const rng = new Rng(5);
    const K = 3;
    const M = Float64Array.from({ length: 12 * K }, () => rng.normal());
    const tri = new ModeTriangles(2, K);
    // Mode 1 gets M in chunks of 1, 4 and 7 rows; mode 0 stays empty.
    for (const [from, count] of [[0, 1], [1, 4], [5, 7]] as const) tri.add(1, M.subarray(from * K), count);
    const R = tri.r.subarray(K * K);
    for (let r = 0; r < K; r++) for (let c = 0; c < r; c++) expect(R[r * K + c]).toBe(0);
    expect(Array.from(tri.r.subarray(0, K * K))).toEqual(new Array(K * K).fill(0));
    for (let trial = 0; trial < 5; trial++) {
      const v = Float64Array.from({ length: K }, () => rng.normal());
      const norm2 = (A: Float64Array, rows: number) => {
        let s = 0;
        for (let i = 0; i < rows; i++) s += (A[i * K]! * v[0]! + A[i * K + 1]! * v[1]! + A[i * K + 2]! * v[2]!) ** 2;
        return s;
      };
      expect(Math.abs(norm2(R, K) - norm2(M, 12)) / norm2(M, 12)).toBeLessThan(1e-13);
    }
    // Column c read as rows (mode, r).
    expect(Array.from(tri.column(2))).toEqual([0, 0, 0, R[2], R[5], R[8]]);
  });
});

describe("fitLinearPath streams its samples", () => {
  it("one sample per chunk equals all samples at once, with the gate and the deep part fitted", async () => {
    await tf.setBackend("cpu");
    const { x, y } = data(16);
    const fits: FitLinearPathResult[] = [];
    for (const batchSize of [1, 16]) {
      const m = model(2);
      fits.push(fitLinearPath(m, x, y, { fitGate: true, batchSize }));
      m.dispose();
    }
    const [one, all] = fits as [FitLinearPathResult, FitLinearPathResult];
    expect(all.gate).not.toBeNull();
    expect(all.relativeResidual[0]).toBeGreaterThan(1e-3); // a real least squares, not an exact fit
    expect(Array.from(one.times)).toEqual(Array.from(all.times));
    expect(relDiff(one.coeffs, all.coeffs)).toBeLessThan(1e-10);
    expect(relDiff(one.gate!, all.gate!)).toBeLessThan(1e-10);
    expect(Math.abs(one.relativeResidual[0]! - all.relativeResidual[0]!)).toBeLessThan(1e-12);
    tf.dispose([x, y]);
  });

  it("holds the same rows and bytes for 8 and 32 samples (asynchronous fit, as in training)", async () => {
    await tf.setBackend("cpu");
    const held: Array<[number, number]> = [];
    for (const N of [8, 32]) {
      const { x, y } = data(N);
      const m = model(3);
      const r = await fitLinearPathAsync(m, x, y, { fitGate: true, batchSize: 4 });
      held.push([r.rows, r.workingBytes]);
      m.dispose();
      tf.dispose([x, y]);
    }
    // 17 modes of a 32-point real FFT × (2 inputs + 1 deep output + 1 target) rows.
    expect(held[0]![0]).toBe(17 * 4);
    expect(held[1]).toEqual(held[0]);
    // Uncompressed, 32 samples' spectra would be 32·17·2 rows of 4 Float64 columns.
    expect(held[1]![1]).toBeLessThan(32 * 17 * 2 * 4 * 8);
  });
});
