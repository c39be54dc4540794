/**
 * Gradients of the moment layers: tfjs float32 gradients of a scalar loss on (mean, variance)
 * outputs against central differences of an independent Float64 plain-JS reference, ≤ 1e-3
 * relative (to the gradient's max norm), for the mixing weights, bias and input moments of
 * GaussianLinear → GaussianActivation (every activation), and for log τ of HeatFilter's
 * mean and squared-kernel variance paths. cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { activationMoments64, GaussianActivation, HeatFilter, GaussianLinear, GSNN_ACTIVATIONS, type GsnnActivation } from "../index.js";

const CIN = 3;
const COUT = 2;
const MU = [0.4, -0.8, 1.1];
const VAR = [0.3, 0.6, 0.15];
const W0 = [0.5, -0.3, 0.8, 0.2, -0.6, 0.4];
const B0 = [0.1, -0.2];
const CM = [0.7, -1.3];
const CV = [0.9, 1.7];

/** Float64 loss Σ_o CM_o E[h] + CV_o Var[h] with params p = [W (3×2), b (2), μ (3), σ² (3)]. */
function loss64(act: GsnnActivation, p: number[]): number {
  const W = p.slice(0, 6);
  const b = p.slice(6, 8);
  const mu = p.slice(8, 11);
  const v = p.slice(11, 14);
  let s = 0;
  for (let o = 0; o < COUT; o++) {
    let m = b[o]!;
    let vv = 0;
    for (let i = 0; i < CIN; i++) {
      m += W[i * COUT + o]! * mu[i]!;
      vv += W[i * COUT + o]! ** 2 * v[i]!;
    }
    const r = activationMoments64(act, m, vv);
    s += CM[o]! * r.mean + CV[o]! * r.variance;
  }
  return s;
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

describe.each(["cpu", "wasm"])("moment-layer gradients on %s", (backend) => {
  for (const act of GSNN_ACTIVATIONS) {
    it(`GaussianLinear → GaussianActivation(${act}): d/dW, d/db, d/dμ, d/dσ² match Float64 central differences`, async () => {
      await tf.setBackend(backend);
      const lin = new GaussianLinear({ units: COUT, probabilistic: true });
      const h = new GaussianActivation({ activation: act, probabilistic: true });
      lin.build([1, 2 * CIN]);
      lin.setWeights([tf.tensor2d(W0, [CIN, COUT]), tf.tensor1d(B0)]);
      const [kernel, bias] = lin.trainableWeights.map((w) => w.read() as tf.Variable);
      const mu = tf.variable(tf.tensor2d(MU, [1, CIN]));
      const v = tf.variable(tf.tensor2d(VAR, [1, CIN]));
      const { grads } = tf.variableGrads(() =>
        tf.tidy(() => {
          const y = h.apply(lin.apply(tf.concat([mu, v], 1))) as tf.Tensor;
          return tf.sum(tf.mul(y, tf.tensor2d([...CM, ...CV], [1, 2 * COUT]))) as tf.Scalar;
        }),
        [kernel!, bias!, mu, v],
      );
      const got = [
        ...grads[kernel!.name]!.dataSync(),
        ...grads[bias!.name]!.dataSync(),
        ...grads[mu.name]!.dataSync(),
        ...grads[v.name]!.dataSync(),
      ];
      const ref = centralDiff((p) => loss64(act, p), [...W0, ...B0, ...MU, ...VAR]);
      expect(relErr(got, ref)).toBeLessThan(1e-3);
      tf.dispose([mu, v, ...Object.values(grads)]);
    });
  }

  it("HeatFilter: d/d(log τ) of the mean and squared-kernel variance paths", async () => {
    await tf.setBackend(backend);
    const n = 8;
    const C = 2;
    const layer = new HeatFilter({ lengths: [1], bc: ["periodic"], probabilistic: true, tauMin: 0.04, tauMax: 0.09 });
    const mu = Array.from({ length: n * C }, (_, i) => Math.sin(1.3 * i + 0.2));
    const va = Array.from({ length: n * C }, (_, i) => 0.5 + 0.4 * Math.cos(0.7 * i));
    const wts = Array.from({ length: 2 * n * C }, (_, i) => Math.cos(0.37 * i));
    const x = tf.concat([tf.tensor3d(mu, [1, n, C]), tf.tensor3d(va, [1, n, C])], 2);
    layer.build(x.shape);
    const logTau = layer.trainableWeights[0]!.read() as tf.Variable;
    const lt0 = Array.from(logTau.dataSync());
    const { grads } = tf.variableGrads(
      () => tf.tidy(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, tf.tensor3d(wts, [1, n, 2 * C]))) as tf.Scalar),
      [logTau],
    );
    // Float64 reference: dense circular convolution with g and g² from the exact multiplier.
    const loss = (lt: number[]): number => {
      let s = 0;
      for (let c = 0; c < C; c++) {
        const t = Math.exp(2 * lt[c]!);
        const g = Array.from({ length: n }, (_, j) => {
          let acc = 0;
          for (let m = 0; m < n; m++) {
            const k = 2 * Math.PI * (m <= n / 2 ? m : m - n);
            acc += Math.exp(-t * k * k) * Math.cos((2 * Math.PI * j * m) / n);
          }
          return acc / n;
        });
        for (let i = 0; i < n; i++) {
          let ym = 0;
          let yv = 0;
          for (let j = 0; j < n; j++) {
            const gij = g[(i - j + n) % n]!;
            ym += gij * mu[j * C + c]!;
            yv += gij * gij * va[j * C + c]!;
          }
          s += wts[i * 2 * C + c]! * ym + wts[i * 2 * C + C + c]! * yv;
        }
      }
      return s;
    };
    const ref = centralDiff(loss, lt0);
    expect(relErr(grads[logTau.name]!.dataSync(), ref)).toBeLessThan(1e-3);
    tf.dispose([x, ...Object.values(grads)]);
  });
});
