/**
 * The kernel operator as a layers model: its outputs are the Float64 predictions rounded to
 * float32 (means, then variances per grid point), and save/load through model.json text gives
 * bit-identical outputs (the fit travels exactly in the layer config), for the exact and the
 * Nyström fit, deterministic and probabilistic. cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../core/index.js";
import { fitKernelOperatorModel, kernelOperatorInfo, predictKernelOperator } from "../baselines.js";
import { problemPairs } from "./kernel-data.js";

async function roundTrip(model: tf.LayersModel): Promise<{ loaded: tf.LayersModel; jsonBytes: number }> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
  const a = saved! as tf.io.ModelArtifacts;
  const text = JSON.stringify(a.modelTopology);
  return { loaded: await tf.loadLayersModel(tf.io.fromMemory({ ...a, modelTopology: JSON.parse(text) })), jsonBytes: text.length };
}

describe.each(["cpu", "wasm"])("kernel operator model on %s", (backend) => {
  it("outputs = Float64 predictions in float32; save/load is bit-identical (exact, Nyström; with and without variance)", async () => {
    await tf.setBackend(backend);
    const n = 60;
    const res = 16;
    const tr = problemPairs("poisson1d", n, 21, res);
    const te = problemPairs("poisson1d", 7, 22, res);
    const ctx = { grid: makeGrid({ shape: [res] }), inChannels: 1, outChannels: 1 };
    for (const config of [{ inputRank: 8 }, { inputRank: 8, nystrom: 20, probabilistic: false }, { kernel: "matern32" as const, outputRank: 6 }]) {
      const { model, fit } = fitKernelOperatorModel({ data: tr.X, shape: [n, res, 1] }, { data: tr.Y, shape: [n, res, 1] }, config, ctx);
      const prob = config.probabilistic ?? true;
      const ref = predictKernelOperator(fit, te.X, 7);
      const x = tf.tensor3d(Float32Array.from(te.X), [7, res, 1]);
      const y = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
      expect(y.length).toBe(7 * res * (prob ? 2 : 1));
      // The float32 input is what the layer sees: compare against the Float64 path on the same values.
      const ref32 = predictKernelOperator(fit, Float64Array.from(Float32Array.from(te.X)), 7);
      for (let i = 0; i < 7 * res; i++) {
        expect(y[prob ? 2 * i : i]).toBe(Math.fround(ref32.mean[i]!));
        if (prob) expect(y[2 * i + 1]).toBe(Math.fround(ref32.variance![i]!));
        expect(Math.abs(ref32.mean[i]! - ref.mean[i]!)).toBeLessThan(1e-4 * Math.max(1e-3, Math.abs(ref.mean[i]!)) + 1e-6);
      }
      const { loaded, jsonBytes } = await roundTrip(model);
      const y2 = (loaded.predict(x) as tf.Tensor).dataSync() as Float32Array;
      expect(Array.from(y2)).toEqual(Array.from(y));
      const info = kernelOperatorInfo(loaded);
      expect(info).toMatchObject({ kind: "kernel", probabilistic: prob, resolutionInvariant: false });
      expect(info.parameterCount).toBeGreaterThan(fit.alpha.length);
      expect(jsonBytes).toBeLessThan(2_000_000);
      tf.dispose(x);
    }
  });
});
