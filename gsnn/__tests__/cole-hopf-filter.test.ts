/**
 * ColeHopfFilter as viscous Burgers' solution operator: with v = u₀, gain γ = −1/(2ν), τ² = νT
 * and shift s = T it reproduces the burgers1d solver's u(T) (an independent reference: pseudo-spectral
 * ETDRK4, here on the stored grid itself, fine = 1, so the input holds every mode the solver
 * saw), including each sample's nonzero mean; the buildGsnn option coleHopf
 * (branch in the first coleHopfBlocks blocks, its config reloads bit for bit) and coleHopfPath
 * (set to the Cole–Hopf parameters, the whole model is the Burgers map); bad values are
 * refused with the argument named. cpu, a few small forward passes.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { getProblem } from "../../datasets/index.js";
import { buildGsnn, ColeHopfFilter } from "../index.js";
import { saveToMemory } from "./save-to-memory.js";


const refused = (f: () => unknown, name: string, arg: string) => {
  try {
    f();
  } catch (e) {
    expect(isPdesError(e), String(e)).toBe(true);
    expect((e as Error).name).toBe(name);
    expect((e as Error).message).toContain(arg);
    return;
  }
  throw new Error(`expected ${name} naming ${arg}`);
};

describe("ColeHopfFilter", () => {
  it("with the Cole–Hopf parameters it gives the burgers1d solver's u(T) (rel L2 < 1e-6 at 64 points)", async () => {
    await tf.setBackend("cpu");
    const nu = 0.1;
    const T = 1;
    const n = 64;
    // fine = 1: the stored recipe's fine = 4 subsamples u₀, and the aliased input then limits the
    // formula to ~1e-4 (measured 4.2e-5 mean rel L2 on the 256-point test set).
    const p = getProblem("burgers1d").resolve({ resolution: n, nu, time: T, fine: 1 });
    const B = 3;
    const u0 = new Float64Array(B * n);
    const u = new Float64Array(B * n);
    for (let i = 0; i < B; i++) p.sample(1, i, u0.subarray(i * n, (i + 1) * n), u.subarray(i * n, (i + 1) * n));
    const root = Math.sqrt(nu * T);
    // One channel: its gain is negative, |γ| = gainMin.
    const layer = new ColeHopfFilter({ length: 1, tauMin: root, tauMax: root, gainMin: 1 / (2 * nu), gainMax: 1 / (2 * nu), shiftInit: T });
    const input = tf.tensor(Float32Array.from(u0), [B, n, 1]);
    const pred = tf.tidy(() => (layer.apply(input) as tf.Tensor).dataSync());
    const means: number[] = [];
    for (let i = 0; i < B; i++) {
      let e = 0;
      let r = 0;
      let m = 0;
      for (let j = i * n; j < (i + 1) * n; j++) {
        e += (pred[j]! - u[j]!) ** 2;
        r += u[j]! ** 2;
        m += u0[j]! / n;
      }
      means.push(m);
      expect(Math.sqrt(e / r)).toBeLessThan(1e-6);
    }
    // The samples have nonzero means, so the translation term is exercised.
    expect(Math.max(...means.map(Math.abs))).toBeGreaterThan(0.2);
    // Without the translation the same layer misses by far more (Galilean shift u = m + w(x − mT)).
    const [logTau, , logGain] = layer.getWeights();
    layer.setWeights([logTau!, tf.zeros([1]), logGain!]);
    const noShift = tf.tidy(() => (layer.apply(input) as tf.Tensor).dataSync());
    let e0 = 0;
    let r0 = 0;
    for (let j = 0; j < B * n; j++) {
      e0 += (noShift[j]! - u[j]!) ** 2;
      r0 += u[j]! ** 2;
    }
    expect(Math.sqrt(e0 / r0)).toBeGreaterThan(1e-3);
    input.dispose();
    layer.dispose();
  });

  it("buildGsnn coleHopf: K channels in the first coleHopfBlocks blocks; save/load bit for bit", async () => {
    await tf.setBackend("cpu");
    const ctx = { grid: makeGrid({ shape: [16], lengths: [2] }), inChannels: 1, outChannels: 1 };
    const small = { width: 4, depth: 3, projectionWidth: 8, linearPathTaus: 0, seed: 2 };
    const m = buildGsnn({ ...small, coleHopf: 3, coleHopfBlocks: 2 }, ctx);
    const ch = m.layers.filter((l) => l instanceof ColeHopfFilter) as ColeHopfFilter[];
    expect(ch.map((l) => l.name)).toEqual(["block0_cole_hopf", "block1_cole_hopf"]);
    expect(ch[0]!.taus().length).toBe(3);
    // Gains alternate in sign, magnitudes over [k_min/2, 2k_min] (k_min = π for L = 2).
    const gains = ch[0]!.gains();
    [-Math.PI / 2, Math.PI, -2 * Math.PI].forEach((g, c) => expect(gains[c]).toBeCloseTo(g, 5));
    // Mix (width 4 → 3, bias) + τ, s and γ (3 each) + out (3 → 4, no bias), per block.
    const plain = buildGsnn(small, ctx);
    expect(m.countParams() - plain.countParams()).toBe(2 * (4 * 3 + 3 + 3 * 3 + 3 * 4));
    tf.tidy(() => m.setWeights(m.getWeights().map((w) => tf.add(w, tf.randomUniform(w.shape, -0.1, 0.1, "float32", 3)))));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(m)));
    expect(loaded.getLayer("block1_cole_hopf").getConfig()).toEqual(m.getLayer("block1_cole_hopf").getConfig());
    for (const size of [16, 32]) {
      const x = tf.randomNormal([2, size, 1], 0, 1, "float32", size);
      const a = m.predict(x) as tf.Tensor;
      const b = loaded.predict(x) as tf.Tensor;
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      expect(a.dataSync().every(Number.isFinite)).toBe(true);
      tf.dispose([x, a, b]);
    }
    m.dispose();
    plain.dispose();
    loaded.dispose();
  });

  it("buildGsnn coleHopfPath: a Cole–Hopf path from the input to the output that can hold the exact map", async () => {
    await tf.setBackend("cpu");
    const n = 64;
    const nu = 0.1;
    const ctx = { grid: makeGrid({ shape: [n], lengths: [1] }), inChannels: 1, outChannels: 1 };
    const m = buildGsnn({ width: 4, depth: 1, projectionWidth: 8, linearPathTaus: 0, seed: 2, coleHopfPath: 1 }, ctx);
    // The deep part's output layer starts at zero beside the path; set the path to the Cole–Hopf
    // parameters and the model is the viscous Burgers map.
    expect(m.getLayer("project_out").getWeights().every((w) => w.dataSync().every((q) => q === 0))).toBe(true);
    tf.tidy(() => {
      m.getLayer("cole_hopf_path_mix").setWeights([tf.tensor2d([[1]]), tf.zeros([1])]);
      // Channel 0's gain is negative: log |γ| = log(1/(2ν)).
      m.getLayer("cole_hopf_path").setWeights([tf.tensor1d([Math.log(Math.sqrt(nu))]), tf.tensor1d([1]), tf.tensor1d([Math.log(1 / (2 * nu))])]);
      m.getLayer("cole_hopf_path_out").setWeights([tf.tensor2d([[1]])]);
    });
    const p = getProblem("burgers1d").resolve({ resolution: n, nu, time: 1, fine: 1 });
    const u0 = new Float64Array(n);
    const u = new Float64Array(n);
    p.sample(3, 0, u0, u);
    const pred = tf.tidy(() => (m.predict(tf.tensor(Float32Array.from(u0), [1, n, 1])) as tf.Tensor).dataSync());
    let e = 0;
    let r = 0;
    for (let j = 0; j < n; j++) {
      e += (pred[j]! - u[j]!) ** 2;
      r += u[j]! ** 2;
    }
    expect(Math.sqrt(e / r)).toBeLessThan(1e-6);
    m.dispose();
  });

  it("bad values are refused, naming the argument", () => {
    const periodic = { grid: makeGrid({ shape: [16], lengths: [1] }), inChannels: 1, outChannels: 1 };
    const square = { grid: makeGrid({ shape: [8, 8], lengths: [1, 1] }), inChannels: 1, outChannels: 1 };
    const small = { width: 4, depth: 2, projectionWidth: 8, linearPathTaus: 0 };
    refused(() => buildGsnn({ ...small, coleHopf: -1 }, periodic), "InvalidArgumentError", "coleHopf");
    refused(() => buildGsnn({ ...small, coleHopf: 2, coleHopfBlocks: 1.5 }, periodic), "InvalidArgumentError", "coleHopfBlocks");
    refused(() => buildGsnn({ ...small, coleHopf: 2 }, square), "UnsupportedError", "coleHopf");
    refused(() => buildGsnn({ ...small, coleHopfPath: 1 }, square), "UnsupportedError", "coleHopfPath");
    refused(() => buildGsnn({ ...small, coleHopfPath: 0.5 }, periodic), "InvalidArgumentError", "coleHopfPath");
    refused(() => buildGsnn({ ...small, coleHopf: 2, probabilistic: true, linearPathTaus: 0 }, periodic), "UnsupportedError", "coleHopf");
    const ok = { length: 1, tauMin: 0.1, tauMax: 0.2, gainMin: 1, gainMax: 2 };
    refused(() => new ColeHopfFilter({ ...ok, length: 0 }), "InvalidArgumentError", "length");
    refused(() => new ColeHopfFilter({ ...ok, tauMin: 0.2, tauMax: 0.1 }), "InvalidArgumentError", "tauMax");
    refused(() => new ColeHopfFilter({ ...ok, gainMin: -1 }), "InvalidArgumentError", "gainMin");
    refused(() => new ColeHopfFilter({ ...ok, gainMax: 0.5 }), "InvalidArgumentError", "gainMax");
    refused(() => new ColeHopfFilter({ ...ok, shiftInit: Number.NaN }), "InvalidArgumentError", "shiftInit");
  });
});
