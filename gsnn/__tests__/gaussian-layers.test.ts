/**
 * Monte Carlo (1e5 samples) checks of the propagated moments through GaussianLinear and the
 * HeatFilter variance smoothing (squared kernel + injected variance), on cpu and wasm.
 * The filter reference is an independent Float64 dense circular convolution built from the
 * exact multiplier Σ_j a_j exp(−τ_j²k²) by a direct DFT.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { HeatFilter, GaussianLinear } from "../index.js";

const S = 100_000;


describe.each(["cpu", "wasm"])("Gaussian layers on %s", (backend) => {
  it("GaussianLinear: μ' = Wμ + b, σ'² = (W∘W)σ² (Monte Carlo, 1e5 samples)", async () => {
    await tf.setBackend(backend);
    const cin = 3;
    const cout = 2;
    const layer = new GaussianLinear({ units: cout, probabilistic: true, seed: 5 });
    const mu = [0.5, -1, 2];
    const v = [0.3, 1.2, 0.05];
    const out = tf.tidy(() => (layer.apply(tf.tensor3d([...mu, ...v], [1, 1, 2 * cin])) as tf.Tensor).dataSync());
    tf.tidy(() => layer.setWeights([tf.tensor2d([0.7, -0.2, 1.1, 0.4, -0.9, 0.3], [3, 2]), tf.tensor1d([0.1, -0.3])]));
    const got = tf.tidy(() => (layer.apply(tf.tensor3d([...mu, ...v], [1, 1, 2 * cin])) as tf.Tensor).dataSync());
    expect(got.length).toBe(2 * cout);
    expect(out.length).toBe(2 * cout);
    const W = [
      [0.7, -0.2],
      [1.1, 0.4],
      [-0.9, 0.3],
    ];
    const b = [0.1, -0.3];
    const rng = new Rng(7, backend === "cpu" ? 0 : 1);
    const m1 = [0, 0];
    const m2 = [0, 0];
    for (let k = 0; k < S; k++) {
      const x = mu.map((m, i) => m + Math.sqrt(v[i]!) * rng.normal());
      for (let o = 0; o < cout; o++) {
        const yo = b[o]! + x.reduce((s, xi, i) => s + xi * W[i]![o]!, 0);
        m1[o] = m1[o]! + yo;
        m2[o] = m2[o]! + yo * yo;
      }
    }
    for (let o = 0; o < cout; o++) {
      const mean = m1[o]! / S;
      const variance = m2[o]! / S - mean * mean;
      const se = Math.sqrt(variance / S);
      expect(Math.abs(got[o]! - mean)).toBeLessThan(5 * se);
      // Var of a Gaussian sample variance: 2σ⁴/S.
      expect(Math.abs(got[cout + o]! - variance)).toBeLessThan(5 * variance * Math.sqrt(2 / S));
    }
  });

  it("HeatFilter: mean filtered, variance by the squared kernel plus s² (Monte Carlo, 1e5 samples)", async () => {
    await tf.setBackend(backend);
    const n = 16;
    const C = 2;
    const L = 1;
    const s2 = 0.02;
    const layer = new HeatFilter({
      lengths: [L],
      bc: ["periodic"],
      probabilistic: true,
      tauMin: 0.03,
      tauMax: 0.08,
      tausPerChannel: 2,
      injection: "fixed",
      injectedVariance: s2,
    });
    const rng = new Rng(11, backend === "cpu" ? 0 : 1);
    const mu = Float32Array.from({ length: n * C }, () => rng.normal());
    const v = Float32Array.from({ length: n * C }, () => 0.2 + rng.uniform());
    const got = tf.tidy(() => {
      const x = tf.concat([tf.tensor3d(mu, [1, n, C]), tf.tensor3d(v, [1, n, C])], 2);
      return (layer.apply(x) as tf.Tensor).dataSync();
    });
    const taus = layer.taus();
    // Dense Float64 kernels g_c(j) = (1/n) Σ_m M_c(k_m) cos(2π jm/n), bank weights 1/2 each.
    const K = Array.from({ length: C }, (_, c) =>
      Float64Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let m = 0; m < n; m++) {
          const k = (2 * Math.PI * (m <= n / 2 ? m : m - n)) / L;
          const M = 0.5 * Math.exp(-(taus[c]! ** 2) * k * k) + 0.5 * Math.exp(-(taus[C + c]! ** 2) * k * k);
          s += M * Math.cos((2 * Math.PI * j * m) / n);
        }
        return s / n;
      }),
    );
    const dim = n * C;
    const s1 = new Float64Array(dim);
    const sq = new Float64Array(dim);
    const x = new Float64Array(dim);
    const sd = Float64Array.from(v, Math.sqrt);
    for (let k = 0; k < S; k++) {
      for (let i = 0; i < dim; i++) x[i] = mu[i]! + sd[i]! * rng.normal();
      for (let c = 0; c < C; c++) {
        const g = K[c]!;
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += g[(i - j + n) % n]! * x[j * C + c]!;
          s1[i * C + c] = s1[i * C + c]! + acc;
          sq[i * C + c] = sq[i * C + c]! + acc * acc;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) {
        const p = i * C + c;
        const mean = s1[p]! / S;
        const variance = sq[p]! / S - mean * mean;
        expect(Math.abs(got[i * 2 * C + c]! - mean)).toBeLessThan(5 * Math.sqrt(variance / S) + 1e-5);
        expect(Math.abs(got[i * 2 * C + C + c]! - (variance + s2))).toBeLessThan(5 * variance * Math.sqrt(2 / S) + 1e-5);
      }
    }
    // The smoothing visibly reduced the variance (so the check above is not trivially met).
    expect(got[C]! - s2).toBeLessThan(0.8 * Math.max(...Array.from(v)));
  });
});
