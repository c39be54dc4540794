/**
 * The fused heat filter (heatSymmetricFilter: multiplier exp(−e^{2ℓ}|k|²) formed in the kernel,
 * gradient w.r.t. ℓ = log τ in the kernel) against the path it replaces in the GSNN's HeatFilter
 * layer: the multiplier built by tfjs ops and filtered through operators/spectral's transforms.
 * Forward, d/dx and d/dℓ agree to ≤ 1e-5 relative (max error over max value) on wasm and cpu, odd
 * and even sizes, 1-D and 2-D, periodic, Dirichlet (sine) and Neumann (cosine) axes, truncated
 * and full modes; a logTau of shape [C] or [1, C]. Also: no tensor leak over 1000 training steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { heatSymmetricFilter, modeClasses, symmetricFilterReference, type AxisBasis } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const CASES: { spatial: number[]; bases: AxisBasis[]; lengths: number[]; modes?: number[]; C: number }[] = [
  { spatial: [32], bases: ["fourier"], lengths: [1], C: 3 },
  { spatial: [45], bases: ["fourier"], lengths: [2], C: 2 },
  { spatial: [33], bases: ["fourier"], lengths: [1], modes: [7], C: 5 },
  { spatial: [15], bases: ["sine"], lengths: [1], C: 3 },
  { spatial: [16], bases: ["sine"], lengths: [1.5], modes: [5], C: 2 },
  { spatial: [12], bases: ["cosine"], lengths: [1], C: 4 },
  { spatial: [9, 7], bases: ["fourier", "fourier"], lengths: [1, 2], modes: [3, 2], C: 2 },
  { spatial: [8, 16], bases: ["fourier", "fourier"], lengths: [1, 1], C: 3 },
  { spatial: [6, 5], bases: ["sine", "cosine"], lengths: [1, 1], C: 3 },
  { spatial: [7, 8], bases: ["cosine", "sine"], lengths: [2, 1], modes: [3, 4], C: 5 },
  { spatial: [256], bases: ["fourier"], lengths: [1], C: 32 },
];

/** |k|² per mode class (row-major), as the GSNN's heat filter forms it. */
function classK2(bases: AxisBasis[], lengths: number[], M: number[]): Float32Array {
  const k2 = M.map((count, a) => Array.from({ length: count }, (_, i) => ((bases[a] === "fourier" ? 2 : 1) * Math.PI * (bases[a] === "sine" ? i + 1 : i) / lengths[a]!) ** 2));
  if (M.length === 1) return Float32Array.from(k2[0]!);
  return Float32Array.from({ length: M[0]! * M[1]! }, (_, i) => k2[0]![Math.floor(i / M[1]!)]! + k2[1]![i % M[1]!]!);
}

describe.each(["wasm", "cpu"])("fused heat filter on %s", (backend) => {
  it("forward, d/dx and d/dlogτ match the tfjs-op multiplier through the spectral transforms (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of CASES.entries()) {
      const M = c.modes ?? c.spatial.map((n, a) => modeClasses(c.bases[a]!, n));
      const k2 = classK2(c.bases, c.lengths, M);
      // τ over a range where τ²|k|² runs from ≪ 1 to ≫ 1 on these grids, so every mode counts.
      const kMax = Math.sqrt(k2[k2.length - 1]!);
      const [fused, ref] = tf.tidy(() => {
        const x = tf.randomNormal([2, ...c.spatial, c.C], 0, 1, "float32", 10 + i);
        const logTau = tf.randomUniform([1, c.C], Math.log(0.3 / kMax), Math.log(3 / kMax), "float32", 20 + i);
        const w = tf.randomNormal([2, ...c.spatial, c.C], 0, 1, "float32", 30 + i);
        const reference = (xx: tf.Tensor, l: tf.Tensor): tf.Tensor =>
          symmetricFilterReference(xx, tf.exp(tf.neg(tf.mul(tf.tensor(k2, [...M, 1]), tf.exp(tf.mul(tf.reshape(l, [c.C]), 2))))), c.bases);
        const fusedFn = (xx: tf.Tensor, l: tf.Tensor): tf.Tensor => heatSymmetricFilter(xx, l, c.lengths, M, c.bases);
        const run = (f: typeof fusedFn): tf.Tensor[] => {
          const loss = (xx: tf.Tensor, l: tf.Tensor): tf.Scalar => tf.sum(tf.mul(w, f(xx, l)));
          return [f(x, logTau), ...tf.grads(loss)([x, logTau])];
        };
        return [run(fusedFn), run(reference)];
      });
      const label = JSON.stringify(c);
      expect(fused[2]!.shape, label).toEqual([1, c.C]);
      ["y", "dx", "dlogτ"].forEach((what, k) => expect(relMax(fused[k]!.dataSync(), ref[k]!.dataSync()), `${what} ${label}`).toBeLessThan(1e-5));
      tf.dispose([...fused, ...ref]);
    }
  });

  it("a logTau of shape [C] gets the [1, C] case's values with its own shape", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const [a, b] = tf.tidy(() => {
      const x = tf.randomNormal([2, 12, 4], 0, 1, "float32", 3);
      const l = tf.randomUniform([4], Math.log(0.01), Math.log(0.1), "float32", 4);
      const g = (ll: tf.Tensor): tf.Tensor => tf.grad((t: tf.Tensor) => tf.sum(tf.square(heatSymmetricFilter(x, t, [1], [7], ["fourier"]))))(ll);
      return [g(l), g(tf.reshape(l, [1, 4]))];
    });
    expect(a!.shape).toEqual([4]);
    expect(Array.from(a!.dataSync())).toEqual(Array.from(b!.dataSync()));
    tf.dispose([a!, b!]);
  });

  it("names the argument on bad shapes", async () => {
    await tf.setBackend(backend);
    const x = tf.zeros([1, 8, 2]);
    expect(() => heatSymmetricFilter(x, tf.zeros([3]), [1], [5], ["fourier"])).toThrow(/logTau/);
    expect(() => heatSymmetricFilter(x, tf.zeros([2]), [0], [5], ["fourier"])).toThrow(/lengths/);
    expect(() => heatSymmetricFilter(x, tf.zeros([2]), [1], [6], ["fourier"])).toThrow(/classes\[0\]/);
    tf.dispose(x);
  });

  it("leaks no tensor over 1000 training steps", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const x = tf.randomNormal([2, 16, 3], 0, 1, "float32", 1);
    const logTau = tf.variable(tf.fill([1, 3], Math.log(0.05)));
    const opt = tf.train.sgd(1e-3);
    const step = (): void => {
      tf.dispose(opt.minimize(() => tf.mean(tf.square(tf.sub(heatSymmetricFilter(x, logTau, [1], [9], ["fourier"]), x))) as tf.Scalar, true)!);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, logTau]);
    opt.dispose();
  });
});
