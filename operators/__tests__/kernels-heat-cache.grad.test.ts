/**
 * The fused heat filter reuses a multiplier (and its prepared lane form) for the same geometry
 * and the same log τ bits, so a filter's backward finds its forward's. Many filters of one
 * geometry in one tape, as a GSNN's blocks: a chain of 20 (more than the cache holds, so entries
 * are evicted and rebuilt between forward and backward), two of them with log τ one float32 ulp
 * apart in one channel, and one τ used twice. Forward, d/dx and every d/dℓ agree with the tfjs-op
 * multiplier through the spectral transforms to ≤ 1e-5 relative on wasm and cpu; and a log τ
 * one ulp from the previous call's gives the same bits as with the cache emptied (the cache
 * compares the bits, not a rounded key).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { heatSymmetricFilter, symmetricFilterReference } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const N = 16;
const C = 3;
const M = 9;
const DEPTH = 20;

/** log τ of filter j: spread over τ|k_max| ∈ [0.3, 3]; filter 7 is filter 6 with channel 1 one ulp up; filter 12 repeats filter 3. */
function logTaus(): Float32Array[] {
  const kMax = 2 * Math.PI * (M - 1);
  const ls = Array.from({ length: DEPTH }, (_, j) => Float32Array.from({ length: C }, (_, c) => Math.log((0.3 + (2.7 * ((j * C + c) % 17)) / 16) / kMax)));
  ls[7] = ls[6]!.slice();
  const bits = new Int32Array(ls[7].buffer);
  bits[1]! += 1;
  ls[12] = ls[3]!.slice();
  return ls;
}

describe.each(["wasm", "cpu"])("fused heat filter's multiplier cache on %s", (backend) => {
  it("a chain of 20 filters: forward and gradients match the reference", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const k2 = Float32Array.from({ length: M }, (_, f) => (2 * Math.PI * f) ** 2);
    const ls = logTaus();
    const [fused, ref] = tf.tidy(() => {
      const x = tf.randomNormal([2, N, C], 0, 1, "float32", 5);
      const w = tf.randomNormal([2, N, C], 0, 1, "float32", 6);
      const l = ls.map((v) => tf.tensor(v, [C]));
      const fusedF = (h: tf.Tensor, t: tf.Tensor): tf.Tensor => heatSymmetricFilter(h, t, [1], [M], ["fourier"]);
      const refF = (h: tf.Tensor, t: tf.Tensor): tf.Tensor => symmetricFilterReference(h, tf.exp(tf.neg(tf.mul(tf.tensor(k2, [M, 1]), tf.exp(tf.mul(t, 2))))), ["fourier"]);
      const run = (f: typeof fusedF): tf.Tensor[] => {
        // A residual chain (h + filter(h)) keeps every filter's output in the loss.
        const chain = (xx: tf.Tensor, ...tt: tf.Tensor[]): tf.Tensor => tt.reduce((h, t) => tf.add(h, tf.mul(f(h, t), 0.5)), xx);
        const loss = (xx: tf.Tensor, ...tt: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(w, chain(xx, ...tt)));
        return [chain(x, ...l), ...tf.grads(loss)([x, ...l])];
      };
      return [run(fusedF), run(refF)];
    });
    expect(fused.length).toBe(2 + DEPTH);
    fused.forEach((t, k) => expect(relMax(t.dataSync(), ref[k]!.dataSync()), `output ${k}`).toBeLessThan(1e-5));
    tf.dispose([...fused, ...ref]);
  });

  it("log τ one ulp apart: each filter's own multiplier, the same bits as with the cache emptied", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const ls = logTaus();
    const x = tf.randomNormal([1, N, C], 0, 1, "float32", 7);
    const f = (l: Float32Array): Float32Array => tf.tidy(() => heatSymmetricFilter(x, tf.tensor(l, [C]), [1], [M], ["fourier"]).dataSync() as Float32Array);
    const y6 = f(ls[6]!);
    const y7 = f(ls[7]!); // right after its one-ulp neighbour
    for (let j = 0; j < DEPTH; j++) if (j !== 6 && j !== 7) f(ls[j]!); // evicts both
    const fresh = f(ls[7]!);
    expect(Array.from(y7)).toEqual(Array.from(fresh));
    expect(Array.from(y7)).not.toEqual(Array.from(y6));
    tf.dispose(x);
  });
});
