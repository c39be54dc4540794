/**
 * Test data for the baselines: smooth seeded random Fourier series on [0, L) (core Rng, one
 * stream per sample) with exact images under the heat semigroup and under antiderivation, so
 * every accuracy check compares with a closed form, never with the code under test.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { sampleRng } from "../../core/index.js";
import { fusedAdamStep } from "../index.js";

export interface SeriesSet {
  /** a0 + Σ_k a_k cos(2πkx/L) + b_k sin(2πkx/L), k = 1..K; arrays [N, K+1] (index 0 = a0). */
  a: Float64Array[];
  b: Float64Array[];
  K: number;
  L: number;
}

/** N series with K modes, amplitudes N(0, 1)·k^(−decay); a0 only when withMean. */
export function randomSeries(seed: number, N: number, K: number, decay = 1, L = 1, withMean = false): SeriesSet {
  const a: Float64Array[] = [];
  const b: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    const r = sampleRng(seed, i);
    const ai = new Float64Array(K + 1);
    const bi = new Float64Array(K + 1);
    ai[0] = withMean ? r.normal() : 0;
    for (let k = 1; k <= K; k++) {
      ai[k] = r.normal() * k ** -decay;
      bi[k] = r.normal() * k ** -decay;
    }
    a.push(ai);
    b.push(bi);
  }
  return { a, b, K, L };
}

export type Image = "identity" | { heat: number } | "antiderivative";

/** Values [N·P] of the series (or its image) at the points x. */
export function evaluate(s: SeriesSet, x: ArrayLike<number>, image: Image = "identity"): Float64Array {
  const N = s.a.length;
  const P = x.length;
  const out = new Float64Array(N * P);
  for (let i = 0; i < N; i++) {
    const ai = s.a[i]!;
    const bi = s.b[i]!;
    for (let j = 0; j < P; j++) {
      const xj = x[j]!;
      let v = image === "antiderivative" ? ai[0]! * xj : ai[0]!;
      for (let k = 1; k <= s.K; k++) {
        const w = (2 * Math.PI * k) / s.L;
        const c = Math.cos(w * xj);
        const sn = Math.sin(w * xj);
        if (image === "antiderivative") v += (ai[k]! * sn + bi[k]! * (1 - c)) / w;
        else {
          const g = image === "identity" ? 1 : Math.exp(-image.heat * w * w);
          v += g * (ai[k]! * c + bi[k]! * sn);
        }
      }
      out[i * P + j] = v;
    }
  }
  return out;
}

export function linspace(n: number, L = 1, endpoint = false): Float64Array {
  return Float64Array.from({ length: n }, (_, j) => (j * L) / (endpoint ? n - 1 : n));
}

/** Relative L2 error ‖p − r‖ / ‖r‖ over everything, in Float64. */
export function relL2(pred: ArrayLike<number>, ref: ArrayLike<number>): number {
  let e = 0;
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    e += (pred[i]! - ref[i]!) ** 2;
    n += ref[i]! ** 2;
  }
  return Math.sqrt(e / n);
}

/** Values of a tensor computed in a tidy scope (read outside it: tidy would walk a returned typed array). */
export function values(f: () => tf.Tensor): Float32Array {
  const t = tf.tidy(f);
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return v;
}

export async function useBackend(name: "cpu" | "wasm"): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} did not initialise`);
  await tf.ready();
}

/**
 * Mini-batch Adam on the MSE, returning the wall time; the training loop the tests share.
 * `fused`: the same Adam (β = 0.9, 0.999, ε = 1e-7, bias-corrected, no weight decay) as one fused
 * kernel call per step (operators/kernels/adam.ts) instead of tfjs's ~10 ops per weight tensor:
 * for a small model most of a step's CPU is per-op overhead (docs/operators.md §Fused kernels).
 */
export function trainMse(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  opts: { epochs: number; batch: number; lr: number; seed?: number; halveEvery?: number; fused?: boolean; onEpoch?: (e: number) => boolean | void },
): number {
  const opt = opts.fused ? null : tf.train.adam(opts.lr);
  let lr = opts.lr;
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let m: tf.Tensor[] = opts.fused ? vars.map((v) => tf.zerosLike(v)) : [];
  let v2: tf.Tensor[] = opts.fused ? vars.map((v) => tf.zerosLike(v)) : [];
  let t = 0;
  const N = x.shape[0]!;
  const order = Array.from({ length: N }, (_, i) => i);
  // Batches are copied from host arrays, not gathered on the backend: on wasm a tf.gather of 25
  // samples cost about as much as the rest of a DeepONet step's ops together. Same batches, same values.
  const xs = x.dataSync() as Float32Array;
  const ys = y.dataSync() as Float32Array;
  const rowX = xs.length / N;
  const rowY = ys.length / N;
  const batchOf = (src: Float32Array, row: number, idx: number[], shape: number[]) => {
    const b = new Float32Array(idx.length * row);
    idx.forEach((i, k) => b.set(src.subarray(i * row, (i + 1) * row), k * row));
    return tf.tensor(b, [idx.length, ...shape.slice(1)]);
  };
  const rng = sampleRng(opts.seed ?? 7, 0);
  const t0 = performance.now();
  for (let e = 0; e < opts.epochs; e++) {
    // Step decay as the papers' scripts (StepLR), on a CI-sized schedule.
    if (opts.halveEvery && e > 0 && e % opts.halveEvery === 0) {
      lr /= 2;
      if (opt) (opt as unknown as { learningRate: number }).learningRate = lr;
    }
    rng.shuffle(order);
    for (let s = 0; s + opts.batch <= N; s += opts.batch) {
      const idx = order.slice(s, s + opts.batch);
      const xb = batchOf(xs, rowX, idx, x.shape);
      const yb = batchOf(ys, rowY, idx, y.shape);
      const lossFn = () => tf.mean(tf.square(tf.sub(model.apply(xb, { training: true }) as tf.Tensor, yb))) as tf.Scalar;
      if (opt) {
        const loss = opt.minimize(lossFn, true);
        tf.dispose([xb, yb, loss!]);
        continue;
      }
      t++;
      const { value, grads } = tf.variableGrads(lossFn, vars);
      const r = fusedAdamStep(vars, vars.map((v) => grads[v.name]!), m, v2, {
        beta1: 0.9, beta2: 0.999, c1: 1 - 0.9 ** t, c2: 1 - 0.999 ** t, epsilon: 1e-7, lr, weightDecay: 0,
      });
      vars.forEach((v, i) => v.assign(r.weights[i]!));
      tf.dispose([xb, yb, value, ...Object.values(grads), ...r.weights, ...m, ...v2]);
      m = r.m;
      v2 = r.v;
    }
    if (opts.onEpoch?.(e)) break;
  }
  opt?.dispose();
  tf.dispose([...m, ...v2]);
  return (performance.now() - t0) / 1000;
}
