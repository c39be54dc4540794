/**
 * fitLinearPathAsync (the training path's fit, asynchronous reads only) gives exactly what
 * fitLinearPath gives: same bank, same gate, same leading time, on a model with a trained-looking
 * deep part (random projection weights) so that the gate fit and the deep-part subtraction run,
 * and on a one-sided Dirichlet grid (docs/gsnn.md §Point layouts: both fit the interior points).
 * Its webgpu run (no synchronous read at all) is in surrogates/__tests__/webgpu-no-sync.e2e.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { makeGrid, Rng } from "../../core/index.js";
import { buildGsnn, fitLinearPath, fitLinearPathAsync, findLinearPath, LayoutEmbed } from "../index.js";
import { makePairs } from "./gsnn-data.js";

function modelWithDeepPart(seed: number, grid = makeGrid({ shape: [32] })): tf.LayersModel {
  const model = buildGsnn({ width: 4, depth: 1, projectionWidth: 4, linearPathTaus: 6, seed: 3 }, { grid, inChannels: 1, outChannels: 1 });
  const r = new Rng(seed);
  // The zero-initialised projection would make the deep part vanish: give every weight a value
  // (the bank's times stay as built: a negative time would make its filter blow up).
  const values = model.getWeights();
  model.setWeights(values.map((w, k) => (model.weights[k]!.name.includes("linear_path") ? w : tf.tensor(Float32Array.from({ length: w.size }, () => 0.3 * r.normal()), w.shape))));
  return model;
}

describe("fitLinearPathAsync", () => {
  it.each([false, true])("matches fitLinearPath exactly (fitGate %s)", async (fitGate) => {
    await tf.setBackend("cpu");
    const { x, y } = makePairs("heat", 24, 32, 5);
    const a = modelWithDeepPart(1);
    const b = modelWithDeepPart(1);
    const ra = fitLinearPath(a, x, y, { fitGate });
    const rb = await fitLinearPathAsync(b, x, y, { fitGate });
    expect(Array.from(rb.times)).toEqual(Array.from(ra.times));
    expect(Array.from(rb.coeffs)).toEqual(Array.from(ra.coeffs));
    expect(rb.gate === null ? null : Array.from(rb.gate)).toEqual(ra.gate === null ? null : Array.from(ra.gate));
    expect(rb.leadingTime).toBe(ra.leadingTime);
    expect(rb.relativeResidual).toEqual(ra.relativeResidual);
    if (fitGate) expect(ra.gate).not.toBeNull();
    expect(Array.from((await findLinearPath(b).readBank()).coeffs)).toEqual(Array.from(findLinearPath(a).bank().coeffs));
    tf.dispose([x, y]);
    a.dispose();
    b.dispose();
  });

  it("matches fitLinearPath on a one-sided Dirichlet grid (the embedded points)", async () => {
    await tf.setBackend("cpu");
    const grid = makeGrid({ shape: [32], bc: "dirichlet", layout: "one-sided" });
    const a = modelWithDeepPart(2, grid);
    const b = modelWithDeepPart(2, grid);
    expect(a.layers.some((l) => l instanceof LayoutEmbed)).toBe(true);
    const x = tf.randomNormal([16, 32, 1], 0, 1, "float32", 4);
    const y = tf.tidy(() => tf.add(tf.mul(x, 0.5), tf.mul(tf.reverse(x, 1), 0.2)));
    const ra = fitLinearPath(a, x, y, { fitGate: true });
    const rb = await fitLinearPathAsync(b, x, y, { fitGate: true });
    expect(Array.from(rb.coeffs)).toEqual(Array.from(ra.coeffs));
    expect(rb.relativeResidual).toEqual(ra.relativeResidual);
    // Something was fitted (a zero bank and gate would leave residual 1).
    expect(ra.coeffs.some((c) => c !== 0)).toBe(true);
    expect(ra.relativeResidual[0]).toBeLessThan(1);
    tf.dispose([x, y]);
    a.dispose();
    b.dispose();
  });
});
