import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, makeGrid, sampleRng } from "../../core/index.js";
import { buildGsnn, DomainModes } from "../index.js";
import { relMaxError } from "./rel-error.js";

/** erf by its Maclaurin series (Float64; |x| ≤ 4 loses < 7 digits to cancellation), ±1 beyond. */
function erf64(x: number): number {
  if (Math.abs(x) > 5.5) return Math.sign(x);
  let term = x;
  let s = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17; n++) {
    term *= (-x * x) / n;
    s += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * s;
}
const gelu64 = (v: number) => 0.5 * v * (1 + erf64(v / Math.SQRT2));

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(artifacts!));
}

describe("DomainModes with a hidden layer (nonlinear term on the mode coefficients)", () => {
  it("forward and gradients (x, kernel, hidden kernel and bias, out kernel) match a Float64 reference to 1e-4", () => {
    // Dirichlet × Dirichlet, 5 × 4 points, C = 2 in, U = 2 out, K = 2 (M = 4), H = 3, B = 2:
    // d_m = c_m W_m + (V gelu(A vec(c) + a))_m, y = Σ_m φ_m d_m.
    const [n0, n1, C, U, K, H, B] = [5, 4, 2, 2, 2, 3, 2];
    const P = n0 * n1;
    const M = K * K;
    const xs = (n: number) => Array.from({ length: n }, (_, j) => (j + 1) / (n + 1));
    const [x0, x1] = [xs(n0), xs(n1)];
    const phi = (m: number, i: number) => Math.cos(Math.PI * Math.floor(m / K) * x0[Math.floor(i / n1)]!) * Math.cos(Math.PI * (m % K) * x1[i % n1]!);
    const rng = sampleRng(31, 0);
    const normal = (n: number, s = 1) => Float64Array.from(rng.fillNormal(new Float32Array(n)), (v) => Math.fround(v * s));
    const x = normal(B * P * C);
    const W = normal(M * C * U);
    const A = normal(M * C * H, 0.7);
    const a = normal(H, 0.5);
    const V = normal(H * M * U);
    const w = normal(B * P * U);
    const loss64 = () => {
      let s = 0;
      for (let b = 0; b < B; b++) {
        const coef = new Float64Array(M * C);
        for (let m = 0; m < M; m++) {
          let nm = 0;
          for (let i = 0; i < P; i++) nm += phi(m, i) ** 2;
          for (let c = 0; c < C; c++) {
            for (let i = 0; i < P; i++) coef[m * C + c]! += phi(m, i) * x[(b * P + i) * C + c]!;
            coef[m * C + c]! /= nm;
          }
        }
        const z = Array.from({ length: H }, (_, h) => gelu64(a[h]! + coef.reduce((t, v, j) => t + v * A[j * H + h]!, 0)));
        const d = new Float64Array(M * U);
        for (let m = 0; m < M; m++)
          for (let u = 0; u < U; u++) {
            for (let c = 0; c < C; c++) d[m * U + u]! += coef[m * C + c]! * W[(m * C + c) * U + u]!;
            for (let h = 0; h < H; h++) d[m * U + u]! += z[h]! * V[h * M * U + m * U + u]!;
          }
        for (let i = 0; i < P; i++)
          for (let u = 0; u < U; u++) {
            let y = 0;
            for (let m = 0; m < M; m++) y += phi(m, i) * d[m * U + u]!;
            s += (w[(b * P + i) * U + u]! * y) ** 2;
          }
      }
      return s;
    };
    const fd = (v: Float64Array) =>
      Float64Array.from(v, (old, i) => {
        v[i] = old + 1e-6;
        const up = loss64();
        v[i] = old - 1e-6;
        const dn = loss64();
        v[i] = old;
        return (up - dn) / 2e-6;
      });
    const layer = new DomainModes({ lengths: [1, 1], bc: ["dirichlet", "dirichlet"], modes: K, units: U, hidden: H });
    const xt = tf.tensor(Float32Array.from(x), [B, n0, n1, C]);
    layer.apply(xt);
    const f32 = (v: Float64Array, shape: number[]) => tf.tensor(Float32Array.from(v), shape);
    layer.setWeights([f32(W, [M, C, U]), f32(A, [M * C, H]), f32(a, [H]), f32(V, [H, M * U])]);
    const wt = tf.tensor(Float32Array.from(w), [B, n0, n1, U]);
    const f = (v: tf.Tensor) => tf.sum(tf.square(tf.mul(wt, layer.apply(v) as tf.Tensor))) as tf.Scalar;
    const lossT = f(xt);
    const ref = loss64();
    expect(Math.abs(lossT.dataSync()[0]! - ref) / ref).toBeLessThan(1e-5);
    const gx = tf.grad(f)(xt);
    const vars = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    expect(vars.length).toBe(4);
    const { grads } = tf.variableGrads(() => f(xt), vars);
    expect(relMaxError(gx.dataSync(), fd(x))).toBeLessThan(1e-4);
    [W, A, a, V].forEach((p, j) => expect(relMaxError(grads[vars[j]!.name]!.dataSync(), fd(p))).toBeLessThan(1e-4));
    // The nonlinear term is live: without it (V = 0) the loss differs.
    const linear = new DomainModes({ lengths: [1, 1], bc: ["dirichlet", "dirichlet"], modes: K, units: U });
    linear.apply(xt);
    linear.setWeights([f32(W, [M, C, U])]);
    const lossLin = tf.tidy(() => tf.sum(tf.square(tf.mul(wt, linear.apply(xt) as tf.Tensor))).dataSync()[0]!);
    expect(Math.abs(lossLin - ref) / ref).toBeGreaterThan(1e-2);
    tf.dispose([xt, wt, lossT, gx, ...Object.values(grads)]);
  });

  it("buildGsnn domainModesHidden: saved and loaded bit for bit with equal configs; refused without domainModes", async () => {
    const grid = makeGrid({ shape: [7, 7], lengths: [1, 1], bc: ["dirichlet", "dirichlet"] });
    const ctx = { grid, inChannels: 1, outChannels: 1 };
    const model = buildGsnn({ width: 3, depth: 1, projectionWidth: 4, linearPathTaus: 0, domainModes: 2, domainModesHidden: 5, seed: 2 }, ctx);
    const dm = model.layers.filter((l) => l instanceof DomainModes);
    expect(dm.map((l) => (l as DomainModes).hidden)).toEqual([5]);
    const loaded = await roundTrip(model);
    const configs = (m: tf.LayersModel) => m.layers.filter((l) => l instanceof DomainModes).map((l) => l.getConfig());
    expect(configs(loaded)).toEqual(configs(model));
    expect(configs(model)[0]!.hidden).toBe(5);
    const xin = tf.tensor(sampleRng(4, 0).fillNormal(new Float32Array(2 * 49)), [2, 7, 7, 1]);
    const [p, q] = [model.predict(xin) as tf.Tensor, loaded.predict(xin) as tf.Tensor];
    expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
    tf.dispose([xin, p, q]);
    model.dispose();
    loaded.dispose();
    expect(() => buildGsnn({ domainModesHidden: 4 }, ctx)).toThrow(InvalidArgumentError);
    expect(() => buildGsnn({ domainModesHidden: 4 }, ctx)).toThrow(/domainModesHidden/);
    expect(() => new DomainModes({ lengths: [1], modes: 1, units: 1, hidden: -1 })).toThrow(/hidden/);
  });
});
