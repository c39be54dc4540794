/**
 * The wasm Identity that shares its input's data (operators/kernels/runtime.ts): installed on
 * first use of a fused kernel; clones (and casts to the same dtype) share the data id, keep their
 * values when the original is disposed, and free the memory with the last reference; training through the fused kernels
 * gives bit-identical losses and weights with the copying Identity (the "identity" family
 * switched off) and leaks neither tensors nor wasm data over 1000 steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fusedGelu, heatSymmetricFilter, setFusedKernels } from "../index.js";

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
  tf.dispose(fusedGelu(tf.zeros([4]), false)); // a fused kernel's first use installs it
});
afterAll(async () => {
  setFusedKernels({ identity: true });
  await tf.setBackend("cpu");
});

const dataIds = (): number => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

describe("shared Identity on wasm", () => {
  it("clones share the data, survive the original and free it with the last reference", () => {
    const ids = dataIds();
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    expect(dataIds()).toBe(ids + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(dataIds()).toBe(ids);
    // A Cast to the same dtype (the gradient of a clone) shares too; to another dtype it converts.
    const f = tf.tensor([1.5, -2.5]);
    const same = tf.cast(f, "float32");
    const other = tf.cast(f, "int32");
    expect(same.dataId).toBe(f.dataId);
    expect(other.dataId).not.toBe(f.dataId);
    expect(Array.from(other.dataSync())).toEqual([1, -2]);
    f.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.5]);
    tf.dispose([same, other]);
    expect(dataIds()).toBe(ids);
    setFusedKernels({ identity: false });
    const a = tf.tensor([5, 6]);
    const b = tf.clone(a);
    const c = tf.cast(a, "float32");
    expect(b.dataId).not.toBe(a.dataId);
    expect(c.dataId).not.toBe(a.dataId);
    tf.dispose([a, b, c]);
    setFusedKernels({ identity: true });
  });

  it("gives the copying Identity's training run bit for bit (200 steps), and leaks nothing over 1000 steps", () => {
    const run = (share: boolean, steps: number): { losses: number[]; w: Float32Array; l: Float32Array; leak: [number, number] } => {
      setFusedKernels({ identity: share });
      const x = tf.randomNormal([3, 16, 4], 0, 1, "float32", 1);
      const target = tf.randomNormal([3, 16, 4], 0, 1, "float32", 2);
      const w = tf.variable(tf.randomNormal([4, 4], 0, 0.5, "float32", 3));
      const logTau = tf.variable(tf.fill([1, 4], Math.log(0.05)));
      const opt = tf.train.adam(1e-2);
      const losses: number[] = [];
      const step = (): void => {
        const loss = opt.minimize(() => {
          const h = fusedGelu(tf.reshape(tf.matMul(tf.reshape(x, [-1, 4]), w), [3, 16, 4]), false);
          return tf.mean(tf.square(tf.sub(heatSymmetricFilter(h, logTau, [1], [9], ["fourier"]), target))) as tf.Scalar;
        }, true)!;
        losses.push(loss.dataSync()[0]!);
        loss.dispose();
      };
      step();
      const [t0, d0] = [tf.memory().numTensors, dataIds()];
      for (let i = 1; i < steps; i++) step();
      const leak: [number, number] = [tf.memory().numTensors - t0, dataIds() - d0];
      const out = { losses, w: w.dataSync() as Float32Array, l: logTau.dataSync() as Float32Array, leak };
      tf.dispose([x, target, w, logTau]);
      opt.dispose();
      return out;
    };
    const shared = run(true, 200);
    const copied = run(false, 200);
    expect(shared.losses).toEqual(copied.losses);
    expect(Array.from(shared.w)).toEqual(Array.from(copied.w));
    expect(Array.from(shared.l)).toEqual(Array.from(copied.l));
    expect(shared.losses[199]!).toBeLessThan(shared.losses[0]!);
    expect(run(true, 1000).leak).toEqual([0, 0]);
  });
});
