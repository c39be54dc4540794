import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { spectralTransform, spectralFilter, dftBasis1d, type AxisBasis } from "../spectral/index.js";
import { BACKENDS, randomArray, referenceForward, relMaxError, useBackend } from "./spectral-helpers.js";

const tensorOf = (shape: number[], seed: number): tf.Tensor =>
  tf.tensor(Float32Array.from(randomArray(shape.reduce((a, b) => a * b, 1), seed)), shape);

afterAll(async () => useBackend("cpu"));

describe.each(BACKENDS)("spectral transforms on %s", (backend) => {
  it("matmul forward matches a Float64 direct DFT/DST/DCT (1D and 2D, full and truncated)", async () => {
    await useBackend(backend);
    const cases: { shape: number[]; modes?: number[]; bases?: AxisBasis[] }[] = [
      { shape: [16] },
      { shape: [15], modes: [5] },
      { shape: [8, 12] },
      { shape: [9, 7] },
      { shape: [16, 16], modes: [3, 4] },
      { shape: [11], bases: ["sine"] },
      { shape: [10], modes: [4], bases: ["cosine"] },
      { shape: [7, 6], bases: ["sine", "cosine"] },
    ];
    for (const [i, c] of cases.entries()) {
      const B = 2;
      const C = 3;
      const t = spectralTransform({ spatialShape: c.shape, modes: c.modes, bases: c.bases, implementation: "matmul" });
      const xs = [B, ...c.shape, C];
      const x64 = randomArray(xs.reduce((a, b) => a * b, 1), 100 + i);
      const x = tf.tensor(Float32Array.from(x64), xs);
      const s = t.forward(x);
      expect(s.re.shape).toEqual([B, ...t.modeShape, C]);
      const [re, im] = referenceForward(x64, B, c.shape, C, [...t.bases], [...t.frequencies]);
      expect(relMaxError(s.re.dataSync(), re)).toBeLessThan(1e-5);
      if (t.bases[0] === "fourier") expect(relMaxError(s.im!.dataSync(), im)).toBeLessThan(1e-5);
      else expect(s.im).toBeNull();
      tf.dispose([x, s.re, s.im ?? []]);
    }
  });

  it("fft and matmul implementations agree to 1e-5 (forward and inverse)", async () => {
    await useBackend(backend);
    const cases: { shape: number[]; modes?: number[]; bases?: AxisBasis[] }[] = [
      { shape: [64] },
      { shape: [64], modes: [12] },
      { shape: [16, 32] },
      { shape: [32, 16], modes: [5, 6] },
      { shape: [63], bases: ["sine"] },
      { shape: [31], modes: [9], bases: ["sine"] },
      { shape: [64], bases: ["cosine"] },
      { shape: [32], modes: [7], bases: ["cosine"] },
      { shape: [15, 16], bases: ["sine", "cosine"] },
      { shape: [8, 31], modes: [3, 10], bases: ["cosine", "sine"] },
    ];
    for (const [i, c] of cases.entries()) {
      const a = spectralTransform({ spatialShape: c.shape, modes: c.modes, bases: c.bases, implementation: "matmul" });
      const b = spectralTransform({ spatialShape: c.shape, modes: c.modes, bases: c.bases, implementation: "fft" });
      expect(b.implementation).toBe("fft");
      const x = tensorOf([3, ...c.shape, 2], 7 + i);
      const sa = a.forward(x);
      const sb = b.forward(x);
      const label = JSON.stringify(c);
      expect(relMaxError(sb.re.dataSync(), sa.re.dataSync()), label).toBeLessThan(1e-5);
      if (sa.im) expect(relMaxError(sb.im!.dataSync(), sa.im.dataSync()), label).toBeLessThan(1e-5);
      else expect(sb.im, label).toBeNull();
      const s = { re: tensorOf(sa.re.shape, 50 + i), im: sa.im ? tensorOf(sa.re.shape, 60 + i) : null };
      const ya = a.inverse(s);
      const yb = b.inverse(s);
      expect(relMaxError(yb.dataSync(), ya.dataSync()), label).toBeLessThan(1e-5);
      tf.dispose([x, sa.re, sa.im ?? [], sb.re, sb.im ?? [], s.re, s.im ?? [], ya, yb]);
    }
  });

  it("inverse(forward(x)) = x for the full transform of every basis and implementation", async () => {
    await useBackend(backend);
    const cases: { shape: number[]; bases?: AxisBasis[]; implementation?: "fft" | "matmul" }[] = [
      { shape: [32] },
      { shape: [33] },
      { shape: [32], implementation: "fft" },
      { shape: [8, 16] },
      { shape: [9, 6] },
      { shape: [16, 8], implementation: "fft" },
      { shape: [20], bases: ["sine"] },
      { shape: [20], bases: ["cosine"] },
      { shape: [6, 9], bases: ["cosine", "sine"] },
      { shape: [31], bases: ["sine"], implementation: "fft" },
      { shape: [32], bases: ["cosine"], implementation: "fft" },
      { shape: [8, 15], bases: ["cosine", "sine"], implementation: "fft" },
    ];
    for (const [i, c] of cases.entries()) {
      const t = spectralTransform({ spatialShape: c.shape, bases: c.bases, implementation: c.implementation ?? "matmul" });
      const x = tensorOf([2, ...c.shape, 3], 200 + i);
      const y = tf.tidy(() => t.inverse(t.forward(x)));
      expect(relMaxError(y.dataSync(), x.dataSync()), JSON.stringify(c)).toBeLessThan(1e-5);
      tf.dispose([x, y]);
    }
  });

  it("a truncated round trip keeps a band-limited field and removes higher modes", async () => {
    await useBackend(backend);
    const n = 32;
    const low = (j: number): number => 0.3 + Math.cos((2 * Math.PI * 3 * j) / n) - 0.5 * Math.sin((2 * Math.PI * 5 * j) / n);
    const data = Float32Array.from({ length: n }, (_, j) => low(j) + 0.7 * Math.cos((2 * Math.PI * 9 * j) / n));
    const want = Float32Array.from({ length: n }, (_, j) => low(j));
    for (const implementation of ["matmul", "fft"] as const) {
      const t = spectralTransform({ spatialShape: [n], modes: [6], implementation });
      const x = tf.tensor(data, [1, n, 1]);
      const y = tf.tidy(() => t.inverse(t.forward(x)));
      expect(relMaxError(y.dataSync(), want)).toBeLessThan(1e-5);
      tf.dispose([x, y]);
    }
  });

  it("spectralFilter with a constant multiplier scales, and the cached bases do not leak", async () => {
    await useBackend(backend);
    const x = tensorOf([2, 16, 8, 3], 5);
    const m = tf.fill([1, 1], 0.5);
    spectralFilter(x, m).dispose(); // build the caches
    spectralFilter(x, m, { implementation: "fft" }).dispose();
    spectralFilter(x, m, { implementation: "matmul" }).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const y = spectralFilter(x, m, { implementation: "fft" });
      expect(relMaxError(y.dataSync(), x.dataSync().map((v) => v / 2))).toBeLessThan(1e-5);
      y.dispose();
      spectralFilter(x, m, { implementation: "matmul" }).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, m]);
  });

  it("dftBasis1d forward/inverse are a consistent pair", async () => {
    await useBackend(backend);
    const { forward, inverse } = dftBasis1d(12, 7);
    expect(forward.shape).toEqual([14, 12]);
    expect(inverse.shape).toEqual([12, 14]);
    const id = tf.matMul(inverse, forward);
    const eye = tf.eye(12);
    expect(relMaxError(id.dataSync(), eye.dataSync())).toBeLessThan(1e-5);
    tf.dispose([id, eye]);
  });
});

describe("spectral argument validation", () => {
  it("names the bad argument", () => {
    const bad = (f: () => unknown, arg: string): void => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(isPdesError(e)).toBe(true);
        expect((e as Error).message).toContain(arg);
      }
    };
    bad(() => spectralTransform({ spatialShape: [16], modes: [10] }), "modes[0]");
    bad(() => spectralTransform({ spatialShape: [12], implementation: "fft" }), "implementation");
    bad(() => spectralTransform({ spatialShape: [16], bases: ["sine"], implementation: "fft" }), "implementation");
    bad(() => spectralTransform({ spatialShape: [4, 4], bases: ["fourier", "sine"] }), "mixed");
    const t = spectralTransform({ spatialShape: [16] });
    const x = tf.zeros([2, 8, 1]);
    bad(() => t.forward(x), "x");
    x.dispose();
  });
});
