import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { relMaxError } from "./rel-error.js";
import { afterAll, describe, expect, it } from "vitest";
import { makeField, makeGrid, sampleRng, type BoundaryCondition } from "../../core/index.js";
import { heatSpectral } from "../../solvers/index.js";
import { HeatFilter } from "../heat-filter.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});


/**
 * Float64 reference of the summed bank: y_c = Σ_j a_jc · heat(x_c, t = τ_jc²), and the loss
 * L = Σ (w ⊙ y)²; gradients by central differences w.r.t. x, τ and a. L is a sum of one term per
 * (sample b, channel c), and an entry of x moves only its own term (one of τ or a only the terms
 * of its channel), so each difference re-evaluates just those terms: the same differences, a
 * quarter of the solves for x here.
 */
function reference(
  x: Float64Array, tau: Float64Array, a: Float64Array, w: Float64Array,
  B: number, shape: number[], C: number, J: number, lengths: number[], bc: BoundaryCondition[],
): { gx: Float64Array; gtau: Float64Array; ga: Float64Array } {
  const grid = makeGrid({ shape, lengths, bc });
  const size = shape.reduce((p, q) => p * q, 1);
  const term = (b: number, c: number): number => {
    const u0 = makeField(shape, Float64Array.from({ length: size }, (_, p) => x[(b * size + p) * C + c]!));
    const y = new Float64Array(size);
    for (let j = 0; j < J; j++) {
      const u = heatSpectral(grid, u0, { kappa: 1, t: tau[j * C + c]! ** 2 });
      for (let p = 0; p < size; p++) y[p] = y[p]! + a[j * C + c]! * u.data[p]!;
    }
    let s = 0;
    for (let p = 0; p < size; p++) s += (w[(b * size + p) * C + c]! * y[p]!) ** 2;
    return s;
  };
  const channel = (c: number): number => {
    let s = 0;
    for (let b = 0; b < B; b++) s += term(b, c);
    return s;
  };
  const fd = (v: Float64Array, h: number, moved: (i: number) => number): Float64Array =>
    Float64Array.from(v, (old, i) => {
      v[i] = old + h;
      const up = moved(i);
      v[i] = old - h;
      const dn = moved(i);
      v[i] = old;
      return (up - dn) / (2 * h);
    });
  return {
    gx: fd(x, 1e-6, (i) => term(Math.floor(i / (size * C)), i % C)),
    gtau: fd(tau, 1e-7, (i) => channel(i % C)),
    ga: fd(a, 1e-6, (i) => channel(i % C)),
  };
}

// The Float64 references depend on the case only: computed on the first backend, reused on the
// second (central differences through the spectral solver were most of the file's CPU).
const references = new Map<number, ReturnType<typeof reference>>();

describe.each(["cpu", "wasm"])("HeatFilter gradients on %s", (backend) => {
  // "auto" is the fused kernel on both backends (what models use); matmul and fft the transforms.
  const cases: { shape: number[]; lengths: number[]; bc: BoundaryCondition[]; impl: "matmul" | "fft" | "auto" }[] = [
    { shape: [32], lengths: [1], bc: ["periodic"], impl: "auto" },
    { shape: [21], lengths: [1], bc: ["periodic"], impl: "auto" },
    { shape: [8, 9], lengths: [0.5, 1], bc: ["periodic", "periodic"], impl: "auto" },
    { shape: [15], lengths: [2], bc: ["dirichlet"], impl: "auto" },
    { shape: [10], lengths: [2], bc: ["neumann"], impl: "auto" },
    { shape: [6, 5], lengths: [1, 1], bc: ["neumann", "dirichlet"], impl: "auto" },
    { shape: [32], lengths: [1], bc: ["periodic"], impl: "matmul" },
    { shape: [32], lengths: [1], bc: ["periodic"], impl: "fft" },
    { shape: [8, 16], lengths: [0.5, 1], bc: ["periodic", "periodic"], impl: "fft" },
    { shape: [15], lengths: [2], bc: ["dirichlet"], impl: "matmul" },
    { shape: [15], lengths: [2], bc: ["dirichlet"], impl: "fft" },
    { shape: [4, 7], lengths: [1, 1], bc: ["neumann", "dirichlet"], impl: "fft" },
    { shape: [6, 5], lengths: [1, 1], bc: ["neumann", "dirichlet"], impl: "matmul" },
  ];
  it("float32 gradients w.r.t. x, τ (via log τ) and the bank weights match Float64 central differences (≤ 1e-3)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of cases.entries()) {
      const B = 2;
      const C = 2;
      const J = 2;
      const size = c.shape.reduce((p, q) => p * q, 1);
      const rng = sampleRng(77, i);
      const x64 = rng.fillNormal(new Float64Array(B * size * C));
      const w64 = rng.fillNormal(new Float64Array(B * size * C));
      const tau64 = Float64Array.from({ length: J * C }, () => (0.03 + 0.1 * rng.uniform()) * Math.min(...c.lengths));
      const a64 = Float64Array.from({ length: J * C }, () => rng.normal());
      let ref = references.get(i);
      if (!ref) references.set(i, (ref = reference(x64, tau64, a64, w64, B, c.shape, C, J, c.lengths, c.bc)));

      const layer = new HeatFilter({ lengths: c.lengths, bc: c.bc, tausPerChannel: J, implementation: c.impl });
      const x = tf.tensor(Float32Array.from(x64), [B, ...c.shape, C]);
      const w = tf.tensor(Float32Array.from(w64), x.shape);
      (layer.apply(x) as tf.Tensor).dispose();
      tf.tidy(() => layer.setWeights([tf.log(tf.tensor(Float32Array.from(tau64), [J, C])), tf.tensor(Float32Array.from(a64), [J, C])]));
      const f = (xv: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.mul(w, layer.apply(xv) as tf.Tensor)));
      const gx = tf.grad(f)(x);
      const { grads } = tf.variableGrads(() => f(x), layer.trainableWeights.map((v) => v.read() as tf.Variable));
      const [logTauVar, aVar] = layer.trainableWeights;
      // d/dτ = (d/d log τ) / τ
      const gtau = Float64Array.from(grads[(logTauVar!.read() as tf.Variable).name]!.dataSync(), (g, k) => g / tau64[k]!);
      const label = JSON.stringify(c);
      expect(relMaxError(gx.dataSync(), ref.gx), label).toBeLessThan(1e-3);
      expect(relMaxError(gtau, ref.gtau), label).toBeLessThan(1e-3);
      expect(relMaxError(grads[(aVar!.read() as tf.Variable).name]!.dataSync(), ref.ga), label).toBeLessThan(1e-3);
      tf.dispose([x, w, gx, ...Object.values(grads), ...layer.getWeights()]);
    }
  });
});
