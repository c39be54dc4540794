import { describe, expect, it } from "vitest";
import { Rng, isPdesError, makeGrid } from "../../core/index.js";
import { heatSpectral } from "../../solvers/index.js";
import { equalErrorSpeedups, evaluatePredictor, relativeL2PerSample, type BatchArray, type TradeoffRow } from "../evaluation/index.js";
import { prolongDirichlet2d, solverSettings } from "../workflows/index.js";

function smoothBatch(n: number, points: number, seed: number): BatchArray {
  const rng = new Rng(seed);
  const data = new Float64Array(n * points);
  for (let i = 0; i < n; i++) {
    const a = [rng.normal(), rng.normal(), rng.normal()];
    for (let j = 0; j < points; j++) {
      const x = (2 * Math.PI * j) / points;
      data[i * points + j] = a[0]! * Math.sin(x) + a[1]! * Math.cos(2 * x) + 0.3 * a[2]! * Math.sin(5 * x);
    }
  }
  return { data, shape: [n, points, 1] };
}

describe("evaluatePredictor", () => {
  const inputs = smoothBatch(10, 32, 1);
  const outputs = { data: inputs.data.map((v) => 2 * v), shape: inputs.shape };
  it("scores an exact predictor at zero error and a perturbed one at its known error", async () => {
    const exact = await evaluatePredictor((x) => ({ mean: x.data.map((v) => 2 * v) }), { inputs, outputs }, { batchSize: 3 });
    expect(exact.metrics.relL2.max).toBe(0);
    expect(exact.metrics.samples).toBe(10);
    expect(exact.timing.msPerSample).toBeGreaterThan(0);
    // 1% relative perturbation of every value: relative L2 is exactly 0.01 per sample.
    const off = await evaluatePredictor((x) => ({ mean: x.data.map((v) => 2.02 * v) }), { inputs, outputs }, { batchSize: 4 });
    expect(off.metrics.relL2.mean).toBeCloseTo(0.01, 12);
    expect(off.metrics.relL2.p95).toBeCloseTo(0.01, 12);
    expect(off.prediction[5]).toBeCloseTo(2.02 * inputs.data[5]!, 12);
  });
  it("adds NLL, coverage and CRPS when the predictor returns variances", async () => {
    const r = await evaluatePredictor((x) => ({ mean: x.data.map((v) => 2 * v), variance: new Float64Array(x.data.length).fill(0.25) }), { inputs, outputs });
    // Exact mean: every value inside the interval, NLL = ½ log(2π·0.25), CRPS = σ(√2 − 1)/√π.
    expect(r.metrics.probabilistic!.coverage95).toBe(1);
    expect(r.metrics.probabilistic!.nll).toBeCloseTo(0.5 * Math.log(2 * Math.PI * 0.25), 12);
    expect(r.metrics.probabilistic!.crps).toBeCloseTo((0.5 * (Math.SQRT2 - 1)) / Math.sqrt(Math.PI), 12);
  });
  it("rejects a predictor whose output has the wrong size", async () => {
    await expect(evaluatePredictor((x) => ({ mean: new Float64Array(x.data.length + 1) }), { inputs, outputs })).rejects.toSatisfy(
      (e: unknown) => isPdesError(e, "ShapeMismatch") && /predictor output has shape 321, expected length 320 for 10 samples/.test((e as Error).message),
    );
  });
});

describe("solver settings", () => {
  it("heat1d: the exact spectral setting reproduces heatSpectral and Crank–Nicolson converges at second order", () => {
    const grid = makeGrid({ shape: 64, lengths: 1, bc: "periodic" });
    const u0 = smoothBatch(1, 64, 3).data as Float64Array;
    const params = { kappa: 0.01, time: 1 };
    const settings = solverSettings("heat1d", params, grid);
    const ref = heatSpectral(grid, { data: u0, shape: [64], stride: [1], offset: 0 }, { kappa: 0.01, t: 1 }).data;
    expect(Array.from(settings[0]!.solve(u0))).toEqual(Array.from(ref));
    // Crank–Nicolson with 64, 16, 4 steps: error against the semi-discrete (FD-eigenvalue) solution ~ dt².
    const semi = settings.find((s) => s.name === "spectral, FD eigenvalues")!.solve(u0);
    const err = (name: string) => {
      const u = settings.find((s) => s.name === name)!.solve(u0);
      return relativeL2PerSample({ data: u, shape: [1, 64, 1] }, { data: semi, shape: [1, 64, 1] })[0]!;
    };
    const e16 = err("Crank–Nicolson, 16 steps");
    const e4 = err("Crank–Nicolson, 4 steps");
    expect(Math.log2(e4 / e16) / 2).toBeGreaterThan(1.8);
  });
  it("bilinear prolongation keeps coarse values, averages between them and meets u = 0 at the wall", () => {
    const u = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]); // 3×3 coarse → 7×7 fine (k = 2)
    const f = prolongDirichlet2d(u, 3, 3, 2);
    expect(f.length).toBe(49);
    expect(f[1 * 7 + 1]).toBe(1); // coarse (0,0) at fine (1,1)
    expect(f[5 * 7 + 5]).toBe(9); // coarse (2,2) at fine (5,5)
    expect(f[1 * 7 + 2]).toBe(1.5); // between coarse (0,0) and (0,1)
    expect(f[2 * 7 + 2]).toBe((1 + 2 + 4 + 5) / 4);
    expect(f[0 * 7 + 1]).toBe(0.5); // halfway to the boundary zero
  });
  it("darcy2d settings include coarser grids that are cheaper and less accurate", () => {
    const grid = makeGrid({ shape: [15, 15], lengths: 1, bc: "dirichlet" });
    const names = solverSettings("darcy2d", { source: 1 }, grid).map((s) => s.name);
    expect(names).toContain("MG-PCG rtol 1e-6 on 7×7 + bilinear");
    expect(names).toContain("MG-PCG rtol 1e-6 on 3×3 + bilinear");
    const a = new Float64Array(225).fill(1);
    const fine = solverSettings("darcy2d", { source: 1 }, grid)[0]!.solve(a);
    const coarse = solverSettings("darcy2d", { source: 1 }, grid).find((s) => s.name.includes("7×7"))!.solve(a);
    const err = relativeL2PerSample({ data: coarse, shape: [1, 15, 15, 1] }, { data: fine, shape: [1, 15, 15, 1] })[0]!;
    expect(err).toBeGreaterThan(1e-4);
    expect(err).toBeLessThan(0.1);
  });
  it("throws a tagged error for a problem without settings", () => {
    expect(() => solverSettings("wave1d", {}, makeGrid({ shape: 8 }))).toThrow(/no solver settings for problem "wave1d"/);
  });
});

describe("speed-up at equal error", () => {
  const rows: TradeoffRow[] = [
    { name: "fine", kind: "solver", msPerSample: 10, relL2: 1e-6, speedup: null, versus: null },
    { name: "medium", kind: "solver", msPerSample: 2, relL2: 1e-3, speedup: null, versus: null },
    { name: "coarse", kind: "solver", msPerSample: 0.5, relL2: 1e-1, speedup: null, versus: null },
    { name: "net", kind: "surrogate", msPerSample: 0.1, relL2: 5e-3, speedup: null, versus: null },
    { name: "great", kind: "surrogate", msPerSample: 1, relL2: 1e-8, speedup: null, versus: null },
  ];
  it("uses the cheapest solver setting at least as accurate as the surrogate", () => {
    const r = equalErrorSpeedups(rows);
    expect(r[3]).toMatchObject({ speedup: 20, versus: "medium" });
    expect(r[4]).toMatchObject({ speedup: null, versus: null });
    expect(r.slice(0, 3).every((x) => x.speedup === null)).toBe(true);
  });
});
