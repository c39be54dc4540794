/**
 * GaussianProduct against Monte Carlo (1e5 samples, within 3 standard errors of the sample
 * mean and sample variance), for independent channel pairs and a channel with itself, on cpu
 * and wasm; deterministic products, the "all" pairs, shapes and bad arguments.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { isPdesError, Rng } from "../../core/index.js";
import { GaussianProduct, resolvePairs } from "../index.js";

const S = 100_000;
const MU = [0.7, -1.2, 0.05];
const VAR = [0.3, 0.5, 1.4];
const PAIRS: [number, number][] = [[0, 1], [1, 2], [0, 2], [2, 2], [1, 1], [0, 0]];

/** Sample mean, sample variance and their standard errors (the variance's from the 4th central moment). */
function monteCarlo(draw: () => number): { mean: number; variance: number; seMean: number; seVar: number } {
  const xs = new Float64Array(S);
  let s1 = 0;
  for (let k = 0; k < S; k++) s1 += xs[k] = draw();
  const mean = s1 / S;
  let m2 = 0;
  let m4 = 0;
  for (let k = 0; k < S; k++) {
    const d = xs[k]! - mean;
    m2 += d * d;
    m4 += d ** 4;
  }
  m2 /= S;
  m4 /= S;
  return { mean, variance: m2, seMean: Math.sqrt(m2 / S), seVar: Math.sqrt((m4 - m2 * m2) / S) };
}

describe.each(["cpu", "wasm"])("GaussianProduct on %s", (backend) => {
  it("probabilistic moments of x_a·x_b match 1e5-sample Monte Carlo within 3 standard errors (a ≠ b independent, a = b the square)", async () => {
    await tf.setBackend(backend);
    const layer = new GaussianProduct({ pairs: PAIRS, probabilistic: true });
    const got = tf.tidy(() => (layer.apply(tf.tensor3d([...MU, ...VAR], [1, 1, 6])) as tf.Tensor).dataSync());
    expect(got.length).toBe(2 * PAIRS.length);
    const rng = new Rng(11, backend === "cpu" ? 0 : 1);
    PAIRS.forEach(([a, b], p) => {
      const mc = monteCarlo(() => {
        const x = MU[a]! + Math.sqrt(VAR[a]!) * rng.normal();
        const y = a === b ? x : MU[b]! + Math.sqrt(VAR[b]!) * rng.normal();
        return x * y;
      });
      expect(Math.abs(got[p]! - mc.mean), `mean of pair ${a},${b}`).toBeLessThan(3 * mc.seMean);
      expect(Math.abs(got[PAIRS.length + p]! - mc.variance), `variance of pair ${a},${b}`).toBeLessThan(3 * mc.seVar);
    });
  });

  it("the closed forms themselves, per element over a spatial batch: E = μaμb (+σ² if a = b), Var as documented", async () => {
    await tf.setBackend(backend);
    const layer = new GaussianProduct({ pairs: "all", probabilistic: true });
    const B = 2;
    const N = 5;
    const C = 3;
    const rng = new Rng(3);
    const data = new Float32Array(B * N * 2 * C);
    for (let i = 0; i < B * N; i++)
      for (let c = 0; c < C; c++) {
        data[i * 2 * C + c] = rng.normal();
        data[i * 2 * C + C + c] = 0.1 + rng.uniform();
      }
    const out = tf.tidy(() => (layer.apply(tf.tensor3d(data, [B, N, 2 * C])) as tf.Tensor).arraySync()) as number[][][];
    const pairs = resolvePairs("all", C);
    expect(pairs).toEqual([[0, 0], [0, 1], [0, 2], [1, 1], [1, 2], [2, 2]]);
    expect(out[0]![0]!.length).toBe(2 * pairs.length);
    for (let b = 0; b < B; b++)
      for (let j = 0; j < N; j++) {
        const o = (b * N + j) * 2 * C;
        const mu = (c: number): number => data[o + c]!;
        const v = (c: number): number => data[o + C + c]!;
        pairs.forEach(([p, q], k) => {
          const e = mu(p) * mu(q) + (p === q ? v(p) : 0);
          const w = p === q ? 4 * mu(p) ** 2 * v(p) + 2 * v(p) ** 2 : mu(p) ** 2 * v(q) + mu(q) ** 2 * v(p) + v(p) * v(q);
          expect(out[b]![j]![k]).toBeCloseTo(e, 5);
          expect(out[b]![j]![pairs.length + k]).toBeCloseTo(w, 5);
        });
      }
  });

  it("deterministic: x_a·x_b per pair, channels last, any leading shape", async () => {
    await tf.setBackend(backend);
    const layer = new GaussianProduct({ pairs: [[1, 0], [2, 2]] });
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => 0.1 * i - 1), [2, 2, 2, 3]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 2, 2, 2]);
    expect(layer.computeOutputShape([null, 2, 2, 3])).toEqual([null, 2, 2, 2]);
    const xv = x.dataSync();
    const yv = y.dataSync();
    for (let i = 0; i < 8; i++) {
      expect(yv[2 * i]).toBeCloseTo(xv[3 * i + 1]! * xv[3 * i]!, 6);
      expect(yv[2 * i + 1]).toBeCloseTo(xv[3 * i + 2]! ** 2, 6);
    }
    tf.dispose([x, y]);
  });
});

describe("GaussianProduct arguments", () => {
  it("bad pairs and odd probabilistic channel counts are tagged errors naming the argument", () => {
    const cases: [() => unknown, RegExp][] = [
      [() => new GaussianProduct({ pairs: [] }), /^pairs must be a non-empty array/],
      [() => new GaussianProduct({ pairs: [[0, -1]] }), /^pairs\[0\] must be \[a, b\]/],
      [() => new GaussianProduct({ pairs: [[0, 1], [0.5, 1]] }), /^pairs\[1\]/],
      [() => new GaussianProduct({ pairs: [[0, 3]] }).apply(tf.zeros([1, 4, 3])), /^pairs\[0\] must be \[a, b\] with integers 0 <= a, b < 3/],
      [() => new GaussianProduct({ pairs: "all", probabilistic: true }).apply(tf.zeros([1, 4, 3])), /input channels must be even/],
    ];
    for (const [f, re] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isPdesError(err, "InvalidArgument"), String(err)).toBe(true);
      expect((err as Error).message).toMatch(re);
    }
  });
});
