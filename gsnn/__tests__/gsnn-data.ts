/**
 * Test data for the GSNN tests: smooth seeded random Fourier series on a periodic 1D domain and
 * their exact images under Fourier multipliers (heat exp(−κk²T), Poisson 1/k²), evaluated on
 * any grid size so the same functions can be sampled at several resolutions.
 */
import * as tf from "@tensorflow/tfjs";
import { sampleRng } from "../../core/index.js";

export interface FourierSeries {
  /** cos and sin coefficients of modes m = 1..M (zero mean). */
  a: Float64Array;
  b: Float64Array;
}

export function randomSeries(seed: number, i: number, modes = 16): FourierSeries {
  const rng = sampleRng(seed, i);
  const a = new Float64Array(modes);
  const b = new Float64Array(modes);
  for (let m = 1; m <= modes; m++) {
    // Decay m^-1.5: smooth but with energy in every kept mode.
    a[m - 1] = rng.normal() * m ** -1.5;
    b[m - 1] = rng.normal() * m ** -1.5;
  }
  return { a, b };
}

/** Samples Σ_m g(k_m)(a_m cos k_m x + b_m sin k_m x) at x_j = jL/n. */
export function evaluate(s: FourierSeries, n: number, L: number, g: (k: number) => number = () => 1): Float64Array {
  const out = new Float64Array(n);
  for (let m = 1; m <= s.a.length; m++) {
    const k = (2 * Math.PI * m) / L;
    const gk = g(k);
    for (let j = 0; j < n; j++) {
      const x = (j * L) / n;
      out[j] = out[j]! + gk * (s.a[m - 1]! * Math.cos(k * x) + s.b[m - 1]! * Math.sin(k * x));
    }
  }
  return out;
}

export type Problem = "heat" | "poisson";

export function multiplier(problem: Problem, kappaT = 0.01): (k: number) => number {
  return problem === "heat" ? (k) => Math.exp(-kappaT * k * k) : (k) => 1 / (k * k);
}

/** N pairs as float32 tensors `[N, n, 1]`. */
export function makePairs(problem: Problem, N: number, n: number, seed: number, L = 1, kappaT = 0.01): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const xs = new Float32Array(N * n);
  const ys = new Float32Array(N * n);
  const g = multiplier(problem, kappaT);
  for (let i = 0; i < N; i++) {
    const s = randomSeries(seed, i);
    xs.set(evaluate(s, n, L), i * n);
    ys.set(evaluate(s, n, L, g), i * n);
  }
  return { x: tf.tensor3d(xs, [N, n, 1]), y: tf.tensor3d(ys, [N, n, 1]) };
}

/** Mean over samples of ‖p − y‖/‖y‖ (Float64 accumulation). */
export function relL2(pred: tf.Tensor, y: tf.Tensor): number {
  const p = pred.dataSync();
  const t = y.dataSync();
  const N = y.shape[0]!;
  const per = t.length / N;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let e = 0;
    let r = 0;
    for (let j = i * per; j < (i + 1) * per; j++) {
      e += (p[j]! - t[j]!) ** 2;
      r += t[j]! ** 2;
    }
    sum += Math.sqrt(e / r);
  }
  return sum / N;
}
