import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isPdesError, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import {
  boundaryRmsePerSample,
  computeMetrics,
  crpsGaussian,
  erf,
  encodeEvaluationRecord,
  erfc,
  fourierBandErrors,
  gaussianScoresPerSample,
  h1RelativeErrorPerSample,
  maxErrorPerSample,
  nrmsePerSample,
  relativeL2PerSample,
  rmsePerSample,
  summarize,
  timePerSample,
  type BatchArray,
  type EvaluationRecord,
} from "../evaluation/index.js";

interface FixtureCase {
  shape: number[];
  lengths: number[];
  bc: BoundaryCondition[];
  layout: PointLayout[];
  pred: number[];
  target: number[];
  variance: number[];
  expected: Record<string, number[] | Array<number | null>>;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/metrics-fixture.json", import.meta.url), "utf8")) as Record<string, unknown>;
const caseNames = Object.keys(fixture).filter((k) => k !== "erf");

function batch(shape: number[], values: number[]): BatchArray {
  return { data: Float64Array.from(values), shape };
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(want[i]!)));
}

describe("metrics vs hand-computed values", () => {
  // One sample, 1-D, 4 points, 1 channel: target (1, 2, 3, 4), error (0.1, 0, 0, −0.2).
  const t = batch([1, 4, 1], [1, 2, 3, 4]);
  const p = batch([1, 4, 1], [1.1, 2, 3, 3.8]);
  it("relative L2, RMSE, nRMSE, max, boundary", () => {
    expect(relativeL2PerSample(p, t)[0]).toBeCloseTo(Math.sqrt(0.05 / 30), 14);
    expect(rmsePerSample(p, t)[0]).toBeCloseTo(Math.sqrt(0.05 / 4), 14);
    expect(nrmsePerSample(p, t)[0]).toBeCloseTo(Math.sqrt(0.05 / 4) / Math.sqrt(30 / 4), 14);
    expect(maxErrorPerSample(p, t)[0]).toBeCloseTo(0.2, 14);
    expect(boundaryRmsePerSample(p, t)[0]).toBeCloseTo(Math.sqrt((0.01 + 0.04) / 2), 14);
  });
  it("a constant error has its whole Fourier error in bin 0", () => {
    // e = 0.5 everywhere on n = 8: DFT bin 0 is 4, errF[0] = 4 / 8 · L = 0.5, others 0.
    const tt = batch([1, 8, 1], [1, 2, 3, 4, 5, 6, 7, 8]);
    const pp = batch([1, 8, 1], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]);
    const f = fourierBandErrors(pp, tt);
    expect(f.perBin.length).toBe(5);
    expect(f.perBin[0]).toBeCloseTo(0.5, 14);
    expect(f.low).toBeCloseTo(0.5 / 4, 14); // mean over bins 0..3
    expect(f.mid).toBeCloseTo(0, 14);
    expect(Number.isNaN(f.high)).toBe(true); // no bin ≥ 12 on an 8-point grid
  });
  it("H1 error of a sine: the derivative term is (2π)² times the value term", () => {
    const n = 16;
    const s = Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * j) / n));
    const tt = batch([1, n, 1], s);
    const pp = batch([1, n, 1], s.map((v) => 1.1 * v));
    // e = 0.1 t exactly, so the ratio is 0.1 whatever the weights.
    expect(h1RelativeErrorPerSample(pp, tt)[0]).toBeCloseTo(0.1, 13);
    const pp2 = batch([1, n, 1], s.map((v, j) => v + 0.01 * Math.cos((2 * Math.PI * 3 * j) / n)));
    // ‖e‖² = 0.01²·n/2·(1 + 36π²), ‖t‖² = n/2·(1 + 4π²)
    const want = Math.sqrt((1e-4 * (1 + 36 * Math.PI ** 2)) / (1 + 4 * Math.PI ** 2));
    expect(h1RelativeErrorPerSample(pp2, tt)[0]).toBeCloseTo(want, 13);
  });
  it("Gaussian scores at known points", () => {
    // CRPS of N(0,1) at 0 is 2φ(0) − 1/√π = √2/√π − 1/√π.
    expect(crpsGaussian(0, 1, 0)).toBeCloseTo((Math.SQRT2 - 1) / Math.sqrt(Math.PI), 14);
    // CRPS → |y − μ| as σ → 0.
    expect(crpsGaussian(1, 1e-9, 3)).toBeCloseTo(2, 8);
    const m = batch([1, 2, 1], [0, 0]);
    const v = batch([1, 2, 1], [1, 4]);
    const y = batch([1, 2, 1], [1, 5]); // |r|/σ = 1 (inside) and 2.5 (outside)
    const s = gaussianScoresPerSample(m, v, y);
    expect(s.coverage95[0]).toBe(0.5);
    const nll = (0.5 * Math.log(2 * Math.PI) + 0.5 + (0.5 * Math.log(2 * Math.PI * 4) + 25 / 8)) / 2;
    expect(s.nll[0]).toBeCloseTo(nll, 14);
  });
  it("summary uses numpy's linear quantiles", () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ count: 5, mean: 3, median: 3, max: 5, min: 1 });
    expect(s.p95).toBeCloseTo(4.8, 14); // position 0.95·4 = 3.8
  });
});

describe("metrics vs numpy/scipy fixture", () => {
  for (const name of caseNames) {
    const c = fixture[name] as FixtureCase;
    it(name, () => {
      const p = batch(c.shape, c.pred);
      const t = batch(c.shape, c.target);
      const v = batch(c.shape, c.variance);
      const e = c.expected as Record<string, number[]>;
      expectClose(relativeL2PerSample(p, t), e.relL2!);
      expectClose(rmsePerSample(p, t), e.rmse!);
      expectClose(nrmsePerSample(p, t), e.nrmse!);
      expectClose(maxErrorPerSample(p, t), e.maxError!);
      expectClose(boundaryRmsePerSample(p, t), e.boundaryRmse!);
      expectClose(h1RelativeErrorPerSample(p, t, { lengths: c.lengths, bc: c.bc, layout: c.layout }), e.h1!, 1e-11);
      // Bands with each axis's boundary condition and layout (reflected non-periodic axes).
      const fb = fourierBandErrors(p, t, { lengths: c.lengths, bc: c.bc, layout: c.layout });
      (c.expected.fourierBandsBc as Array<number | null>).forEach((want, k) => {
        const got = [fb.low, fb.mid, fb.high][k]!;
        if (want === null) expect(Number.isNaN(got)).toBe(true);
        else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-11 * Math.abs(want));
      });
      const f = fourierBandErrors(p, t, { lengths: c.lengths });
      const bands = [f.low, f.mid, f.high];
      (c.expected.fourierBands as Array<number | null>).forEach((want, k) => {
        if (want === null) expect(Number.isNaN(bands[k])).toBe(true);
        else expect(Math.abs(bands[k]! - want)).toBeLessThanOrEqual(1e-11 * Math.abs(want));
      });
      const s = gaussianScoresPerSample(p, v, t);
      expectClose(s.nll, e.nll!);
      expectClose(s.coverage95, e.coverage95!);
      expectClose(s.crps, e.crps!, 1e-11);
      // Float32 storage gives the same metrics up to float32 rounding of the inputs.
      const p32 = { data: Float32Array.from(c.pred), shape: c.shape };
      const t32 = { data: Float32Array.from(c.target), shape: c.shape };
      expectClose(relativeL2PerSample(p32, t32), e.relL2!, 1e-5);
      const m = computeMetrics(p, t, { lengths: c.lengths, bc: c.bc, layout: c.layout, variance: v });
      expect(m.h1.mean).toBeCloseTo(e.h1!.reduce((a, b) => a + b) / e.h1!.length, 12);
      expect(m.fourier.high).toBe(Number.isNaN(fb.high) ? null : fb.high);
      expect(m.relL2.mean).toBeCloseTo(e.relL2!.reduce((a, b) => a + b) / e.relL2!.length, 12);
      expect(m.probabilistic?.crps).toBeCloseTo(e.crps!.reduce((a, b) => a + b) / e.crps!.length, 12);
    });
  }
  it("a band the grid is too coarse for is null, and the evaluation record holding it encodes", () => {
    // 16 points: the high band (bins ≥ 12) is empty; a NaN there made every evaluation at 16² fail.
    const n = 16;
    const t = { data: Float64Array.from({ length: 2 * n }, (_, i) => Math.sin((2 * Math.PI * (i % n)) / n)), shape: [2, n, 1] };
    const p = { data: t.data.map((v, i) => v + 0.01 * Math.cos(i)), shape: t.shape };
    const m = computeMetrics(p, t);
    expect(m.fourier.high).toBeNull();
    expect(m.fourier.low).toBeGreaterThan(0);
    const { relL2PerSample: _r, ...metrics } = m;
    const rec = { format: "pdes-evaluation", version: 1, runDir: "run", kind: "mlp", parameterCount: 1, probabilistic: false, trainGrid: [n], backend: "cpu", entries: [{ metrics }] } as unknown as EvaluationRecord;
    expect(JSON.parse(encodeEvaluationRecord(rec)).entries[0].metrics.fourier.high).toBeNull();
  });

  it("erf and erfc match scipy", () => {
    const f = fixture.erf as { x: number[]; erf: number[]; erfc: number[] };
    f.x.forEach((x, i) => {
      expect(Math.abs(erf(x) - f.erf[i]!)).toBeLessThanOrEqual(2e-15 * Math.max(1e-300, Math.abs(f.erf[i]!)) + 1e-300);
      expect(Math.abs(erfc(x) - f.erfc[i]!)).toBeLessThanOrEqual(1e-13 * f.erfc[i]!);
    });
  });
});

describe("validation", () => {
  const t = batch([2, 4, 1], [1, 2, 3, 4, 5, 6, 7, 8]);
  it("rejects shape mismatches, NaN and bad variances with tagged errors", () => {
    const bad = batch([2, 8, 1].slice(0, 2).concat([2]), [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => relativeL2PerSample(bad, t)).toThrow(/pred has shape \[2, 4, 2\]|pred.data/);
    try {
      relativeL2PerSample(batch([2, 4, 2], new Array(16).fill(1)), t);
      expect.unreachable();
    } catch (e) {
      expect(isPdesError(e, "ShapeMismatch")).toBe(true);
    }
    const nan = batch([2, 4, 1], [1, 2, NaN, 4, 5, 6, 7, 8]);
    expect(() => rmsePerSample(nan, t)).toThrow(/pred contains NaN at flat index 2/);
    expect(() => gaussianScoresPerSample(t, batch([2, 4, 1], [1, 1, 0, 1, 1, 1, 1, 1]), t)).toThrow(/variance.data\[2\] must be > 0/);
    expect(() => fourierBandErrors(t, t, { iLow: 5, iHigh: 2 })).toThrow(/iHigh must be an integer >= 5/);
    expect(() => h1RelativeErrorPerSample(t, t, { bc: ["wrap" as BoundaryCondition] })).toThrow(/bc\[0\]/);
  });
});

describe("timing", () => {
  it("reports per-sample time from the median of repeats", async () => {
    let calls = 0;
    const t = await timePerSample(
      () => {
        calls++;
        const end = performance.now() + 4;
        while (performance.now() < end);
      },
      4,
      { warmup: 2, repeats: 3 },
    );
    expect(calls).toBe(5);
    expect(t.msPerSample).toBeGreaterThanOrEqual(1);
    expect(t.minMsPerSample).toBeLessThanOrEqual(t.msPerSample);
  });
});
