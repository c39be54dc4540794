import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPdesError, makeGrid, sampleRng } from "../../core/index.js";
import { buildRidge, fitRidge, fitRidgeModel, ridgeInfo } from "../baselines.js";
import { useBackend, values } from "./models-fixtures.js";

/** Exact periodic heat operator on n points of [0, 1): H[j, l] = (1/n) Σ_m e^{−κt(2πm)²} cos(2πm(j−l)/n). */
function heatMatrix(n: number, kt: number): Float64Array {
  const H = new Float64Array(n * n);
  for (let j = 0; j < n; j++)
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let m = 0; m < n; m++) {
        const f = m <= n / 2 ? m : m - n;
        s += Math.exp(-kt * (2 * Math.PI * f) ** 2) * Math.cos((2 * Math.PI * m * (j - l)) / n);
      }
      H[j * n + l] = s / n;
    }
  return H;
}

function whiteNoise(seed: number, N: number, n: number): Float64Array {
  const x = new Float64Array(N * n);
  for (let i = 0; i < N; i++) sampleRng(seed, i).fillNormal(x.subarray(i * n, (i + 1) * n));
  return x;
}

function apply(H: Float64Array, x: Float64Array, N: number, n: number): Float64Array {
  const y = new Float64Array(N * n);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += H[j * n + l]! * x[i * n + l]!;
      y[i * n + j] = s;
    }
  return y;
}

describe("fitRidge", () => {
  const n = 64;
  const H = heatMatrix(n, 1e-3);

  it("recovers the heat operator matrix to 1e-4 from enough samples", () => {
    const N = 200;
    const x = whiteNoise(1, N, n);
    const fit = fitRidge({ data: x, shape: [N, n, 1] }, { data: apply(H, x, N, n), shape: [N, n, 1] }, { lambda: 1e-10 });
    expect(fit.solver).toBe("primal");
    let err = 0;
    let scale = 0;
    for (let j = 0; j < n; j++)
      for (let l = 0; l < n; l++) {
        // y = xᵀW, so W = Hᵀ
        err = Math.max(err, Math.abs(fit.weights[l * n + j]! - H[j * n + l]!));
        scale = Math.max(scale, Math.abs(H[j * n + l]!));
      }
    expect(err / scale).toBeLessThan(1e-4);
    expect(Math.max(...Array.from(fit.bias, Math.abs))).toBeLessThan(1e-6);
  });

  it("primal and dual give the same minimiser when N < P", () => {
    const N = 30;
    const x = whiteNoise(2, N, n);
    const y = apply(H, x, N, n);
    const a = fitRidge({ data: x, shape: [N, n] }, { data: y, shape: [N, n] }, { lambda: 1e-3, solver: "primal" });
    const b = fitRidge({ data: x, shape: [N, n] }, { data: y, shape: [N, n] }, { lambda: 1e-3 });
    expect(b.solver).toBe("dual");
    expect(b.lambda).toBeCloseTo(a.lambda, 12);
    let d = 0;
    for (let i = 0; i < a.weights.length; i++) d = Math.max(d, Math.abs(a.weights[i]! - b.weights[i]!));
    expect(d).toBeLessThan(1e-9);
  });

  it("validates its inputs", () => {
    const e1 = (() => {
      try {
        fitRidge({ data: new Float64Array(6), shape: [2, 3] }, { data: new Float64Array(3), shape: [3, 1] });
      } catch (e) {
        return e;
      }
    })();
    expect(isPdesError(e1, "ShapeMismatch")).toBe(true);
    const bad = new Float64Array(6);
    bad[4] = NaN;
    expect(() => fitRidge({ data: bad, shape: [2, 3] }, { data: new Float64Array(2), shape: [2, 1] })).toThrow(/inputs contains NaN/);
    expect(() => fitRidge({ data: new Float64Array(6), shape: [2, 3] }, { data: new Float64Array(2), shape: [2, 1] }, { lambda: 0 })).toThrow(/lambda/);
  });
});

describe.each(["cpu", "wasm"] as const)("ridge model on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it("predicts what the Float64 fit predicts, with frozen weights", () => {
    const n = 32;
    const grid = makeGrid({ shape: [n] });
    const N = 64;
    const x = whiteNoise(3, N, n);
    const y = apply(heatMatrix(n, 2e-3), x, N, n);
    const { model, fit } = fitRidgeModel({ data: x, shape: [N, n, 1] }, { data: y, shape: [N, n, 1] }, {}, { grid, inChannels: 1, outChannels: 1 });
    expect(model.trainableWeights).toHaveLength(0);
    expect(ridgeInfo(model).parameterCount).toBe(n * n + n);
    const p = values(() => model.predict(tf.tensor3d(Float32Array.from(x), [N, n, 1])) as tf.Tensor);
    let e = 0;
    for (let i = 0; i < y.length; i++) e = Math.max(e, Math.abs(p[i]! - y[i]!));
    expect(e).toBeLessThan(1e-5);
    expect(() => buildRidge({ fit }, { grid: makeGrid({ shape: [16] }), inChannels: 1, outChannels: 1 })).toThrow(/inFeatures/);
    model.dispose();
  });
});

afterAll(() => useBackend("cpu"));
