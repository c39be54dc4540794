/**
 * The low-input-mode linearised variance (gsnn/linearized-variance-modes.ts; docs/gsnn.md
 * §Uncertainty): the real Fourier basis is orthonormal; with the complete basis (M = n/2) it
 * equals the exact gradient version on a linear map (a GSNN with only its linear path) to float32
 * rounding, and on a nonlinear depth-2 GSNN with random weights to within the secant's error;
 * fewer modes give a pointwise lower bound of the complete one. n = 16, a few forward passes.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { makeGrid, selectBackend } from "../../core/index.js";
import { buildGsnn, linearizedVariance, linearizedVarianceModes, realFourierBasis } from "../index.js";

afterAll(async () => tf.setBackend("cpu"));

describe("linearised variance from low input modes", () => {
  const n = 16;
  const grid = makeGrid({ shape: [n], lengths: [1] });
  const errors: string[] = [];
  afterAll(() => console.log(errors.join("\n")));

  it("uses an orthonormal real Fourier basis", () => {
    for (const [N, M, count] of [[16, 8, 16], [15, 7, 15], [16, 3, 7]] as const) {
      const B = realFourierBasis(N, M);
      expect(B).toHaveLength(count);
      for (let a = 0; a < B.length; a++)
        for (let b = 0; b < B.length; b++) expect(B[a]!.reduce((s, v, j) => s + v * B[b]![j]!, 0)).toBeCloseTo(a === b ? 1 : 0, 5);
    }
  });

  it("matches the exact gradients with the complete basis, and bounds them from below with fewer modes", async () => {
    await selectBackend("cpu", { quiet: true });
    const x = tf.tidy(() => tf.reshape(tf.add(tf.sin(tf.linspace(0, (2 * Math.PI * (n - 1)) / n, n)), 0.3), [2, n / 2, 1]).reshape([1, n, 1]).tile([2, 1, 1]).mul(tf.tensor([1, -0.5]).reshape([2, 1, 1])));
    const v0 = 0.01;
    // Linear: a convolution with bias, two output channels.
    const lin = tf.sequential({ layers: [tf.layers.conv1d({ filters: 2, kernelSize: 5, padding: "same", inputShape: [n, 1], kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) })] });
    // Nonlinear: depth 2, random weights.
    const deep = buildGsnn({ width: 6, depth: 2, projectionWidth: 8, linearPathTaus: 0, seed: 2, activation: "gelu" }, { grid, inChannels: 1, outChannels: 1 });
    deep.trainableWeights.forEach((w, i) =>
      tf.tidy(() => {
        w.write(tf.add(w.read(), tf.randomNormal(w.shape as number[], 0, 0.3, "float32", 20 + i)));
      }),
    );
    for (const [name, model, tol] of [["linear", lin, 1e-3], ["nonlinear", deep, 0.01]] as [string, tf.LayersModel, number][]) {
      const exact = tf.tidy(() => linearizedVariance(model, x, v0).dataSync());
      const full = (await linearizedVarianceModes(model, x, v0, { modes: n / 2, chunk: 6 })).data;
      const few = (await linearizedVarianceModes(model, x, v0, { modes: 3 })).data;
      const scale = Math.max(...exact);
      errors.push(`${name}: max |complete − exact| / max exact ${Math.max(...Array.from(exact, (e, k) => Math.abs(full[k]! - e))) / scale}; modes ≤ 3 / complete, mean ${few.reduce((s, v) => s + v, 0) / full.reduce((s, v) => s + v, 0)}`);
      expect(scale, name).toBeGreaterThan(0);
      exact.forEach((e, k) => {
        expect(Math.abs(full[k]! - e) / scale, `${name} value ${k}`).toBeLessThan(tol);
        expect(few[k]!, `${name} value ${k}`).toBeLessThanOrEqual(full[k]! * (1 + 1e-5) + 1e-12);
      });
    }
    await expect(linearizedVarianceModes(deep, tf.zeros([1, n]), v0, { modes: 2 })).rejects.toThrow(/x/);
    await expect(linearizedVarianceModes(deep, x, v0, { modes: 9 })).rejects.toThrow(/modes/);
    await expect(linearizedVarianceModes(deep, x, [v0, v0], { modes: 2 })).rejects.toThrow(/inputVariance/);
    x.dispose();
    lin.dispose();
    deep.dispose();
  });
});
