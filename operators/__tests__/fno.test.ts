import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGrid, isPdesError } from "../../core/index.js";
import { buildFno, DomainPad, fnoInfo, FourierLayer, fractionPadding, spectralConv1d, fuseComplexWeights } from "../baselines.js";
import { evaluate, randomSeries, useBackend } from "./models-fixtures.js";

/** A Fourier layer whose spectral weights are the identity on every mode and whose pointwise path is 0. */
function identityFourierLayer(inputShape: number[], modes: number[]): FourierLayer {
  const c = inputShape.at(-1)!;
  const layer = new FourierLayer({ units: c, modes, activation: "linear" });
  layer.build(inputShape);
  const M = modes.length === 1 ? modes[0]! : 2 * modes[0]! * modes[1]!;
  const eye = tf.tile(tf.reshape(tf.eye(c), [1, c, c]), [M, 1, 1]);
  layer.setWeights([eye, tf.zeros([M, c, c]), tf.zeros([c, c]), tf.zeros([c])]);
  tf.dispose(eye);
  return layer;
}

describe.each(["cpu", "wasm"] as const)("FNO on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it("1-D: paper-default sizes give the reference parameter count and the right shapes", () => {
    const grid = makeGrid({ shape: [64] });
    const model = buildFno({ seed: 1 }, { grid, inChannels: 1, outChannels: 1 });
    // fourier_1d.py: fc0 2→64, 4 × (64·64·16 complex + 1×1 conv 64→64), fc1 64→128, fc2 128→1.
    const expected = 2 * 64 + 64 + 4 * (2 * 64 * 64 * 16 + 64 * 64 + 64) + (64 * 128 + 128) + (128 + 1);
    expect(fnoInfo(model).parameterCount).toBe(expected);
    const y = tf.tidy(() => model.predict(tf.ones([3, 64, 1])) as tf.Tensor);
    expect(y.shape).toEqual([3, 64, 1]);
    y.dispose();
    model.dispose();
  });

  it("2-D: shapes, several channels, and evaluation at another resolution", () => {
    const grid = makeGrid({ shape: [16, 12], bc: "dirichlet" });
    const model = buildFno({ width: 8, modes: [4, 5], depth: 2, seed: 2 }, { grid, inChannels: 2, outChannels: 3 });
    // 2·m1·m2 complex modes per layer: both signs of the first-axis frequency.
    expect(fnoInfo(model).parameterCount).toBe(4 * 8 + 8 + 2 * (2 * 2 * 4 * 5 * 64 + 64 + 8) + 8 * 128 + 128 + 128 * 3 + 3);
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => model.predict(tf.ones([2, 16, 12, 2])) as tf.Tensor);
    expect(y.shape).toEqual([2, 16, 12, 3]);
    const z = tf.tidy(() => model.predict(tf.ones([1, 32, 20, 2])) as tf.Tensor);
    expect(z.shape).toEqual([1, 32, 20, 3]);
    tf.dispose([y, z]);
    // Bases are cached across calls (by design); a second call must not add tensors.
    const mid = tf.memory().numTensors;
    tf.dispose(tf.tidy(() => model.predict(tf.ones([2, 16, 12, 2])) as tf.Tensor));
    expect(tf.memory().numTensors).toBe(mid);
    expect(mid - before).toBeLessThan(40);
    model.dispose();
  });

  it("spectral convolution with all modes and identity weights is the identity (≤ 1e-5)", () => {
    const x1 = tf.randomNormal([3, 32, 4], 0, 1, "float32", 3);
    const l1 = identityFourierLayer([3, 32, 4], [17]);
    const y1 = l1.apply(x1) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(y1, x1))).dataSync()[0]).toBeLessThan(1e-5);
    const x2 = tf.randomNormal([2, 8, 10, 3], 0, 1, "float32", 4);
    const l2 = identityFourierLayer([2, 8, 10, 3], [4, 6]);
    const y2 = l2.apply(x2) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(y2, x2))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x1, y1, x2, y2]);
    for (const v of [...l1.weights, ...l2.weights]) v.dispose();
  });

  it("with fewer modes it is the exact low-pass filter, at any resolution", () => {
    // Band-limited input (modes 1..5), keep 6 modes: identity weights reproduce it on 32 and 64 points.
    const s = randomSeries(5, 2, 5);
    const mk = (n: number) => tf.tensor3d(Float32Array.from(evaluate(s, Float64Array.from({ length: n }, (_, j) => j / n))), [2, n, 1]);
    const w = fuseComplexWeights(tf.ones([6, 1, 1]) as tf.Tensor3D, tf.zeros([6, 1, 1]) as tf.Tensor3D);
    for (const n of [32, 64]) {
      const x = mk(n);
      const y = spectralConv1d(x, w, 6);
      expect(tf.max(tf.abs(tf.sub(y, x))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([x, y]);
    }
    // A mode above the cut-off is removed: cos(2π·10x) → 0.
    const hi = tf.tensor3d(Float32Array.from({ length: 32 }, (_, j) => Math.cos((2 * Math.PI * 10 * j) / 32)), [1, 32, 1]);
    const yh = spectralConv1d(hi, w, 6);
    expect(tf.max(tf.abs(yh)).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([w, hi, yh]);
  });

  it("pads non-periodic axes by a fraction of the domain (or by fixed points, as the paper's script) and crops back", () => {
    const dir = buildFno({ width: 4, modes: 3, depth: 1, seed: 6, paddingFraction: 0.125 }, { grid: makeGrid({ shape: [10, 8], bc: "dirichlet" }), inChannels: 1, outChannels: 1 });
    // The default (fraction 0) completes the period to exactly L: the one boundary point an
    // interior layout lacks, bridged; nothing on a one-sided layout, whose n points span L.
    const def = buildFno({ width: 4, modes: 3, depth: 1, seed: 6 }, { grid: makeGrid({ shape: [10, 8], bc: "dirichlet" }), inChannels: 1, outChannels: 1 });
    const defPad = def.getLayer("pad") as DomainPad;
    expect(defPad.paddingFor([10, 8])).toEqual([1, 1]);
    expect(defPad.paddingFor([21, 17])).toEqual([1, 1]);
    expect(defPad.fill).toBe("bridge");
    def.dispose();
    const oneSided = buildFno({ width: 4, modes: 3, depth: 1, seed: 6 }, { grid: makeGrid({ shape: [10, 8], bc: "dirichlet", layout: "one-sided" }), inChannels: 1, outChannels: 1 });
    expect(oneSided.layers.some((l) => l.name === "pad")).toBe(false);
    oneSided.dispose();
    const per = buildFno({ width: 4, modes: 3, depth: 1, seed: 6 }, { grid: makeGrid({ shape: [10, 8] }), inChannels: 1, outChannels: 1 });
    const fixed = buildFno({ width: 4, modes: 3, depth: 1, seed: 6, padding: 9 }, { grid: makeGrid({ shape: [10, 8], bc: "dirichlet" }), inChannels: 1, outChannels: 1 });
    const pad = dir.getLayer("pad") as DomainPad;
    expect(pad.fraction).toEqual([0.125, 0.125]);
    // Interior Dirichlet points: 11 and 9 cells; padded to round(1.125·cells) points.
    expect(pad.paddingFor([10, 8])).toEqual([Math.round(1.125 * 11) - 10, Math.round(1.125 * 9) - 8]);
    // The same physical padding at twice the resolution (21 points = 22 cells → 25 − 21 = 4).
    expect(fractionPadding(21, 0.125, "interior")).toBe(4);
    expect(fractionPadding(16, 0.125, "one-sided")).toBe(2);
    expect(fractionPadding(32, 0.125, "one-sided")).toBe(4);
    expect(fractionPadding(17, 0.125, "vertex")).toBe(1);
    expect(fractionPadding(16, 0, "interior")).toBe(1);
    expect(fractionPadding(16, 0, "one-sided")).toBe(0);
    expect(fractionPadding(17, 0, "vertex")).toBe(0);
    expect((fixed.getLayer("pad") as DomainPad).padding).toBe(9);
    expect(() => buildFno({ modes: 3, padding: 9, paddingFraction: 0.1 }, { grid: makeGrid({ shape: [10, 8], bc: "dirichlet" }), inChannels: 1, outChannels: 1 })).toThrow(
      /config.padding must be left out/,
    );
    expect(per.layers.some((l) => l.name === "pad")).toBe(false);
    fixed.dispose();
    // "bridge" fill: the padded points run linearly from the last value back to the first.
    const line = tf.tensor3d([[[1], [2], [4]]]);
    const bridged = new DomainPad({ fraction: [1], layout: ["one-sided"], fill: "bridge" }).apply(line) as tf.Tensor;
    expect(Array.from(bridged.dataSync())).toEqual([1, 2, 4, 4 - 3 / 4, 4 - 6 / 4, 4 - 9 / 4]);
    tf.dispose([line, bridged]);
    const x = tf.randomNormal([2, 10, 8, 1], 0, 1, "float32", 8);
    const padded = new DomainPad({ padding: 3 }).apply(x) as tf.Tensor;
    expect(padded.shape).toEqual([2, 13, 11, 1]);
    expect(tf.sum(tf.abs(padded)).dataSync()[0]).toBeCloseTo(tf.sum(tf.abs(x)).dataSync()[0]!, 3);
    const back = new DomainPad({ padding: 3, crop: true }).apply(padded) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(back, x))).dataSync()[0]).toBe(0);
    const y = tf.tidy(() => dir.predict(x) as tf.Tensor);
    expect(y.shape).toEqual([2, 10, 8, 1]);
    tf.dispose([x, padded, back, y]);
    dir.dispose();
    per.dispose();
  });

  it("rejects bad configurations, naming the argument", () => {
    const grid = makeGrid({ shape: [16] });
    const ctx = { grid, inChannels: 1, outChannels: 1 };
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const e1 = err(() => buildFno({ modes: 10 }, ctx));
    expect(isPdesError(e1, "InvalidArgument") && (e1 as Error).message).toContain("config.modes[0]");
    expect(isPdesError(err(() => buildFno({ width: 0 }, ctx)), "InvalidArgument")).toBe(true);
    expect(isPdesError(err(() => buildFno({ modes: [4, 4] }, ctx)), "InvalidArgument")).toBe(true);
  });
});

afterAll(() => useBackend("cpu"));
