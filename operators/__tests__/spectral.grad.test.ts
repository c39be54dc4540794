import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { spectralFilter, spectralTransform, type AxisBasis } from "../spectral/index.js";
import { BACKENDS, randomArray, referenceForward, referenceInverse, useBackend, relMaxError } from "./spectral-helpers.js";

afterAll(async () => useBackend("cpu"));

/** Max |a − b| over max |b|. */

/**
 * Loss L(x, m) = Σ (w ⊙ spectralFilter(x, m))² in Float64 on the plain-JS reference, and its
 * gradient by central differences w.r.t. every entry of x and of the multiplier m.
 */
function referenceGrads(
  x: Float64Array, m: Float64Array, w: Float64Array, B: number, shape: number[], C: number, bases: string[], freqs: Int32Array[],
): { gx: Float64Array; gm: Float64Array } {
  const K = freqs.reduce((a, f) => a * f.length, 1);
  const loss = (xv: Float64Array, mv: Float64Array): number => {
    const [re, im] = referenceForward(xv, B, shape, C, bases, freqs);
    for (let i = 0; i < re.length; i++) {
      const mm = mv[i % (K * C)]!;
      re[i] = re[i]! * mm;
      im[i] = im[i]! * mm;
    }
    const y = referenceInverse(re, im, B, shape, C, bases, freqs);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (w[i]! * y[i]!) ** 2;
    return s;
  };
  const fd = (v: Float64Array, f: () => number): Float64Array => {
    const g = new Float64Array(v.length);
    const h = 1e-6;
    for (let i = 0; i < v.length; i++) {
      const old = v[i]!;
      v[i] = old + h;
      const up = f();
      v[i] = old - h;
      const dn = f();
      v[i] = old;
      g[i] = (up - dn) / (2 * h);
    }
    return g;
  };
  return { gx: fd(x, () => loss(x, m)), gm: fd(m, () => loss(x, m)) };
}

// The reference gradients depend only on the case's data, bases and frequencies: computed once and
// shared by both implementations and every backend (central differences re-run the Float64
// transforms twice per entry, most of the file's CPU when repeated per implementation and backend).
const refCache = new Map<string, { gx: Float64Array; gm: Float64Array }>();

describe.each(BACKENDS)("spectral gradients on %s", (backend) => {
  const cases: { shape: number[]; modes?: number[]; bases?: AxisBasis[]; impls: ("matmul" | "fft")[] }[] = [
    { shape: [16], modes: [5], impls: ["matmul", "fft"] },
    { shape: [16], impls: ["matmul", "fft"] },
    { shape: [8, 8], modes: [2, 3], impls: ["matmul", "fft"] },
    { shape: [8, 4], impls: ["matmul", "fft"] },
    { shape: [7, 5], bases: ["sine", "cosine"], impls: ["matmul"] },
    { shape: [9], modes: [4], bases: ["sine"], impls: ["matmul"] },
    { shape: [15], modes: [6], bases: ["sine"], impls: ["matmul", "fft"] },
    { shape: [16], bases: ["cosine"], impls: ["matmul", "fft"] },
    { shape: [8, 7], modes: [5, 7], bases: ["cosine", "sine"], impls: ["matmul", "fft"] },
  ];
  it("spectralFilter: float32 gradients w.r.t. x and the multiplier match Float64 central differences (≤ 1e-3)", async () => {
    await useBackend(backend);
    for (const [i, c] of cases.entries()) {
      const B = 2;
      const C = 2;
      const size = c.shape.reduce((a, b) => a * b, 1);
      const x64 = randomArray(B * size * C, 300 + i);
      const w64 = randomArray(B * size * C, 400 + i);
      for (const implementation of c.impls) {
        const t = spectralTransform({ spatialShape: c.shape, modes: c.modes, bases: c.bases, implementation });
        const K = t.modeShape.reduce((a, b) => a * b, 1);
        const m64 = randomArray(K * C, 500 + i);
        const key = JSON.stringify([i, t.bases, t.frequencies.map((f) => Array.from(f)), K]);
        const ref = refCache.get(key) ?? referenceGrads(x64, m64, w64, B, c.shape, C, [...t.bases], [...t.frequencies]);
        refCache.set(key, ref);
        const x = tf.tensor(Float32Array.from(x64), [B, ...c.shape, C]);
        const m = tf.tensor(Float32Array.from(m64), [...t.modeShape, C]);
        const w = tf.tensor(Float32Array.from(w64), x.shape);
        const [gx, gm] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.mul(w, spectralFilter(a, b, t)))))([x, m]);
        const label = `${JSON.stringify(c)} ${implementation}`;
        expect(relMaxError(gx!.dataSync(), ref.gx), label).toBeLessThan(1e-3);
        expect(relMaxError(gm!.dataSync(), ref.gm), label).toBeLessThan(1e-3);
        tf.dispose([x, m, w, gx!, gm!]);
      }
    }
  });
});
