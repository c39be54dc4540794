/**
 * Moment-matched nonlinearities: closed forms (Float64) against direct quadrature, the float32
 * tfjs ops against the Float64 closed forms, and Monte Carlo with 1e5 samples against the tfjs
 * moments (within 5 standard errors; tanh additionally within its documented bound).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import {
  activation64,
  activationMoments,
  activationMoments64,
  GSNN_ACTIVATIONS,
  quadratureMoments64,
  TANH_ERF_MAX_ERROR,
  SIGMOID_PROBIT_MAX_ERROR,
  SIGMOID_PROBIT_SCALE,
  erf64,
  normCdf64,
} from "../index.js";

const CASES: [number, number][] = [
  [0, 1],
  [1.5, 0.3],
  [-2, 2],
  [0.3, 0.01],
  [3, 4],
  [-4, 0.5],
  [0.7, 9],
  [2, 0],
];

describe("Float64 closed forms", () => {
  it("erf64 matches known values", () => {
    expect(erf64(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf64(3)).toBeCloseTo(0.9999779095030014, 14);
    expect(erf64(-1)).toBeCloseTo(-0.8427007929497149, 14);
  });

  for (const name of GSNN_ACTIVATIONS) {
    it(`${name}: closed form equals quadrature of E[h(X)], Var[h(X)]`, () => {
      // tanh's closed form is for erf(√π x/2), the sigmoid's for Φ(√(π/8) x): check against those exactly.
      const h =
        name === "tanh"
          ? (x: number) => erf64((Math.sqrt(Math.PI) / 2) * x)
          : name === "sigmoid"
            ? (x: number) => normCdf64(SIGMOID_PROBIT_SCALE * x)
            : (x: number) => activation64(name, x);
      for (const [mu, v] of CASES) {
        const cf = activationMoments64(name, mu, v);
        const q = quadratureMoments64(h, mu, v);
        expect(Math.abs(cf.mean - q.mean)).toBeLessThan(1e-10);
        expect(Math.abs(cf.variance - q.variance)).toBeLessThan(1e-10);
      }
    });
  }

  it("tanh moments are within the documented bound of the true tanh moments", () => {
    let worst = 0;
    for (const [mu, v] of CASES) {
      const a = activationMoments64("tanh", mu, v);
      const t = quadratureMoments64(Math.tanh, mu, v);
      expect(Math.abs(a.mean - t.mean)).toBeLessThanOrEqual(TANH_ERF_MAX_ERROR);
      expect(Math.abs(a.variance - t.variance)).toBeLessThanOrEqual(TANH_ERF_MAX_ERROR * (Math.sqrt(a.variance) + Math.sqrt(t.variance)) + 1e-12);
      worst = Math.max(worst, Math.abs(a.mean - t.mean));
    }
    // The bound is not vacuous: the approximation is visibly different from tanh.
    expect(worst).toBeGreaterThan(1e-3);
  });

  it("sigmoid moments are within the documented bound of the true sigmoid moments", () => {
    let worst = 0;
    for (const [mu, v] of CASES) {
      const a = activationMoments64("sigmoid", mu, v);
      const t = quadratureMoments64((x) => activation64("sigmoid", x), mu, v);
      expect(Math.abs(a.mean - t.mean)).toBeLessThanOrEqual(SIGMOID_PROBIT_MAX_ERROR);
      expect(Math.abs(a.variance - t.variance)).toBeLessThanOrEqual(SIGMOID_PROBIT_MAX_ERROR * (Math.sqrt(a.variance) + Math.sqrt(t.variance)) + 1e-12);
      worst = Math.max(worst, Math.abs(a.mean - t.mean));
    }
    expect(worst).toBeGreaterThan(1e-3);
  });

  it("leaky ReLU with α = 0 and α = 1 reduces to ReLU and to the identity", () => {
    for (const [mu, v] of CASES) {
      const r = activationMoments64("relu", mu, v);
      const l0 = activationMoments64("leaky_relu", mu, v, 0);
      const l1 = activationMoments64("leaky_relu", mu, v, 1);
      expect(Math.abs(l0.mean - r.mean) + Math.abs(l0.variance - r.variance)).toBeLessThan(1e-15 * Math.max(1, Math.abs(mu), v));
      expect(Math.abs(l1.mean - mu) + Math.abs(l1.variance - v)).toBeLessThan(1e-14 * Math.max(1, Math.abs(mu), v));
    }
  });
});

describe.each(["cpu", "wasm"])("tfjs moments on %s", (backend) => {
  it("float32 ops agree with the Float64 closed forms to 1e-5", async () => {
    await tf.setBackend(backend);
    for (const name of GSNN_ACTIVATIONS) {
      const mus = CASES.map((c) => c[0]);
      const vs = CASES.map((c) => c[1]);
      const [m, v] = tf.tidy(() => {
        const r = activationMoments(name, tf.tensor1d(mus), tf.tensor1d(vs));
        return [r.mean.dataSync(), r.variance.dataSync()];
      });
      CASES.forEach(([mu, vv], i) => {
        const ref = activationMoments64(name, mu, vv);
        expect(Math.abs(m![i]! - ref.mean)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref.mean)));
        expect(Math.abs(v![i]! - ref.variance)).toBeLessThan(1e-5 * Math.max(1, ref.variance));
      });
    }
  });

  it("Monte Carlo with 1e5 samples confirms mean and variance", async () => {
    await tf.setBackend(backend);
    const S = 100_000;
    const rng = new Rng(20261123, backend === "cpu" ? 1 : 2);
    const z = Float64Array.from({ length: S }, () => rng.normal());
    const mcCases: [number, number][] = [
      [0, 1],
      [1.5, 0.3],
      [-1, 2],
      [0.5, 0.05],
    ];
    for (const name of GSNN_ACTIVATIONS) {
      const [m, v] = tf.tidy(() => {
        const r = activationMoments(name, tf.tensor1d(mcCases.map((c) => c[0])), tf.tensor1d(mcCases.map((c) => c[1])));
        return [r.mean.dataSync(), r.variance.dataSync()];
      });
      mcCases.forEach(([mu, vv], i) => {
        const s = Math.sqrt(vv);
        let s1 = 0;
        for (let k = 0; k < S; k++) s1 += activation64(name, mu + s * z[k]!);
        const mean = s1 / S;
        let s2 = 0;
        let s4 = 0;
        for (let k = 0; k < S; k++) {
          const d = (activation64(name, mu + s * z[k]!) - mean) ** 2;
          s2 += d;
          s4 += d * d;
        }
        const variance = s2 / (S - 1);
        const seMean = Math.sqrt(variance / S);
        const seVar = Math.sqrt(Math.max(s4 / S - variance * variance, 0) / S);
        // tanh and the sigmoid are moment-matched through erf/probit: add their stated bounds.
        const delta = name === "tanh" ? TANH_ERF_MAX_ERROR : name === "sigmoid" ? SIGMOID_PROBIT_MAX_ERROR : 0;
        const bias = delta;
        const biasVar = delta * (Math.sqrt(variance) + Math.sqrt(v![i]!));
        expect(Math.abs(m![i]! - mean), `${name} mean at (${mu}, ${vv})`).toBeLessThan(5 * seMean + bias + 1e-6);
        expect(Math.abs(v![i]! - variance), `${name} variance at (${mu}, ${vv})`).toBeLessThan(5 * seVar + biasVar + 1e-6);
      });
    }
  });
});
