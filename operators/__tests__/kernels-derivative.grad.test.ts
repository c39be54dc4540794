/**
 * The fused heat-kernel derivative filter (heatDerivativeFilter: multiplier (ik)^m e^{−τ²|k|²},
 * τ = e^ℓ, formed in the kernel; gradient w.r.t. ℓ in the kernel) against the path it replaces
 * in the GSNN's HeatDerivativeFilter layer: heatDerivative, tfjs ops around operators/spectral's
 * transforms. Forward, d/dx and d/dℓ agree to ≤ 1e-5 relative (max error over max value) on
 * wasm and cpu, odd and even sizes, 1-D and 2-D, odd and even orders on periodic axes, even
 * orders on Dirichlet (sine) and Neumann (cosine) axes, plain and scale-normalised. Also: the
 * layer takes the kernel, bad input is named, and no tensor leaks over 1000 training steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import type { BoundaryCondition } from "../../core/index.js";
import { HeatDerivativeFilter, heatDerivative } from "../../gsnn/index.js";
import { heatDerivativeFilter, setFusedKernels, type AxisBasis } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  setFusedKernels({ derivative: true });
  await tf.setBackend("cpu");
});

const BASIS: Record<BoundaryCondition, AxisBasis> = { periodic: "fourier", dirichlet: "sine", neumann: "cosine" };

const CASES: { spatial: number[]; bc: BoundaryCondition[]; lengths: number[]; orders: number[][]; normalized: boolean; C: number }[] = [
  { spatial: [32], bc: ["periodic"], lengths: [1], orders: [[1]], normalized: false, C: 3 },
  { spatial: [45], bc: ["periodic"], lengths: [2], orders: [[1], [2]], normalized: true, C: 2 },
  { spatial: [33], bc: ["periodic"], lengths: [1], orders: [[0], [2], [1]], normalized: false, C: 5 },
  { spatial: [15], bc: ["dirichlet"], lengths: [1], orders: [[2]], normalized: true, C: 3 },
  { spatial: [16], bc: ["dirichlet"], lengths: [1.5], orders: [[0], [2]], normalized: false, C: 2 },
  { spatial: [12], bc: ["neumann"], lengths: [1], orders: [[2]], normalized: true, C: 4 },
  { spatial: [9, 7], bc: ["periodic", "periodic"], lengths: [1, 2], orders: [[1, 0], [0, 1], [2, 0], [0, 2]], normalized: true, C: 2 },
  { spatial: [8, 16], bc: ["periodic", "periodic"], lengths: [1, 1], orders: [[1, 1]], normalized: false, C: 3 },
  { spatial: [6, 10], bc: ["neumann", "neumann"], lengths: [2, 1], orders: [[0, 0], [2, 0], [0, 2]], normalized: false, C: 2 },
  { spatial: [7, 6], bc: ["dirichlet", "neumann"], lengths: [1, 1], orders: [[2, 0], [0, 2]], normalized: true, C: 2 },
  { spatial: [256], bc: ["periodic"], lengths: [1], orders: [[1]], normalized: true, C: 32 },
];

describe.each(["wasm", "cpu"])("fused derivative filter on %s", (backend) => {
  it("forward, d/dx and d/dlogτ match heatDerivative through the spectral transforms (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of CASES.entries()) {
      const D = c.orders.length;
      // τ over a range where τ²|k|² runs from ≪ 1 to ≫ 1 on these grids, so every mode counts.
      const kMax = Math.max(...c.spatial.map((n, a) => (Math.PI * n) / c.lengths[a]!));
      const [fused, ref] = tf.tidy(() => {
        const x = tf.randomNormal([2, ...c.spatial, c.C], 0, 1, "float32", 10 + i);
        const logTau = tf.randomUniform([D, c.C], Math.log(0.3 / kMax), Math.log(3 / kMax), "float32", 20 + i);
        const w = tf.randomNormal([2, ...c.spatial, c.C * D], 0, 1, "float32", 30 + i);
        const opts = { lengths: c.lengths, bc: c.bc, orders: c.orders, normalized: c.normalized };
        const reference = (xx: tf.Tensor, l: tf.Tensor): tf.Tensor => heatDerivative(xx, tf.exp(tf.mul(l, 2)), opts);
        const fusedFn = (xx: tf.Tensor, l: tf.Tensor): tf.Tensor =>
          heatDerivativeFilter(xx, l, { lengths: c.lengths, bases: c.bc.map((b) => BASIS[b]), orders: c.orders, normalized: c.normalized });
        const run = (f: typeof fusedFn): tf.Tensor[] => {
          const loss = (xx: tf.Tensor, l: tf.Tensor): tf.Scalar => tf.sum(tf.mul(w, f(xx, l)));
          return [f(x, logTau), ...tf.grads(loss)([x, logTau])];
        };
        return [run(fusedFn), run(reference)];
      });
      const label = JSON.stringify(c);
      expect(fused[0]!.shape, label).toEqual([2, ...c.spatial, c.C * D]);
      expect(fused[2]!.shape, label).toEqual([D, c.C]);
      ["y", "dx", "dlogτ"].forEach((what, k) => expect(relMax(fused[k]!.dataSync(), ref[k]!.dataSync()), `${what} ${label}`).toBeLessThan(1e-5));
      tf.dispose([...fused, ...ref]);
    }
  });

  it("the HeatDerivativeFilter layer takes the kernel and agrees with its reference path", async () => {
    await tf.setBackend(backend);
    const layer = new HeatDerivativeFilter({ lengths: [1], orders: [[1], [2]], tauInit: 0.02 });
    const x = tf.randomNormal([3, 40, 4], 0, 1, "float32", 5);
    layer.apply(x);
    const logTau = tf.randomUniform([2, 4], Math.log(0.005), Math.log(0.05), "float32", 6);
    layer.setWeights([logTau]);
    const on = await tf.profile(() => layer.apply(x) as tf.Tensor);
    expect(on.kernels.some((k) => k.name === "PdesHeatDerivativeFilter")).toBe(true);
    setFusedKernels({ derivative: false });
    const off = await tf.profile(() => layer.apply(x) as tf.Tensor);
    setFusedKernels({ derivative: true });
    expect(off.kernels.some((k) => k.name === "PdesHeatDerivativeFilter")).toBe(false);
    const a = layer.apply(x) as tf.Tensor;
    setFusedKernels({ derivative: false });
    const b = layer.apply(x) as tf.Tensor;
    setFusedKernels({ derivative: true });
    expect(relMax(a.dataSync(), b.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, logTau, a, b]);
    layer.dispose();
  });

  it("names the argument on bad input", async () => {
    await tf.setBackend(backend);
    const x = tf.zeros([1, 8, 2]);
    const f = (l: tf.Tensor, o: Partial<Parameters<typeof heatDerivativeFilter>[2]>) =>
      heatDerivativeFilter(x, l, { lengths: [1], bases: ["fourier"], orders: [[1]], ...o });
    expect(() => f(tf.zeros([1, 3]), {})).toThrow(/logTau/);
    expect(() => f(tf.zeros([1, 2]), { lengths: [0] })).toThrow(/lengths/);
    expect(() => f(tf.zeros([1, 2]), { bases: ["sine"] })).toThrow(/orders\[0\]/);
    expect(() => f(tf.zeros([1, 2]), { orders: [[3]] })).toThrow(/orders\[0\]/);
    expect(() => f(tf.zeros([1, 2]), { bases: ["fourier", "fourier"] })).toThrow(/bases/);
    const x2 = tf.zeros([1, 4, 4, 2]);
    expect(() => heatDerivativeFilter(x2, tf.zeros([1, 2]), { lengths: [1, 1], bases: ["fourier", "sine"], orders: [[0, 2]] })).toThrow(/bases/);
    x2.dispose();
    tf.dispose(x);
  });

  it("leaks no tensor over 1000 training steps", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const x = tf.randomNormal([2, 16, 3], 0, 1, "float32", 1);
    const logTau = tf.variable(tf.fill([2, 3], Math.log(0.05)));
    const opt = tf.train.sgd(1e-3);
    const opts = { lengths: [1], bases: ["fourier" as const], orders: [[1], [2]], normalized: true };
    const step = (): void => {
      tf.dispose(opt.minimize(() => tf.mean(tf.square(heatDerivativeFilter(x, logTau, opts))) as tf.Scalar, true)!);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, logTau]);
    opt.dispose();
  });
});
