/**
 * Surrogate.predictWithUncertainty's covariance-aware ("linearized") variance against Monte
 * Carlo, through the public API (docs/gsnn.md §Uncertainty). A depth-4 probabilistic GSNN
 * (width 8, projection 16, no linear path, random weights: the seeded initial ones plus
 * N(0, 0.3²), learned s² injection) on n = 32 periodic, wrapped as a Surrogate with a
 * non-trivial normaliser (input std 2, output std 3), input u = 1 + 2 sin 2πx. Monte Carlo:
 * 3000 noisy inputs in physical units through a deterministic GSNN Surrogate with the same
 * weights, once with white noise and once with noise of Gaussian correlation length 0.05
 * (drawn as a random Fourier series, independently of the library's filter). Bound: 2 × 3000
 * forward passes and 2 × 32 gradient rows of a 1-D n = 32 network; wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError, makeField, makeGrid, Rng, type Field } from "../../core/index.js";
import { buildGsnn, type GsnnConfig } from "../../gsnn/index.js";
import { makeSurrogate, type Surrogate } from "../index.js";
import type { SurrogateMeta } from "../training/index.js";

afterAll(async () => tf.setBackend("cpu"));

const n = 32;
const grid = makeGrid({ shape: [n], lengths: [1] });
const normalizer = { kind: "channel" as const, input: { mean: [1], std: [2] }, output: { mean: [0.5], std: [3] } };
const median = (a: number[]): number => {
  const s = [...a].sort((p, q) => p - q);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

function surrogate(model: tf.LayersModel, cfg: GsnnConfig): Surrogate {
  const meta: SurrogateMeta = {
    format: "pdes-surrogate",
    version: 2,
    kind: "gsnn",
    modelConfig: cfg as Record<string, unknown>,
    info: { kind: "gsnn", parameterCount: 0, probabilistic: cfg.probabilistic === true, resolutionInvariant: true },
    grid: { shape: [n], lengths: [1], bc: ["periodic"] },
    inChannels: 1,
    outChannels: 1,
    problem: {},
    loss: "rel-l2",
    backend: "wasm",
    steps: 0,
    epochs: 0,
    bestEpoch: null,
    bestValLoss: null,
    finalValLoss: null,
  };
  return makeSurrogate(model, meta, normalizer);
}

/** M noisy copies of u: white, or a stationary Gaussian-correlated random Fourier series, pointwise variance v. */
function noisy(u: Float64Array, M: number, v: number, ell: number | null, seed: number): Field {
  const rng = new Rng(seed);
  const out = new Float64Array(M * n);
  // Weights of the cos/sin pairs: 2 S_m inside the half spectrum, S_m at m = 0 and n/2.
  const S = Array.from({ length: n / 2 + 1 }, (_, m) => (ell === null ? 1 : Math.exp(-0.5 * (ell * 2 * Math.PI * m) ** 2)) * (m === 0 || m === n / 2 ? 1 : 2));
  const Z = S.reduce((a, b) => a + b, 0);
  for (let s = 0; s < M; s++)
    if (ell === null) for (let j = 0; j < n; j++) out[s * n + j] = u[j]! + Math.sqrt(v) * rng.normal();
    else {
      const ab = S.map(() => [rng.normal(), rng.normal()] as const);
      for (let j = 0; j < n; j++) {
        let e = 0;
        S.forEach((w, m) => (e += Math.sqrt(w / Z) * (ab[m]![0] * Math.cos((2 * Math.PI * m * j) / n) + ab[m]![1] * Math.sin((2 * Math.PI * m * j) / n))));
        out[s * n + j] = u[j]! + Math.sqrt(v) * e;
      }
    }
  return makeField([M, n, 1], out);
}

function mcVariance(y: Field, M: number): number[] {
  return Array.from({ length: n }, (_, j) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < M; i++) {
      const q = y.data[i * n + j]!;
      s += q;
      s2 += q * q;
    }
    return (s2 - (s * s) / M) / (M - 1);
  });
}

describe("predictWithUncertainty: covariance-aware variance of a depth-4 probabilistic GSNN", () => {
  it("matches Monte Carlo (median ratio in [0.8, 1.25]) for white and correlated input noise; units, defaults and errors", async () => {
    await tf.setBackend("wasm");
    await tf.ready();
    const vNorm = 0.01; // the configured input noise, normalised units
    const vPhys = vNorm * 2 * 2;
    const base: GsnnConfig = { width: 8, depth: 4, projectionWidth: 16, linearPathTaus: 0, seed: 7, activation: "gelu" };
    const det = buildGsnn(base, { grid, inChannels: 1, outChannels: 1 });
    det.trainableWeights.forEach((w, i) =>
      tf.tidy(() => {
        w.write(tf.add(w.read(), tf.randomNormal(w.shape as number[], 0, 0.3, "float32", 10 + i)));
      }),
    );
    const probCfg: GsnnConfig = { ...base, probabilistic: true, inputVariance: vNorm, injection: "learned", injectedVariance: 1e-12 };
    const prob = buildGsnn(probCfg, { grid, inChannels: 1, outChannels: 1 });
    // The same weights by name (the probabilistic filters also hold log s², left at its init).
    const detByName = new Map(det.weights.map((w) => [w.originalName, w.read()]));
    prob.weights.forEach((w) => detByName.has(w.originalName) && w.write(detByName.get(w.originalName)!));
    const ps = surrogate(prob, probCfg);
    const ds = surrogate(det, base);
    const u = Float64Array.from({ length: n }, (_, j) => 1 + 2 * Math.sin((2 * Math.PI * j) / n));
    const x = makeField([1, n, 1], u);
    const M = 1000;
    const rows: string[] = [];
    let white: Float64Array | null = null;
    for (const ell of [null, 0.05]) {
      const opts = ell === null ? {} : { inputVariance: vPhys, correlationLength: ell };
      const lin = await ps.predictWithUncertainty(x, opts);
      const mc = mcVariance(await ds.predict(noisy(u, M, vPhys, ell, ell === null ? 1 : 2)), M);
      const ratios = mc.map((v, j) => lin.variance.data[j]! / v);
      const r = median(ratios);
      rows.push(`${ell === null ? "white" : `correlation length ${ell}`}: median linearised/MC ${r.toFixed(3)} [${Math.min(...ratios).toFixed(2)}, ${Math.max(...ratios).toFixed(2)}]`);
      expect(r, rows.at(-1)).toBeGreaterThanOrEqual(0.8);
      expect(r, rows.at(-1)).toBeLessThanOrEqual(1.25);
      if (white !== null) {
        // The correlation matters: white noise of the same pointwise variance would miss it.
        const wr = median(mc.map((v, j) => white![j]! / v));
        rows.push(`white linearised vs correlated MC: median ratio ${wr.toFixed(2)}`);
        expect(wr, rows.at(-1)).toBeLessThan(0.5);
      }
      if (ell === null) {
        white = lin.variance.data;
        // The mean is the model's own (what predict returns); "moments" is the mean-field path, kept on request.
        expect(Array.from(lin.mean.data)).toEqual(Array.from((await ps.predict(x)).data));
        const mom = await ps.predictWithUncertainty(x, { method: "moments" });
        rows.push(`white, mean-field moments: median ratio ${median(mc.map((v, j) => mom.variance.data[j]! / v)).toFixed(2)}`);
        // The default used the configured noise: giving the same noise in physical units changes nothing.
        const same = await ps.predictWithUncertainty(x, { inputVariance: vPhys });
        same.variance.data.forEach((v, j) => expect(v).toBeCloseTo(lin.variance.data[j]!, 10));
        // A model error adds to every value; a deterministic model linearises when told the noise.
        const plus = await ps.predictWithUncertainty(x, { modelVariance: 0.5 });
        plus.variance.data.forEach((v, j) => expect(v - lin.variance.data[j]!).toBeCloseTo(0.5, 5));
        const dv = await ds.predictWithUncertainty(x, { inputVariance: vPhys });
        dv.variance.data.forEach((v, j) => expect(Math.abs(v - lin.variance.data[j]!) / v).toBeLessThan(1e-3));
        // inputModes: the complete basis by secants at ±σ also matches Monte Carlo.
        const modes = await ds.predictWithUncertainty(x, { inputVariance: vPhys, inputModes: n / 2 });
        const mr = median(mc.map((v, j) => modes.variance.data[j]! / v));
        rows.push(`white, inputModes ${n / 2} (complete): median ratio ${mr.toFixed(3)}`);
        expect(mr, rows.at(-1)).toBeGreaterThanOrEqual(0.8);
        expect(mr, rows.at(-1)).toBeLessThanOrEqual(1.25);
      }
    }
    console.log(rows.join("\n"));
    const err = async (p: Promise<unknown>): Promise<unknown> => p.then(() => null, (e: unknown) => e);
    expect(isPdesError(await err(ds.predictWithUncertainty(x)), "Unsupported")).toBe(true);
    expect(String(await err(ps.predictWithUncertainty(x, { method: "moments", inputVariance: 1 })))).toMatch(/method/);
    expect(String(await err(ps.predictWithUncertainty(x, { inputVariance: -1 })))).toMatch(/inputVariance/);
    expect(String(await err(ps.predictWithUncertainty(x, { correlationLength: 0 })))).toMatch(/correlationLength/);
    expect(String(await err(ps.predictWithUncertainty(x, { method: "exact" as "moments" })))).toMatch(/method/);
    expect(String(await err(ps.predictWithUncertainty(x, { inputModes: -1 })))).toMatch(/inputModes.*-1/);
    expect(String(await err(ps.predictWithUncertainty(x, { inputModes: 2, correlationLength: 0.05, inputVariance: 1 })))).toMatch(/inputModes/);
    expect(String(await err(ps.predictWithUncertainty(x, { method: "moments", inputModes: 2 })))).toMatch(/inputModes/);
    ps.dispose();
    ds.dispose();
  });
});
