/**
 * The fused 1-D Fourier layer (fusedFourierLayer1d: truncated DFT → complex mode mix → inverse,
 * plus the pointwise path, the add and the activation, one kernel each way) against the op path
 * it replaces (spectralConv1d + linearNd + add + activation): output and gradients w.r.t. x and
 * all four weights ≤ 1e-5 relative on wasm and cpu, odd and even sizes, with and without the
 * Nyquist mode and a row count that is not a multiple of the product kernels' block; the FNO
 * layer takes the kernel when available (1-D) and the op path otherwise (2-D, family off);
 * and training through it leaks neither tensors nor wasm data over 1000 steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { FourierLayer, spectralConv1d } from "../baselines.js";
import { applyActivation, fusedFourierLayer1d, linearNd, setFusedKernels, type FourierLayerActivation } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  setFusedKernels({ fourier: true });
  await tf.setBackend("cpu");
});

const reference = (x: tf.Tensor3D, wr: tf.Tensor3D, wi: tf.Tensor3D, wp: tf.Tensor2D, bp: tf.Tensor1D, m: number, act: FourierLayerActivation): tf.Tensor =>
  applyActivation(tf.add(spectralConv1d(x, { re: wr, im: wi }, m), linearNd(x, wp, bp)), act);

// [B, n, C, O, m, activation]: odd n with odd m; even n up to its Nyquist mode; odd n at its
// largest m; B·n = 69 rows (not a multiple of 4); two modes.
const CASES: [number, number, number, number, number, FourierLayerActivation][] = [
  [2, 17, 8, 8, 5, "gelu"],
  [3, 16, 8, 16, 9, "gelu_tanh"],
  [1, 33, 16, 8, 17, "linear"],
  [3, 23, 8, 8, 4, "gelu"],
  [2, 12, 16, 16, 2, "gelu_tanh"],
];

describe.each(["wasm", "cpu"])("fused Fourier layer on %s", (backend) => {
  it("output and gradients match the op path (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, [B, n, C, O, m, act]] of CASES.entries()) {
      const run = (fused: boolean): tf.Tensor[] =>
        tf.tidy(() => {
          const x = tf.randomNormal([B, n, C], 0, 1, "float32", 10 + i) as tf.Tensor3D;
          const wr = tf.randomNormal([m, C, O], 0, 0.2, "float32", 20 + i) as tf.Tensor3D;
          const wi = tf.randomNormal([m, C, O], 0, 0.2, "float32", 30 + i) as tf.Tensor3D;
          const wp = tf.randomNormal([C, O], 0, 0.3, "float32", 40 + i) as tf.Tensor2D;
          const bp = tf.randomNormal([O], 0, 0.3, "float32", 50 + i) as tf.Tensor1D;
          const c = tf.randomNormal([B, n, O], 0, 1, "float32", 60 + i);
          const f = (...a: tf.Tensor[]): tf.Tensor => {
            const args = [a[0] as tf.Tensor3D, a[1] as tf.Tensor3D, a[2] as tf.Tensor3D, a[3] as tf.Tensor2D, a[4] as tf.Tensor1D] as const;
            return fused ? fusedFourierLayer1d(...args, act) : reference(...args, m, act);
          };
          const loss = (...a: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(c, f(...a)));
          return [f(x, wr, wi, wp, bp), ...tf.grads(loss)([x, wr, wi, wp, bp])];
        });
      const got = run(true);
      const ref = run(false);
      ["y", "dx", "dWr", "dWi", "dWp", "db"].forEach((what, k) => {
        expect(got[k]!.shape, what).toEqual(ref[k]!.shape);
        expect(relMax(got[k]!.dataSync(), ref[k]!.dataSync()), `${what} of case ${i}`).toBeLessThan(1e-5);
      });
      tf.dispose([...got, ...ref]);
    }
  });

  it("the FNO layer runs it in 1-D (same values as with the family off) and not in 2-D", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const kernels = async (layer: FourierLayer, x: tf.Tensor): Promise<{ names: string[]; y: Float32Array }> => {
      let y: Float32Array = new Float32Array();
      const info = await tf.profile(() => {
        const out = layer.apply(x) as tf.Tensor;
        y = out.dataSync() as Float32Array;
        return out;
      });
      return { names: info.kernelNames, y };
    };
    const x1 = tf.randomNormal([2, 20, 8], 0, 1, "float32", 3);
    const l1 = new FourierLayer({ units: 8, modes: [6], seed: 1 });
    const on = await kernels(l1, x1);
    setFusedKernels({ fourier: false });
    const off = await kernels(l1, x1);
    setFusedKernels({ fourier: true });
    expect(on.names).toContain("PdesFourierLayer1d");
    expect(off.names).not.toContain("PdesFourierLayer1d");
    expect(relMax(on.y, off.y)).toBeLessThan(1e-5);
    const x2 = tf.randomNormal([1, 8, 6, 8], 0, 1, "float32", 4);
    const two = await kernels(new FourierLayer({ units: 8, modes: [2, 2], seed: 1 }), x2);
    expect(two.names).not.toContain("PdesFourierLayer1d");
    tf.dispose([x1, x2]);
  });
});

describe("fused Fourier layer, memory", () => {
  it("leaks neither tensors nor wasm data over 1000 training steps", async () => {
    await tf.setBackend("wasm");
    await tf.ready();
    const dataIds = (): number => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    const x = tf.randomNormal([1, 8, 8], 0, 1, "float32", 1);
    const target = tf.randomNormal([1, 8, 8], 0, 1, "float32", 2);
    const layer = new FourierLayer({ units: 8, modes: [3], seed: 1 });
    tf.dispose(layer.apply(x) as tf.Tensor); // builds the weights outside the tape
    const opt = tf.train.sgd(1e-2);
    const losses: number[] = [];
    const step = (): void => {
      const loss = opt.minimize(() => tf.mean(tf.square(tf.sub(layer.apply(x) as tf.Tensor, target))) as tf.Scalar, true)!;
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
    };
    step();
    const [t0, d0] = [tf.memory().numTensors, dataIds()];
    for (let i = 1; i < 1000; i++) step();
    expect([tf.memory().numTensors - t0, dataIds() - d0]).toEqual([0, 0]);
    expect(losses[999]!).toBeLessThan(losses[0]!);
    tf.dispose([x, target]);
    opt.dispose();
  });
});
