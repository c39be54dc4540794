import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { relMaxError } from "./rel-error.js";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError, makeField, makeGrid, sampleRng, type BoundaryCondition } from "../../core/index.js";
import { heatSpectral } from "../../solvers/index.js";
import { HeatFilter } from "../heat-filter.js";
import { heatFilter } from "../heat-filter-ops.js";

const BACKENDS = ["cpu", "wasm"] as const;

async function useBackend(name: string): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

afterAll(async () => useBackend("cpu"));

/** Smooth random field: a few random low Fourier/sine/cosine-friendly modes plus noise-free sums. */
function randomField(size: number, seed: number): Float64Array {
  const rng = sampleRng(seed, 0);
  const out = new Float64Array(size);
  rng.fillNormal(out);
  return out;
}


/** Reference: heatSpectral per channel at t = τ_c² (κ = 1), input x [B, ...shape, C] Float64. */
function reference(x: Float64Array, B: number, shape: number[], C: number, lengths: number[], bc: BoundaryCondition[], tau: number[]): Float64Array {
  const grid = makeGrid({ shape, lengths, bc });
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.length);
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      const u0 = makeField(shape, Float64Array.from({ length: size }, (_, p) => x[(b * size + p) * C + c]!));
      const u = heatSpectral(grid, u0, { kappa: 1, t: tau[c]! ** 2 });
      for (let p = 0; p < size; p++) out[(b * size + p) * C + c] = u.data[p]!;
    }
  return out;
}

describe.each(BACKENDS)("HeatFilter on %s", (backend) => {
  const cases: { shape: number[]; lengths: number[]; bc: BoundaryCondition[]; impls: ("matmul" | "fft" | "auto")[] }[] = [
    { shape: [64], lengths: [2], bc: ["periodic"], impls: ["auto", "matmul", "fft"] },
    { shape: [128], lengths: [2], bc: ["periodic"], impls: ["auto", "matmul", "fft"] },
    { shape: [45], lengths: [1.5], bc: ["periodic"], impls: ["auto", "matmul"] },
    { shape: [63], lengths: [1], bc: ["dirichlet"], impls: ["auto", "matmul", "fft"] },
    { shape: [40], lengths: [3], bc: ["neumann"], impls: ["auto", "matmul"] },
    { shape: [64], lengths: [3], bc: ["neumann"], impls: ["auto", "matmul", "fft"] },
    { shape: [16, 32], lengths: [1, 2], bc: ["periodic", "periodic"], impls: ["auto", "matmul", "fft"] },
    { shape: [15, 12], lengths: [1, 1], bc: ["dirichlet", "neumann"], impls: ["auto", "matmul"] },
    { shape: [15, 16], lengths: [1, 2], bc: ["dirichlet", "neumann"], impls: ["auto", "matmul", "fft"] },
  ];

  it("equals the Float64 spectral heat solver at t = τ² (≤ 1e-5), per channel, at several resolutions", async () => {
    await useBackend(backend);
    const tau = [0.02, 0.05, 0.11];
    for (const [i, c] of cases.entries()) {
      const B = 2;
      const C = 3;
      const size = c.shape.reduce((a, b) => a * b, 1);
      const x64 = randomField(B * size * C, 10 + i);
      const want = reference(x64, B, c.shape, C, c.lengths, c.bc, tau);
      for (const implementation of c.impls) {
        const layer = new HeatFilter({ lengths: c.lengths, bc: c.bc, tauInit: [1], implementation });
        const x = tf.tensor(Float32Array.from(x64), [B, ...c.shape, C]);
        layer.build(x.shape);
        tf.tidy(() => layer.setWeights([tf.log(tf.tensor([tau]))]));
        const y = layer.apply(x) as tf.Tensor;
        expect(relMaxError(y.dataSync(), want), `${JSON.stringify(c)} ${implementation}`).toBeLessThan(1e-5);
        tf.dispose([x, y, ...layer.getWeights()]);
      }
    }
  });

  it("one layer gives the same function at every resolution of its domain (τ in physical units)", async () => {
    await useBackend(backend);
    const L = 2;
    const u = (x: number): number => Math.sin((2 * Math.PI * x) / L) + 0.4 * Math.cos((6 * Math.PI * x) / L) - 0.2;
    // exact e^{τ²Δ}u for the three modes above
    const tau = 0.15;
    const exact = (x: number): number =>
      Math.exp(-(((tau * 2 * Math.PI) / L) ** 2)) * Math.sin((2 * Math.PI * x) / L) +
      0.4 * Math.exp(-(((tau * 6 * Math.PI) / L) ** 2)) * Math.cos((6 * Math.PI * x) / L) - 0.2;
    const layer = new HeatFilter({ lengths: [L], tauInit: [tau], inputShape: [null, 1] });
    for (const n of [32, 64, 256, 100]) {
      const xs = Array.from({ length: n }, (_, j) => (j * L) / n);
      const x = tf.tensor(xs.map(u), [1, n, 1]);
      const y = layer.apply(x) as tf.Tensor;
      expect(relMaxError(y.dataSync(), xs.map(exact)), `n = ${n}`).toBeLessThan(1e-5);
      tf.dispose([x, y]);
    }
  });

  it("a bank sums with its weights or stacks channels as c·J + j", async () => {
    await useBackend(backend);
    const lengths = [1];
    const taus = [0.01, 0.04];
    const x = tf.tensor(Float32Array.from(randomField(2 * 32 * 2, 3)), [2, 32, 2]);
    const single = taus.map((t) => heatFilter(x, tf.tensor([t * t, t * t]), { lengths }));
    const t2 = tf.tensor([taus.map((t) => t * t), taus.map((t) => t * t)]).transpose(); // [J, C]
    const a = tf.tensor([[0.3, -1], [2, 0.5]]);
    const summed = heatFilter(x, t2, { lengths, weights: a });
    const want = tf.tidy(() => tf.add(tf.mul(single[0]!, a.slice([0, 0], [1, 2]).reshape([2])), tf.mul(single[1]!, a.slice([1, 0], [1, 2]).reshape([2]))));
    expect(relMaxError(summed.dataSync(), want.dataSync())).toBeLessThan(1e-5);
    const stacked = heatFilter(x, t2, { lengths, weights: "stack" });
    expect(stacked.shape).toEqual([2, 32, 4]);
    for (let c = 0; c < 2; c++)
      for (let j = 0; j < 2; j++) {
        const got = stacked.slice([0, 0, c * 2 + j], [2, 32, 1]);
        const ref = single[j]!.slice([0, 0, c], [2, 32, 1]);
        expect(relMaxError(got.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
        tf.dispose([got, ref]);
      }
    const layer = new HeatFilter({ lengths, tausPerChannel: 3, bankMode: "stack" });
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 32, 6]);
    expect(layer.computeOutputShape([null, null, 2])).toEqual([null, null, 6]);
    tf.dispose([x, ...single, t2, a, summed, want, stacked, y]);
  });

  it("does not leak tensors over repeated calls and gradient steps", async () => {
    await useBackend(backend);
    const layer = new HeatFilter({ lengths: [1], tausPerChannel: 2 });
    const x = tf.tensor(Float32Array.from(randomField(4 * 64 * 3, 4)), [4, 64, 3]);
    const opt = tf.train.adam(1e-2);
    (layer.apply(x) as tf.Tensor).dispose(); // builds the weights before the optimizer lists variables
    const step = (): void => {
      opt.minimize(() => tf.mean(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar);
    };
    step();
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      step();
      (layer.apply(x) as tf.Tensor).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    opt.dispose();
  });
});

describe("HeatFilter validation", () => {
  it("rejects bad configuration with the argument named", () => {
    const bad = (f: () => unknown, arg: string): void => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(isPdesError(e)).toBe(true);
        expect((e as Error).message).toContain(arg);
      }
    };
    bad(() => new HeatFilter({ lengths: [0] }), "lengths");
    bad(() => new HeatFilter({ lengths: [1], bc: ["periodc" as BoundaryCondition] }), "bc");
    bad(() => new HeatFilter({ lengths: [1], tausPerChannel: 2, tauInit: [0.1] }), "tauInit");
    bad(() => new HeatFilter({ lengths: [1], bankMode: "max" as "sum" }), "bankMode");
    bad(() => new HeatFilter({ lengths: [1], tauInit: [0.1], tauMin: 0.01, tauMax: 0.1 }), "tauInit");
    bad(() => new HeatFilter({ lengths: [1], tauMin: 0.1, tauMax: 0.01 }), "tauMax");
    bad(() => new HeatFilter({ lengths: [1], bc: ["dirichlet"], probabilistic: true }), "bc");
    bad(() => new HeatFilter({ lengths: [1], tausPerChannel: 2, bankMode: "stack", probabilistic: true }), "bankMode");
    bad(() => new HeatFilter({ lengths: [1], probabilistic: true, injection: "learned", injectedVariance: 0 }), "injectedVariance");
    const x = tf.zeros([1, 8, 2]);
    const t = tf.zeros([3]);
    bad(() => heatFilter(x, t, { lengths: [1] }), "t");
    bad(() => heatFilter(x, tf.zeros([2]), { lengths: [1, 1] }), "lengths");
    tf.dispose([x, t]);
  });
});
