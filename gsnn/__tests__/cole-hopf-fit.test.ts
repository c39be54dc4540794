/**
 * The Cole–Hopf path's search (searchColeHopf) and its model fit (fitColeHopfPath) on a small
 * viscous Burgers set from the toolkit's own solver (burgers1d, ETDRK4, ν = 0.07, T = 1, 32
 * samples at 64 points, solved on the stored grid itself so the input holds every mode the
 * solver saw): the search, given only (u₀, u(T)) pairs, recovers γ = −1/(2ν), τ = √(νT) and the
 * shift T, and its loss is far below the linear limit's; on standardised inputs the same
 * parameters come out in the input's units and the fitted model (float32, cpu) reproduces the
 * loss; bad options are refused with the argument named. Runs the search 3 times (~0.6 s each).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { getProblem } from "../../datasets/index.js";
import { buildGsnn, ColeHopfFilter, fitColeHopfPath, searchColeHopf } from "../index.js";
import { relL2 } from "./gsnn-data.js";

const nu = 0.07;
const T = 1;
const n = 64;
const N = 32;
const u0 = new Float64Array(N * n);
const u = new Float64Array(N * n);

const refused = (f: () => unknown, arg: string) => {
  try {
    f();
  } catch (e) {
    expect(isPdesError(e, "InvalidArgument"), String(e)).toBe(true);
    expect((e as Error).message).toContain(arg);
    return;
  }
  throw new Error(`expected an InvalidArgument error naming ${arg}`);
};

beforeAll(() => {
  const p = getProblem("burgers1d").resolve({ resolution: n, nu, time: T, fine: 1 });
  for (let i = 0; i < N; i++) p.sample(3, i, u0.subarray(i * n, (i + 1) * n), u.subarray(i * n, (i + 1) * n));
});

describe("searchColeHopf", () => {
  it("recovers γ = −1/(2ν), τ = √(νT) and the shift T from 32 solver samples, loss < 1e-5", () => {
    const r = searchColeHopf({ x: u0, y: u, samples: N, n, outChannels: 1, length: 1 });
    // Measured: γ −7.1426 (true −7.1429), τ 0.264575 (0.264575), shift 0.9999996, loss 2.8e-7.
    expect(Math.abs(r.gain / (-1 / (2 * nu)) - 1)).toBeLessThan(5e-3);
    expect(Math.abs(r.tau / Math.sqrt(nu * T) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.shift - T)).toBeLessThan(1e-3);
    expect(Math.abs(r.translation)).toBeLessThan(1e-4);
    expect(Math.abs(r.scale[0]! - 1)).toBeLessThan(1e-3);
    expect(r.loss).toBeLessThan(1e-5);
    // The nonlinearity is what the loss needed: the best linear limit is > 100× worse.
    expect(r.linearLoss).toBeGreaterThan(100 * r.loss);
    // The profile saw both signs, and its best negative gain beats every positive one.
    const neg = Math.min(...r.profile.filter((q) => q.gain < 0).map((q) => q.meanSquared));
    const pos = Math.min(...r.profile.filter((q) => q.gain > 0).map((q) => q.meanSquared));
    expect(r.profile.length).toBe(32);
    expect(neg).toBeLessThan(pos / 10);
  });

  it("refuses bad options and data, naming them", () => {
    const data = { x: u0, y: u, samples: N, n, outChannels: 1, length: 1 };
    refused(() => searchColeHopf(data, { gainMin: -1 }), "gainMin");
    refused(() => searchColeHopf(data, { gainMin: 2, gainMax: 1 }), "gainMax");
    refused(() => searchColeHopf(data, { tauSteps: 0 }), "tauSteps");
    refused(() => searchColeHopf(data, { passes: 1.5 }), "passes");
    refused(() => searchColeHopf({ ...data, length: 0 }), "length");
    refused(() => searchColeHopf({ ...data, samples: N + 1 }), "x.length");
    const y = u.slice();
    y.fill(0, 5 * n, 6 * n);
    refused(() => searchColeHopf({ ...data, y }), "y sample 5");
  });
});

describe("fitColeHopfPath", () => {
  it("on standardised inputs: the same map in the input's units, and the model reproduces the loss", async () => {
    await tf.setBackend("cpu");
    let mu = 0;
    for (const v of u0) mu += v / u0.length;
    let sd = 0;
    for (const v of u0) sd += (v - mu) ** 2 / u0.length;
    sd = Math.sqrt(sd);
    const ys = 2; // outputs divided by a scale, as the trainer's normaliser does
    const x = Float32Array.from(u0, (v) => (v - mu) / sd);
    const y = Float32Array.from(u, (v) => v / ys);
    const ctx = { grid: makeGrid({ shape: [n], lengths: [1] }), inChannels: 1, outChannels: 1 };
    const model = buildGsnn({ width: 4, depth: 0, projectionWidth: 4, linearPathTaus: 0, coleHopfPath: 2, coleHopfFit: true, seed: 1 }, ctx);
    const r = fitColeHopfPath(model, { x, y, samples: N });
    // v = x + b with x = (u₀ − μ)/σ: γ_x = γσ, s_x = Tσ, b = μ/σ, translation d = s_x·b = Tμ.
    expect(Math.abs(r.gain / (-sd / (2 * nu)) - 1)).toBeLessThan(5e-3);
    expect(Math.abs(r.tau / Math.sqrt(nu * T) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.shift / (sd * T) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.offset - mu / sd)).toBeLessThan(1e-3);
    expect(Math.abs(r.scale[0]! - sd / ys)).toBeLessThan(1e-3 * (sd / ys));
    expect(r.loss).toBeLessThan(1e-5);
    expect(r.cpuSeconds).toBeGreaterThan(0);
    // The layer holds it on channel 0 (negative gain), channel 1 is switched off at the output.
    const layer = model.getLayer("cole_hopf_path") as ColeHopfFilter;
    expect(Math.abs(layer.gains()[0]! / r.gain - 1)).toBeLessThan(1e-6);
    expect(Math.abs(layer.taus()[0]! / r.tau - 1)).toBeLessThan(1e-6);
    const outW = model.getLayer("cole_hopf_path_out").getWeights()[0]!.dataSync();
    expect(outW[1]).toBe(0);
    // The model's float32 output: its mean relative L2 is the search's loss up to float32 round-off.
    const total = tf.tidy(() => relL2(model.predict(tf.tensor(x, [N, n, 1])) as tf.Tensor, tf.tensor(y, [N, n, 1])));
    expect(total).toBeLessThan(r.loss + 2e-6);
    model.dispose();
  });

  it("refuses a model without the path, a bad input channel and inconsistent data; buildGsnn checks coleHopfFit", async () => {
    await tf.setBackend("cpu");
    const ctx = { grid: makeGrid({ shape: [n], lengths: [1] }), inChannels: 1, outChannels: 1 };
    const x = Float32Array.from(u0);
    const y = Float32Array.from(u);
    const plain = buildGsnn({ width: 4, depth: 0, projectionWidth: 4, linearPathTaus: 0 }, ctx);
    refused(() => fitColeHopfPath(plain, { x, y, samples: N }), "model");
    plain.dispose();
    const model = buildGsnn({ width: 4, depth: 0, projectionWidth: 4, linearPathTaus: 0, coleHopfPath: 1 }, ctx);
    refused(() => fitColeHopfPath(model, { x, y, samples: N }, { inputChannel: 1 }), "inputChannel");
    refused(() => fitColeHopfPath(model, { x, y: y.subarray(n), samples: N }), "y.length");
    refused(() => fitColeHopfPath(model, { x, y, samples: 0 }), "samples");
    model.dispose();
    refused(() => buildGsnn({ linearPathTaus: 0, coleHopfFit: true }, ctx), "coleHopfFit");
    refused(() => buildGsnn({ coleHopfPath: 2, coleHopfFit: true }, ctx), "coleHopfFit"); // linear path on by default
    refused(() => buildGsnn({ linearPathTaus: 0, coleHopfPath: 2, coleHopfFit: "yes" as unknown as boolean }, ctx), "coleHopfFit");
    refused(() => buildGsnn({ linearPathTaus: 0, coleHopfPathTrainable: false }, ctx), "coleHopfPathTrainable");
    refused(() => buildGsnn({ linearPathTaus: 0, coleHopfPath: 2, coleHopfPathTrainable: 0 as unknown as boolean }, ctx), "coleHopfPathTrainable");
  });
});
