/**
 * The deep GSNN with the linear spectral path on 1D periodic heat (κT = 0.01) and Poisson data:
 * 250 training samples at n = 128 (smooth random Fourier series, outputs exact through the
 * Fourier multiplier), recipe = closed-form fit of the path → Adam on the whole model
 * (relative-L2 loss, lr 1e−3, batch 20) → closed-form refit. CI budget: 10 Adam steps (200
 * samples seen) with width 16, depth 2 — the deep part is trained, but briefly (the refit also
 * fits the deep part's gate γ, so a deep part that adds only noise is scaled down); see
 * docs/gsnn.md for the full-size figures. Then resolution transfer (128 → 256, 512) on the
 * same test functions. wasm backend only (the fast one; cpu runs the same code in the other
 * gsnn tests).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { makeGrid } from "../../core/index.js";
import { buildGsnn, findLinearPath, fitLinearPath } from "../index.js";
import { makePairs, relL2, type Problem } from "./gsnn-data.js";

const N = 250;
const n = 128;
const KAPPA_T = 0.01;

function relL2Loss(p: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const B = y.shape[0]!;
  const num = tf.norm(tf.reshape(tf.sub(p, y), [B, -1]), 2, 1);
  const den = tf.norm(tf.reshape(y, [B, -1]), 2, 1);
  return tf.mean(tf.div(num, den)) as tf.Scalar;
}

function trainAndFit(problem: Problem) {
  const grid = makeGrid({ shape: [n] });
  const model = buildGsnn({ width: 16, depth: 2, projectionWidth: 32, linearPathTaus: 12, seed: 1 }, { grid, inChannels: 1, outChannels: 1 });
  const { x, y } = makePairs(problem, N, n, 1, 1, KAPPA_T);
  const first = fitLinearPath(model, x, y);
  const opt = tf.train.adam(1e-3);
  const losses: number[] = [];
  for (let s = 0; s < 10; s++) {
    const l = opt.minimize(() => tf.tidy(() => relL2Loss(model.apply(tf.slice(x, s * 20, 20)) as tf.Tensor, tf.slice(y, s * 20, 20))), true)!;
    losses.push(l.dataSync()[0]!);
    l.dispose();
  }
  const fit = fitLinearPath(model, x, y, { fitGate: true });
  tf.dispose([x, y]);
  opt.dispose();
  return { model, first, fit, losses };
}

function testError(model: tf.LayersModel, problem: Problem, size: number): number {
  const test = makePairs(problem, 100, size, 2, 1, KAPPA_T);
  const p = model.predict(test.x) as tf.Tensor;
  const e = relL2(p, test.y);
  tf.dispose([test.x, test.y, p]);
  return e;
}

describe("deep GSNN + linear spectral path (wasm)", () => {
  beforeAll(async () => {
    await tf.setBackend("wasm");
  });

  it("heat: rel L2 ≤ 1e-5 and the path's leading heat filter has τ² = κT within 1%", () => {
    const { model, fit, losses } = trainAndFit("heat");
    expect(losses.every(Number.isFinite)).toBe(true);
    // The deep part did train (its output is no longer zero, so a gate was fitted).
    expect(fit.gate).not.toBeNull();
    const err = testError(model, "heat", n);
    console.log(`heat: test rel L2 ${err.toExponential(2)}, leading τ² ${fit.leadingTime}, gate ${fit.gate?.[0]}`);
    expect(err).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(fit.leadingTime! / KAPPA_T - 1)).toBeLessThan(0.01);
    // The leading filter dominates the fitted bank: its weight is ~1, every other |a_j| is small.
    const { times, coeffs } = findLinearPath(model).bank();
    const j = fit.leadingIndex!;
    expect(Math.abs(times[j]! / KAPPA_T - 1)).toBeLessThan(0.01);
    expect(Math.abs(coeffs[j]! - 1)).toBeLessThan(1e-2);
    // Its multiplier on the first modes is exp(−κT k²) within 1% in the exponent.
    for (let m = 1; m <= 4; m++) {
      const k2 = (2 * Math.PI * m) ** 2;
      let M = 0;
      for (let q = 0; q < times.length; q++) M += coeffs[q]! * Math.exp(-times[q]! * k2);
      expect(Math.abs(-Math.log(M) / k2 / KAPPA_T - 1)).toBeLessThan(0.01);
    }
  });

  it("periodic Poisson: rel L2 ≤ 1e-3; resolution 128 → 256, 512 within 10%", () => {
    const { model, first, fit } = trainAndFit("poisson");
    const e128 = testError(model, "poisson", 128);
    const e256 = testError(model, "poisson", 256);
    const e512 = testError(model, "poisson", 512);
    console.log(
      `poisson: path-only fit residual ${first.relativeResidual[0]!.toExponential(2)}, after training+refit ${fit.relativeResidual[0]!.toExponential(2)}; ` +
        `test rel L2 n=128 ${e128.toExponential(3)}, 256 ${e256.toExponential(3)}, 512 ${e512.toExponential(3)}, gate ${fit.gate?.[0]}`,
    );
    expect(e128).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(e256 / e128 - 1)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(e512 / e128 - 1)).toBeLessThanOrEqual(0.1);
  });

  it("resolution transfer of the deep part alone (no linear path): 128 → 256, 512 within 10%", () => {
    const grid = makeGrid({ shape: [n] });
    const model = buildGsnn({ width: 16, depth: 2, projectionWidth: 32, linearPathTaus: 0, seed: 4 }, { grid, inChannels: 1, outChannels: 1 });
    const { x, y } = makePairs("poisson", 200, n, 1);
    const opt = tf.train.adam(3e-3);
    let first = NaN;
    let last = NaN;
    for (let s = 0; s < 30; s++) {
      const b = (s % 10) * 20;
      const l = opt.minimize(() => tf.tidy(() => relL2Loss(model.apply(tf.slice(x, b, 20)) as tf.Tensor, tf.slice(y, b, 20))), true)!;
      last = l.dataSync()[0]!;
      if (s === 0) first = last;
      l.dispose();
    }
    tf.dispose([x, y]);
    const e128 = testError(model, "poisson", 128);
    const e256 = testError(model, "poisson", 256);
    const e512 = testError(model, "poisson", 512);
    console.log(`deep only: loss ${first.toFixed(3)} → ${last.toFixed(3)}; test rel L2 n=128 ${e128.toFixed(4)}, 256 ${e256.toFixed(4)}, 512 ${e512.toFixed(4)}`);
    expect(last).toBeLessThan(first);
    expect(Math.abs(e256 / e128 - 1)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(e512 / e128 - 1)).toBeLessThanOrEqual(0.1);
  });
});

