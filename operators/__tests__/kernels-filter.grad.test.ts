/**
 * The fused symmetric filter (operators/kernels) against its reference path, the spectral
 * transforms of operators/spectral through tfjs ops: forward, d/dx and d/dm agree to ≤ 1e-5
 * relative (max error over max value) on wasm and cpu, for odd and even sizes, 1-D and 2-D,
 * every basis the heat filter uses (periodic, Dirichlet, Neumann), truncated and full modes,
 * odd and even channel counts. Also: the kernel leaks no tensor over 1000 training steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { modeClasses, symmetricFilter, symmetricFilterReference, type AxisBasis } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const CASES: { spatial: number[]; bases: AxisBasis[]; modes?: number[]; C: number }[] = [
  { spatial: [32], bases: ["fourier"], C: 3 },
  { spatial: [45], bases: ["fourier"], C: 2 },
  { spatial: [33], bases: ["fourier"], modes: [7], C: 5 },
  { spatial: [15], bases: ["sine"], C: 3 },
  { spatial: [16], bases: ["sine"], modes: [5], C: 2 },
  { spatial: [12], bases: ["cosine"], C: 4 },
  { spatial: [9], bases: ["cosine"], modes: [4], C: 1 },
  { spatial: [8, 16], bases: ["fourier", "fourier"], C: 3 },
  { spatial: [9, 7], bases: ["fourier", "fourier"], modes: [3, 2], C: 2 },
  { spatial: [6, 5], bases: ["sine", "cosine"], C: 3 },
  { spatial: [7, 8], bases: ["cosine", "sine"], modes: [3, 4], C: 5 },
  { spatial: [5, 6], bases: ["sine", "sine"], C: 9 },
  { spatial: [256], bases: ["fourier"], C: 32 },
];

describe.each(["wasm", "cpu"])("fused symmetric filter on %s", (backend) => {
  it("forward and gradients match the spectral-transform path (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of CASES.entries()) {
      const M = c.modes ?? c.spatial.map((n, a) => modeClasses(c.bases[a]!, n));
      const [fused, ref] = tf.tidy(() => {
        const x = tf.randomNormal([2, ...c.spatial, c.C], 0, 1, "float32", 10 + i);
        const m = tf.randomUniform([...M, c.C], -1, 1, "float32", 20 + i);
        const w = tf.randomNormal([2, ...c.spatial, c.C], 0, 1, "float32", 30 + i);
        const run = (f: typeof symmetricFilter): tf.Tensor[] => {
          const loss = (xx: tf.Tensor, mm: tf.Tensor): tf.Scalar => tf.sum(tf.mul(w, f(xx, mm, c.bases)));
          return [f(x, m, c.bases), ...tf.grads(loss)([x, m])];
        };
        return [run(symmetricFilter), run(symmetricFilterReference)];
      });
      const label = JSON.stringify(c);
      ["y", "dx", "dm"].forEach((what, k) => expect(relMax(fused[k]!.dataSync(), ref[k]!.dataSync()), `${what} ${label}`).toBeLessThan(1e-5));
      tf.dispose([...fused, ...ref]);
    }
  });

  it("leaks no tensor over 1000 Adam steps of a layer made of it", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const x = tf.randomNormal([2, 16, 3], 0, 1, "float32", 1);
    const m = tf.variable(tf.randomUniform([9, 3], 0, 1, "float32", 2));
    const opt = tf.train.adam(1e-3);
    const step = (): void => {
      tf.dispose(opt.minimize(() => tf.mean(tf.square(tf.sub(symmetricFilter(x, m, ["fourier"]), x))) as tf.Scalar, true)!);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, m]);
    opt.dispose();
  });
});
