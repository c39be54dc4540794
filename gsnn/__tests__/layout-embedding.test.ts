/**
 * A GSNN on a grid whose layout is not its bc's default (docs/gsnn.md §Point layouts): on a
 * one-sided Dirichlet grid it computes exactly what the same GSNN computes on the interior grid
 * inside it, with zeros at x = 0, at every resolution; the linear path is fitted on the same
 * points; setWallValues puts the targets' boundary value (in the model's normalised units) at
 * the restored points instead; the model saves and loads.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGrid } from "../../core/index.js";
import { buildGsnn, fitLinearPath, LayoutEmbed, LayoutRestore, setWallValues } from "../index.js";

const cfg = { width: 6, depth: 1, projectionWidth: 8, linearPathTaus: 3, seed: 5 };
let prev = "";
beforeAll(async () => {
  prev = tf.getBackend();
  await tf.setBackend("cpu");
});
afterAll(async () => {
  if (prev) await tf.setBackend(prev);
});

/** [B, n, n, C] interior samples → [B, n + 1, n + 1, C] one-sided ones (zeros at x = 0 and y = 0). */
function withBoundary(x: tf.Tensor): tf.Tensor {
  return tf.pad(x, [[0, 0], [1, 0], [1, 0], [0, 0]]);
}

describe("GSNN on a one-sided Dirichlet grid", () => {
  it("equals the interior-grid GSNN on the interior points, 0 at x = 0, at 16 and 32 points", async () => {
    const inner = buildGsnn(cfg, { grid: makeGrid({ shape: [15, 15], bc: "dirichlet" }), inChannels: 1, outChannels: 1 });
    const outer = buildGsnn(cfg, { grid: makeGrid({ shape: [16, 16], bc: "dirichlet", layout: "one-sided" }), inChannels: 1, outChannels: 1 });
    expect(outer.layers.some((l) => l instanceof LayoutEmbed) && outer.layers.some((l) => l instanceof LayoutRestore)).toBe(true);
    // The outer model has one more weight, last: the wall value, 0 until setWallValues.
    outer.setWeights([...inner.getWeights(), tf.zeros([1])]);
    // Give the linear path and gate something to do: fit them on the same data both ways.
    const xi = tf.randomNormal([12, 15, 15, 1], 0, 1, "float32", 11);
    const yi = tf.tidy(() => tf.add(tf.mul(xi, 0.5), tf.mul(tf.reverse(xi, 1), 0.2)));
    const rin = fitLinearPath(inner, xi, yi);
    const rout = fitLinearPath(outer, withBoundary(xi), withBoundary(yi));
    // Same points, same fit (the bank is ill-conditioned, so compare residuals, not weights).
    rout.relativeResidual.forEach((r, k) => expect(Math.abs(r - rin.relativeResidual[k]!)).toBeLessThan(1e-6));
    expect(rin.relativeResidual[0]).toBeLessThan(0.9);
    for (const n of [15, 31]) {
      const x = tf.randomNormal([2, n, n, 1], 0, 1, "float32", n);
      const a = inner.predict(x) as tf.Tensor;
      const b = outer.predict(withBoundary(x)) as tf.Tensor;
      expect(b.shape).toEqual([2, n + 1, n + 1, 1]);
      const bin = tf.slice(b, [0, 1, 1, 0], [-1, n, n, -1]);
      const scale = tf.max(tf.abs(a)).dataSync()[0]!;
      expect(scale).toBeGreaterThan(0.1);
      expect(tf.max(tf.abs(tf.sub(bin, a))).dataSync()[0]).toBeLessThan(1e-3 * scale);
      const edge = tf.concat([tf.slice(b, [0, 0, 0, 0], [-1, 1, -1, -1]).flatten(), tf.slice(b, [0, 0, 0, 0], [-1, -1, 1, -1]).flatten()]);
      expect(tf.max(tf.abs(edge)).dataSync()[0]).toBe(0);
      tf.dispose([x, a, b, bin, edge]);
    }
    // Normalised targets whose boundary rows hold −0.7 (a Dirichlet 0 after centring): the
    // restored points hold it, the interior is untouched.
    expect(Array.from((await setWallValues(outer, tf.pad(yi, [[0, 0], [1, 0], [1, 0], [0, 0]], -0.7)))[0]!)).toEqual([Math.fround(-0.7)]);
    const x15 = tf.randomNormal([2, 15, 15, 1], 0, 1, "float32", 15);
    const [a15, b15] = [inner.predict(x15) as tf.Tensor, outer.predict(withBoundary(x15)) as tf.Tensor];
    expect(tf.max(tf.abs(tf.sub(tf.slice(b15, [0, 1, 1, 0], [-1, 15, 15, -1]), a15))).dataSync()[0]).toBeLessThan(1e-3 * tf.max(tf.abs(a15)).dataSync()[0]!);
    const edge15 = tf.concat([tf.slice(b15, [0, 0, 0, 0], [-1, 1, -1, -1]).flatten(), tf.slice(b15, [0, 0, 0, 0], [-1, -1, 1, -1]).flatten()]);
    expect(Array.from(new Set(edge15.dataSync()))).toEqual([Math.fround(-0.7)]);
    tf.dispose([x15, a15, b15, edge15]);
    // Saved and loaded (custom layers registered), the model computes the same.
    const saved = await new Promise<tf.io.ModelArtifacts>((resolve) => outer.save(tf.io.withSaveHandler(async (m) => (resolve(m), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } }))));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const x = tf.randomNormal([1, 24, 24, 1], 0, 1, "float32", 2);
    expect(tf.max(tf.abs(tf.sub(loaded.predict(x) as tf.Tensor, outer.predict(x) as tf.Tensor))).dataSync()[0]).toBe(0);
    tf.dispose([xi, yi, x]);
    inner.dispose();
    outer.dispose();
    loaded.dispose();
  });

  it("refuses a layout with no default grid inside, naming the axis", () => {
    expect(() => buildGsnn(cfg, { grid: makeGrid({ shape: [8], bc: "dirichlet", layout: "centred" }), inChannels: 1, outChannels: 1 })).toThrow(
      /axis 0 \(dirichlet, layout centred, 8 points\) holds no dirichlet grid/,
    );
  });
});
