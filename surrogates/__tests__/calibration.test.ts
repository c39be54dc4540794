/**
 * The calibration comparison's metric code (docs/gsnn.md §Calibration comparison) and a tiny
 * run of the comparison end to end.
 * - Scores of a known Gaussian against 10⁵ values drawn from it: NLL → ½ log(2πσ²) + ½,
 *   95% coverage → 0.95, CRPS → σ/√π (each within 4 standard errors); an overconfident σ/2
 *   scores worse on all three.
 * - Ensemble moments (mean, unbiased variance) and the residual variance by hand; errors.
 * - The binned model error: the gradient feature against central differences by hand (periodic
 *   and one-sided ends, 2-D), bins and their variances by hand, and on heteroscedastic draws
 *   (sd growing with the feature) a better NLL than one constant with coverage near 0.95.
 * - The MLP's dropout option: inactive in predict, active with { training: true }.
 * - The comparison on heat1d at n = 16: 24 training samples, 1 epoch, 2 FNO members of width 8,
 *   4 dropout passes; every row finite, coverage in [0, 1] (bound: a few seconds of CPU).
 */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { makeGrid, Rng, selectBackend } from "../../core/index.js";
import { buildMlp } from "../../operators/baselines.js";
import {
  addChannelVariance,
  applyBinnedVariance,
  applyNoiseScale,
  fitBinnedVariance,
  fitNoiseScale,
  gaussianScoresPerSample,
  gradientFeature,
  residualVariance,
  runCalibrationComparison,
  sampleMoments,
} from "../index.js";
import { tempDir } from "./train-helpers.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("calibration metrics", () => {
  it("score a known Gaussian against its own samples at their expected values", () => {
    const N = 500;
    const P = 200;
    const r = new Rng(5);
    const shape = [N, P, 1];
    const mu = Float64Array.from({ length: N * P }, (_, k) => Math.sin(k));
    const sd = Float64Array.from({ length: N * P }, (_, k) => 0.5 + (k % 7) / 7);
    const y = Float64Array.from(mu, (m, k) => m + sd[k]! * r.normal());
    const s = gaussianScoresPerSample({ data: mu, shape }, { data: Float64Array.from(sd, (v) => v * v), shape }, { data: y, shape });
    const mean = (a: Float64Array) => a.reduce((q, v) => q + v, 0) / a.length;
    const L = N * P;
    const expNll = mean(Float64Array.from(sd, (v) => 0.5 * Math.log(2 * Math.PI * v * v) + 0.5));
    const expCrps = mean(Float64Array.from(sd, (v) => v / Math.sqrt(Math.PI)));
    // Standard errors per value: NLL's residual term ½ζ² has sd 1/√2; coverage √(0.95·0.05); CRPS ≤ sd.
    expect(Math.abs(mean(s.nll) - expNll)).toBeLessThan((4 * Math.SQRT1_2) / Math.sqrt(L));
    expect(Math.abs(mean(s.coverage95) - 0.95)).toBeLessThan((4 * Math.sqrt(0.95 * 0.05)) / Math.sqrt(L));
    expect(Math.abs(mean(s.crps) - expCrps)).toBeLessThan((4 * 1.5) / Math.sqrt(L));
    const over = gaussianScoresPerSample({ data: mu, shape }, { data: Float64Array.from(sd, (v) => v * v / 4), shape }, { data: y, shape });
    expect(mean(over.nll)).toBeGreaterThan(mean(s.nll) + 0.3);
    expect(mean(over.coverage95)).toBeLessThan(0.75);
    expect(mean(over.crps)).toBeGreaterThan(mean(s.crps));
  });

  it("ensemble moments, residual variance and its addition", () => {
    const shape = [1, 2, 2];
    const m = sampleMoments([
      { data: Float64Array.of(1, 2, 3, 4), shape },
      { data: Float64Array.of(3, 2, 5, 8), shape },
      { data: Float64Array.of(2, 2, 7, 0), shape },
    ]);
    expect(Array.from(m.mean.data)).toEqual([2, 2, 5, 4]);
    expect(Array.from(m.variance.data)).toEqual([1, 0, 4, 16]);
    const target = { data: Float64Array.of(3, 2, 5, 8), shape };
    // Residuals² per channel: c0 (1, 0) → 0.5, c1 (0, 16) → 8; minus the variance means (c0 (1+4)/2, c1 (0+16)/2).
    expect(residualVariance(m.mean, target)).toEqual([0.5, 8]);
    expect(residualVariance(m.mean, target, m.variance)).toEqual([0, 0]);
    expect(residualVariance(m.mean, target, m.variance, 0.1)).toEqual([0.1, 0.1]);
    expect(Array.from(addChannelVariance(m.variance, [1, 2]).data)).toEqual([2, 2, 5, 18]);
    expect(() => sampleMoments([m.mean])).toThrow(/members/);
    expect(() => addChannelVariance(m.variance, [1])).toThrow(/add/);
  });
});

describe("binned model error", () => {
  it("gradient feature: central differences, wrapped or one-sided, summed over axes", () => {
    const u = Float64Array.of(1, 4, 2, 8);
    // Periodic: ((u[i+1] − u[i−1]) / 2)² with wrap.
    expect(Array.from(gradientFeature({ data: u, shape: [1, 4, 1] }).data)).toEqual([(4 - 8) ** 2 / 4, (2 - 1) ** 2 / 4, (8 - 4) ** 2 / 4, (1 - 2) ** 2 / 4]);
    // Not periodic: one-sided at the ends.
    expect(Array.from(gradientFeature({ data: u, shape: [1, 4, 1] }, [false]).data)).toEqual([9, 0.25, 4, 36]);
    // 3 × 3 periodic grid, u = a_i + b_j (channel 1 = 2u): |∇u|² = da_i² + db_j² by hand.
    const [a, b2] = [[0, 1, 5], [0, 2, 3]];
    const [da2, db2] = [[4, 6.25, 0.25], [0.25, 2.25, 1]];
    const u2 = new Float64Array(18);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) ((u2[(i * 3 + j) * 2] = a[i]! + b2[j]!), (u2[(i * 3 + j) * 2 + 1] = 2 * (a[i]! + b2[j]!)));
    const g2 = gradientFeature({ data: u2, shape: [1, 3, 3, 2] }).data;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        expect(g2[(i * 3 + j) * 2]).toBeCloseTo(da2[i]! + db2[j]!, 12);
        expect(g2[(i * 3 + j) * 2 + 1]).toBeCloseTo(4 * (da2[i]! + db2[j]!), 12);
      }
    // 3 × 1 grid, not periodic along axis 0: only axis 0 contributes.
    expect(Array.from(gradientFeature({ data: Float64Array.of(0, 1, 4), shape: [1, 3, 1, 1] }, [false, true]).data)).toEqual([1, 4, 9]);
    expect(() => gradientFeature({ data: u, shape: [1, 4, 1] }, [true, true])).toThrow(/periodic/);
  });

  it("bins by quantile of the feature and takes each bin's mean squared error", () => {
    const shape = [1, 4, 1];
    const feature = { data: Float64Array.of(3, 0, 2, 1), shape };
    const mean = { data: new Float64Array(4), shape };
    const target = { data: Float64Array.of(4, 1, 3, 2), shape };
    const fit = fitBinnedVariance(mean, target, feature, 2);
    // Sorted features 0 1 | 2 3: edge 2; bin 0 holds residuals 1, 2 → 2.5, bin 1 holds 3, 4 → 12.5.
    expect(fit).toEqual({ edges: [[2]], variance: [[2.5, 12.5]] });
    expect(Array.from(applyBinnedVariance(fit, { data: Float64Array.of(-1, 1.99, 2, 100), shape }).data)).toEqual([2.5, 2.5, 12.5, 12.5]);
    expect(fitBinnedVariance(mean, target, feature, 2, 5).variance).toEqual([[5, 12.5]]);
    expect(() => fitBinnedVariance(mean, target, feature, 5)).toThrow(/bins/);
    expect(() => applyBinnedVariance(fit, { data: new Float64Array(8), shape: [1, 4, 2] })).toThrow(/fit/);
  });

  it("beats one constant on heteroscedastic errors, fitted on one draw and scored on another", () => {
    const shape = [400, 50, 1];
    const L = 400 * 50;
    const draw = (seed: number) => {
      const r = new Rng(seed);
      const f = Float64Array.from({ length: L }, () => r.uniform() * 4);
      const y = Float64Array.from(f, (v) => (0.1 + v) * r.normal());
      return { f: { data: f, shape }, y: { data: y, shape } };
    };
    const mean = { data: new Float64Array(L), shape };
    const [val, test] = [draw(1), draw(2)];
    const fit = fitBinnedVariance(mean, val.y, val.f, 16);
    const binned = gaussianScoresPerSample(mean, applyBinnedVariance(fit, test.f), test.y);
    const constant = gaussianScoresPerSample(mean, addChannelVariance({ data: new Float64Array(L), shape }, residualVariance(mean, val.y)), test.y);
    const avg = (a: Float64Array) => a.reduce((q, v) => q + v, 0) / a.length;
    expect(avg(binned.nll)).toBeLessThan(avg(constant.nll) - 0.2);
    expect(Math.abs(avg(binned.coverage95) - 0.95)).toBeLessThan(0.01);
  });
});

describe("fitted noise scale + model error", () => {
  // Residuals r ~ N(0, a·v + b) around a propagated variance v that varies 100-fold: the
  // likelihood fit recovers a and b; fitted on one draw, it scores 0.95 coverage on another,
  // where the moment fit (a = 1, b = mean(r² − v)) is miscalibrated because a ≠ 1.
  const draw = (seed: number, a: number, b: number, N = 20000) => {
    const r = new Rng(seed);
    const v = Float64Array.from({ length: N }, () => 1e-3 * Math.exp(4.6 * r.uniform()));
    const y = Float64Array.from(v, (q) => Math.sqrt(a * q + b) * r.normal());
    const shape = [N / 100, 50, 2];
    return { v: { data: v, shape }, y: { data: y, shape }, mean: { data: new Float64Array(N), shape } };
  };
  const avg = (a: Float64Array) => a.reduce((q, v) => q + v, 0) / a.length;

  it("recovers a known scale and model error, and calibrates held-out draws", () => {
    const [a, b] = [0.4, 0.02];
    const val = draw(11, a, b);
    const fit = fitNoiseScale(val.mean, val.y, val.v);
    for (let c = 0; c < 2; c++) {
      // 10⁴ values per channel: the maximum-likelihood estimates are within a few percent.
      expect(Math.abs(fit.scale[c]! / a - 1)).toBeLessThan(0.1);
      expect(Math.abs(fit.modelVariance[c]! / b - 1)).toBeLessThan(0.15);
    }
    const test = draw(12, a, b);
    const fitted = gaussianScoresPerSample(test.mean, applyNoiseScale(fit, test.v), test.y);
    const moment = gaussianScoresPerSample(test.mean, addChannelVariance(test.v, residualVariance(val.mean, val.y, val.v)), test.y);
    expect(Math.abs(avg(fitted.coverage95) - 0.95)).toBeLessThan(0.01);
    expect(Math.abs(avg(moment.coverage95) - 0.95)).toBeGreaterThan(0.03);
    expect(avg(fitted.nll)).toBeLessThan(avg(moment.nll) - 0.02);
    // The reported NLL is the fitting data's.
    const own = gaussianScoresPerSample(val.mean, applyNoiseScale(fit, val.v), val.y);
    expect(fit.nll.reduce((q, v) => q + v, 0) / 2).toBeCloseTo(avg(own.nll), 6);
  });

  it("finds no model error where there is none, and a constant where v carries nothing", () => {
    const pure = draw(13, 1, 0);
    const f0 = fitNoiseScale(pure.mean, pure.y, pure.v);
    f0.scale.forEach((s) => expect(Math.abs(s - 1)).toBeLessThan(0.05));
    f0.modelVariance.forEach((m) => expect(m).toBeLessThan(1e-3 * 0.05));
    const flat = draw(14, 0, 0.5);
    const f1 = fitNoiseScale(flat.mean, flat.y, flat.v);
    // σ² ≈ 0.5 whatever the split: the scale's share at the largest v is small.
    f1.modelVariance.forEach((m, c) => expect(Math.abs(m + f1.scale[c]! * 0.1 - 0.5)).toBeLessThan(0.03));
    expect(() => fitNoiseScale(flat.mean, flat.y, { data: new Float64Array(4), shape: [1, 2, 2] })).toThrow(/variance/);
    expect(() => fitNoiseScale(flat.mean, flat.mean, flat.v)).toThrow(/residuals/);
    expect(() => applyNoiseScale(f1, { data: new Float64Array(2), shape: [1, 2, 1] })).toThrow(/fit/);
  });
});

describe("MLP dropout (the MC dropout baseline)", () => {
  it("is off in predict, on with { training: true }, and validated", async () => {
    await selectBackend("cpu", { quiet: true });
    const ctx = { grid: makeGrid({ shape: [8] }), inChannels: 1, outChannels: 1 };
    const m = buildMlp({ hidden: [32], dropout: 0.5, seed: 1 }, ctx);
    const x = tf.ones([2, 8, 1]);
    const [a, b] = [0, 1].map(() => tf.tidy(() => Array.from((m.predict(x) as tf.Tensor).dataSync())));
    expect(a).toEqual(b);
    const [c, d] = [0, 1].map(() => tf.tidy(() => Array.from((m.apply(x, { training: true }) as tf.Tensor).dataSync())));
    expect(c).not.toEqual(d);
    expect(m.layers.filter((l) => l.getClassName() === "Dropout")).toHaveLength(1);
    expect(buildMlp({ hidden: [32], seed: 1 }, ctx).layers.some((l) => l.getClassName() === "Dropout")).toBe(false);
    expect(() => buildMlp({ dropout: 1 }, ctx)).toThrow(/config.dropout/);
    x.dispose();
  });
});

describe("calibration comparison", () => {
  it("runs end to end on a tiny heat1d case", async () => {
    await selectBackend("wasm", { quiet: true });
    const out = tempDir("calibration");
    dirs.push(out);
    const r = await runCalibrationComparison({
      out,
      resolution: 16,
      nTrain: 24,
      nVal: 8,
      nTest: 8,
      epochs: 1,
      batchSize: 8,
      members: 2,
      passes: 4,
      gsnn: { width: 4, depth: 1, projectionWidth: 8, linearPathTaus: 4 },
      fno: { width: 8, modes: 4, depth: 1, projectionUnits: 8 },
      mlp: { hidden: [16] },
      backend: "wasm",
    });
    expect(r.rows.map((q) => q.method)).toEqual([
      "GSNN, linearised input noise + model error",
      "GSNN, linearised input noise + binned model error",
      "GSNN, linearised input noise + binned model error (clean-input bins)",
      "GSNN, linearised input noise only",
      "GSNN, linearised input noise + noisy-validation residual",
      "GSNN, fitted noise scale + model error (validation likelihood)",
      "GSNN, mean-field moments + model error",
      "2-FNO ensemble",
      "2-FNO ensemble + residual",
      "MC dropout MLP (4 passes, rate 0.1)",
      "MC dropout MLP + residual",
    ]);
    for (const q of r.rows) {
      for (const v of [q.nll, q.crps, q.relL2, q.msPerSample]) expect(Number.isFinite(v), q.method).toBe(true);
      expect(q.coverage95).toBeGreaterThanOrEqual(0);
      expect(q.coverage95).toBeLessThanOrEqual(1);
    }
    expect(r.noiseSd).toBeGreaterThan(0);
    // A fitted residual variance can only widen the intervals.
    expect(r.rows[8]!.coverage95).toBeGreaterThanOrEqual(r.rows[7]!.coverage95);
    // So can a model-error variance.
    expect(r.rows[0]!.coverage95).toBeGreaterThanOrEqual(r.rows[3]!.coverage95);
    expect(r.rows[4]!.coverage95).toBeGreaterThanOrEqual(r.rows[3]!.coverage95);
    expect(r.gsnnNoiseScale.scale).toHaveLength(1);
    expect(r.gsnnBinnedVariance.variance[0]).toHaveLength(8);
  });

  it("without the GSNN scores the same baseline rows on the same data", async () => {
    const out = tempDir("calibration-skip");
    dirs.push(out);
    const base = { resolution: 16, nTrain: 16, nVal: 4, nTest: 4, epochs: 1, batchSize: 8, members: 2, passes: 2, fno: { width: 4, modes: 4, depth: 1, projectionUnits: 4 }, mlp: { hidden: [8] }, backend: "wasm" };
    const r = await runCalibrationComparison({ ...base, out: `${out}/skip`, skipGsnn: true });
    expect(r.rows.map((q) => q.method)).toEqual(["2-FNO ensemble", "2-FNO ensemble + residual", "MC dropout MLP (2 passes, rate 0.1)", "MC dropout MLP + residual"]);
    expect(r.gsnnModelVariance).toEqual([]);
    expect(r.parameters.gsnn).toBeUndefined();
    // The FNOs do not depend on the GSNN: a run with it gives the same ensemble rows (dropout masks are unseeded).
    const w = await runCalibrationComparison({ ...base, out: `${out}/with`, gsnn: { width: 2, depth: 1, projectionWidth: 4, linearPathTaus: 0 } });
    const ens = w.rows.filter((q) => q.method.includes("FNO ensemble"));
    expect(ens.map((q) => [q.nll, q.crps, q.coverage95])).toEqual(r.rows.slice(0, 2).map((q) => [q.nll, q.crps, q.coverage95]));
  });

  it("refuses an ensemble or a dropout spread of one before doing any work", async () => {
    await expect(runCalibrationComparison({ out: "unused", members: 1 })).rejects.toThrow(/members.*1/);
    await expect(runCalibrationComparison({ out: "unused", passes: 1.5 })).rejects.toThrow(/passes.*1\.5/);
  });
});
