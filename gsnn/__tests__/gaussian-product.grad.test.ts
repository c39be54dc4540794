/**
 * Gradients through GaussianProduct: tfjs float32 gradients of a scalar loss against central
 * differences of an independent Float64 plain-JS reference, ≤ 1e-3 relative to the gradient's
 * max norm, for the input moments (probabilistic) and for the weights of a GaussianLinear
 * feeding it (deterministic and probabilistic). cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { GaussianLinear, GaussianProduct } from "../index.js";

const PAIRS: [number, number][] = [[0, 1], [1, 1], [0, 2], [2, 1]];
const MU = [0.4, -0.8, 1.1];
const VAR = [0.3, 0.6, 0.15];
const CM = [0.7, -1.3, 0.4, 0.9];
const CV = [0.9, 1.7, -0.5, 0.3];
const W0 = [0.5, -0.3, 0.8, 0.2, -0.6, 0.4, 0.1, 0.7, -0.2];

/** Σ_p CM_p E[x_a x_b] + CV_p Var[x_a x_b] in Float64 (the documented closed forms). */
function loss64(mu: number[], v: number[]): number {
  let s = 0;
  PAIRS.forEach(([a, b], p) => {
    const same = a === b;
    const e = mu[a]! * mu[b]! + (same ? v[a]! : 0);
    const w = (same ? 2 : 1) * (mu[a]! ** 2 * v[b]! + mu[b]! ** 2 * v[a]! + v[a]! * v[b]!);
    s += CM[p]! * e + CV[p]! * w;
  });
  return s;
}

/** The same loss after a 3×3 linear mixing μ' = Wμ, σ'² = (W∘W)σ² (no bias). */
function lossMixed64(W: number[], deterministic: boolean): number {
  const mix = (x: number[], sq: boolean): number[] =>
    [0, 1, 2].map((o) => x.reduce((acc, xi, i) => acc + (sq ? W[i * 3 + o]! ** 2 : W[i * 3 + o]!) * xi, 0));
  const mu = mix(MU, false);
  if (deterministic) return PAIRS.reduce((s, [a, b], p) => s + CM[p]! * mu[a]! * mu[b]!, 0);
  return loss64(mu, mix(VAR, true));
}

function centralDiff(f: (p: number[]) => number, p: number[], h = 1e-6): number[] {
  return p.map((_, k) => {
    const a = [...p];
    const b = [...p];
    a[k] = a[k]! + h;
    b[k] = b[k]! - h;
    return (f(a) - f(b)) / (2 * h);
  });
}

function relErr(got: ArrayLike<number>, ref: number[]): number {
  const scale = Math.max(...ref.map(Math.abs));
  return Math.max(...ref.map((r, i) => Math.abs(got[i]! - r))) / scale;
}

describe.each(["cpu", "wasm"])("GaussianProduct gradients on %s", (backend) => {
  it("d/dμ and d/dσ² of the propagated moments match Float64 central differences", async () => {
    await tf.setBackend(backend);
    const layer = new GaussianProduct({ pairs: PAIRS, probabilistic: true });
    const mu = tf.variable(tf.tensor2d(MU, [1, 3]));
    const v = tf.variable(tf.tensor2d(VAR, [1, 3]));
    const { grads, value } = tf.variableGrads(() =>
      tf.tidy(() => tf.sum(tf.mul(layer.apply(tf.concat([mu, v], 1)) as tf.Tensor, tf.tensor2d([...CM, ...CV], [1, 8]))) as tf.Scalar),
      [mu, v],
    );
    expect(Math.abs(value.dataSync()[0]! - loss64(MU, VAR))).toBeLessThan(1e-5);
    const got = [...grads[mu.name]!.dataSync(), ...grads[v.name]!.dataSync()];
    const ref = centralDiff((p) => loss64(p.slice(0, 3), p.slice(3)), [...MU, ...VAR]);
    expect(relErr(got, ref)).toBeLessThan(1e-3);
    tf.dispose([mu, v, value, ...Object.values(grads)]);
  });

  for (const deterministic of [true, false]) {
    it(`GaussianLinear → GaussianProduct (${deterministic ? "deterministic" : "probabilistic"}): d/dW matches Float64 central differences`, async () => {
      await tf.setBackend(backend);
      const lin = new GaussianLinear({ units: 3, probabilistic: !deterministic, useBias: false });
      const prod = new GaussianProduct({ pairs: PAIRS, probabilistic: !deterministic });
      lin.build([1, deterministic ? 3 : 6]);
      lin.setWeights([tf.tensor2d(W0, [3, 3])]);
      const kernel = lin.trainableWeights[0]!.read() as tf.Variable;
      const x = deterministic ? tf.tensor2d(MU, [1, 3]) : tf.tensor2d([...MU, ...VAR], [1, 6]);
      const weights = deterministic ? tf.tensor2d(CM, [1, 4]) : tf.tensor2d([...CM, ...CV], [1, 8]);
      const { grads } = tf.variableGrads(() => tf.tidy(() => tf.sum(tf.mul(prod.apply(lin.apply(x)) as tf.Tensor, weights)) as tf.Scalar), [kernel]);
      const ref = centralDiff((w) => lossMixed64(w, deterministic), W0);
      expect(relErr(grads[kernel.name]!.dataSync(), ref)).toBeLessThan(1e-3);
      tf.dispose([x, weights, ...Object.values(grads)]);
    });
  }
});
