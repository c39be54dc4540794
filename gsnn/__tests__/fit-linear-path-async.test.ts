/**
 * fitLinearPathAsync (the training path's fit, asynchronous reads only) gives exactly what
 * fitLinearPath gives: same bank, same gate, same leading time, on a model with a trained-looking
 * deep part (random projection weights) so that the gate fit and the deep-part subtraction run.
 * Its webgpu run (no synchronous read at all) is in surrogates/__tests__/webgpu-no-sync.e2e.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { makeGrid, Rng } from "../../core/index.js";
import { buildGsnn, fitLinearPath, fitLinearPathAsync, findLinearPath } from "../index.js";
import { makePairs } from "./gsnn-data.js";

function modelWithDeepPart(seed: number): tf.LayersModel {
  const grid = makeGrid({ shape: [32] });
  const model = buildGsnn({ width: 4, depth: 1, projectionWidth: 4, linearPathTaus: 6, seed: 3 }, { grid, inChannels: 1, outChannels: 1 });
  const r = new Rng(seed);
  // The zero-initialised projection would make the deep part vanish: give every weight a value.
  model.setWeights(model.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => 0.3 * r.normal()), w.shape)));
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
});
