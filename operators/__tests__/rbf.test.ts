/**
 * The RBF network: reproduces heat1d at n_train = 256 below 1e-3 mean relative L2 (Float64 fit
 * and the float32 layers model, cpu and wasm); with prototypes at all training points and a tiny
 * ridge it interpolates the training set to ≤ 1e-6; widths learned by Adam improve on a too-narrow
 * start; save/load is bit-identical; argument errors name the argument.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../core/index.js";
import { applyRbfFit, buildRbf, fitRbf, fitRbfModel, predictRbf, rbfInfo, refitRbfReadout, type RbfFit } from "../baselines.js";
import { meanRelL2, problemPairs } from "./kernel-data.js";
import { trainMse } from "./models-fixtures.js";

/** Scalar standardisation, as the trainer's per-channel normaliser does for one channel. */
function standardize(a: Float64Array, ref: Float64Array = a): Float64Array {
  let m = 0;
  ref.forEach((v) => (m += v));
  m /= ref.length;
  let s = 0;
  ref.forEach((v) => (s += (v - m) ** 2));
  s = Math.sqrt(s / ref.length);
  return a.map((v) => (v - m) / s);
}

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
  const a = saved! as tf.io.ModelArtifacts;
  return tf.loadLayersModel(tf.io.fromMemory({ ...a, modelTopology: JSON.parse(JSON.stringify(a.modelTopology)) }));
}

const RES = 64;
const ctx = { grid: makeGrid({ shape: [RES] }), inChannels: 1, outChannels: 1 };

/**
 * The heat1d data and Float64 fit, made by fitRbfModel on the first backend and reused on the
 * second: the fit (PCA, prototypes, the widths by leave-one-out) runs in Float64 whatever the
 * backend, and is most of the test's CPU; only the float32 model is built per backend.
 */
let heat: { xt: Float64Array; yt: Float64Array; fit: RbfFit } | undefined;
function heatModel(): { model: tf.LayersModel; fit: RbfFit; xt: Float64Array; yt: Float64Array } {
  if (heat) {
    const model = buildRbf({ units: heat.fit.units, featureDim: heat.fit.featureDim, pca: heat.fit.pca !== null }, ctx);
    applyRbfFit(model, heat.fit);
    return { model, ...heat };
  }
  const tr = problemPairs("heat1d", 256, 1, RES);
  const te = problemPairs("heat1d", 100, 2, RES);
  const x = standardize(tr.X);
  const y = standardize(tr.Y);
  const xt = standardize(te.X, tr.X);
  const yt = standardize(te.Y, tr.Y);
  const { model, fit } = fitRbfModel({ data: x, shape: [256, RES, 1] }, { data: y, shape: [256, RES, 1] }, {}, ctx);
  heat = { xt, yt, fit };
  return { model, fit, xt, yt };
}

describe.each(["cpu", "wasm"])("RBF network on %s", (backend) => {
  it("heat1d, n_train = 256: ≤ 1e-3 relative L2 on 100 held-out samples (Float64 fit and float32 model); save/load bit-identical", async () => {
    await tf.setBackend(backend);
    const { model, fit, xt, yt } = heatModel();
    const e64 = meanRelL2(predictRbf(fit, xt, 100), yt, RES);
    const xtT = tf.tensor3d(Float32Array.from(xt), [100, RES, 1]);
    const p32 = (model.predict(xtT) as tf.Tensor).dataSync();
    const e32 = meanRelL2(p32, yt, RES);
    console.log(`${backend}: heat1d RBF (M = ${fit.units}, width ×${fit.widthScale} by LOO, LOO error ${fit.looError.toExponential(2)}): rel L2 Float64 ${e64.toExponential(2)}, float32 model ${e32.toExponential(2)}`);
    expect(e64).toBeLessThanOrEqual(1e-3);
    expect(e32).toBeLessThanOrEqual(1e-3);
    const loaded = await roundTrip(model);
    expect(Array.from((loaded.predict(xtT) as tf.Tensor).dataSync())).toEqual(Array.from(p32));
    expect(rbfInfo(loaded)).toMatchObject({ kind: "rbf", probabilistic: false, resolutionInvariant: false });
    tf.dispose(xtT);
  });

  it("learned widths (Adam on log β and the centres) beat a too-narrow start after the ridge readout is refitted", async () => {
    await tf.setBackend(backend);
    const n = 64;
    const res = 32;
    const c2 = { grid: makeGrid({ shape: [res] }), inChannels: 1, outChannels: 1 };
    const tr = problemPairs("heat1d", n, 3, res);
    const te = problemPairs("heat1d", 50, 4, res);
    const x = standardize(tr.X);
    const y = standardize(tr.Y);
    const xt = standardize(te.X, tr.X);
    const yt = standardize(te.Y, tr.Y);
    const { model } = fitRbfModel({ data: x, shape: [n, res, 1] }, { data: y, shape: [n, res, 1] }, { centers: 16, widthScale: 0.5, inputRank: 8, trainBeta: true, trainCenters: true, readout: "adam" }, c2);
    expect(model.trainableWeights.map((w) => w.name.split("/").pop()!.replace(/_\d+$/, ""))).toEqual(["centers", "log_beta", "kernel", "bias"]);
    const X = tf.tensor3d(Float32Array.from(x), [n, res, 1]);
    const Y = tf.tensor3d(Float32Array.from(y), [n, res, 1]);
    const XT = tf.tensor3d(Float32Array.from(xt), [50, res, 1]);
    const testErr = () => meanRelL2((model.predict(XT) as tf.Tensor).dataSync(), yt, res);
    const before = testErr();
    const logBeta0 = Array.from(model.getLayer("rbf").getWeights()[1]!.dataSync());
    // 150 full-batch steps of Adam (lr 0.02; tfjs's update as one fused kernel per step: a small
    // model's step is mostly per-op overhead, docs/operators.md §Fused kernels).
    trainMse(model, X, Y, { epochs: 150, batch: n, lr: 0.02, fused: true });
    await refitRbfReadout(model, X, Y);
    const after = testErr();
    const logBeta1 = Array.from(model.getLayer("rbf").getWeights()[1]!.dataSync());
    const moved = logBeta1.reduce((s, v, i) => s + Math.abs(v - logBeta0[i]!), 0) / logBeta1.length;
    console.log(`${backend}: width ×0.5 start: rel L2 ${before.toExponential(2)}; after 150 Adam steps on log β and centres + ridge readout: ${after.toExponential(2)} (mean |Δ log β| ${moved.toFixed(2)})`);
    expect(moved).toBeGreaterThan(0.1);
    expect(after).toBeLessThan(0.5 * before);
    tf.dispose([X, Y, XT]);
  });
});

describe("RBF interpolation and errors (Float64)", () => {
  it("prototypes at every training point and λ = 1e-14: the training set is interpolated to ≤ 1e-6", () => {
    const tr = problemPairs("poisson1d", 200, 5, 32);
    const x = standardize(tr.X);
    const y = standardize(tr.Y);
    for (const widthScale of [1, 2]) {
      const fit = fitRbf({ data: x, shape: [200, 32] }, { data: y, shape: [200, 32] }, { init: "all", lambda: 1e-14, widthScale });
      const p = predictRbf(fit, x, 200);
      let err = 0;
      let big = 0;
      for (let i = 0; i < y.length; i++) {
        err = Math.max(err, Math.abs(p[i]! - y[i]!));
        big = Math.max(big, Math.abs(y[i]!));
      }
      console.log(`interpolation, width ×${widthScale}: max |ŷ − y| / max |y| = ${(err / big).toExponential(2)}`);
      expect(fit.units).toBe(200);
      expect(err / big).toBeLessThanOrEqual(1e-6);
    }
  });

  it("bad arguments name themselves", () => {
    const tr = problemPairs("heat1d", 10, 6, 16);
    const x = { data: tr.X, shape: [10, 16] };
    const y = { data: tr.Y, shape: [10, 16] };
    const arg = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as { argument?: string }).argument ?? "other";
      }
      return null;
    };
    expect(arg(() => fitRbf(x, y, { centers: 11 }))).toBe("centers");
    expect(arg(() => fitRbf(x, y, { widthScale: 0 }))).toBe("widthScale");
    expect(arg(() => fitRbf(x, y, { init: "grid" as never }))).toBe("init");
    expect(arg(() => fitRbf(x, y, { lambda: -1 }))).toBe("lambda");
    expect(arg(() => fitRbfModel(x, y, { width: 3 } as never, { grid: makeGrid({ shape: [16] }), inChannels: 1, outChannels: 1 }))).toBe("config.width");
    expect(arg(() => predictRbf(fitRbf(x, y, { centers: 4, inputRank: 3 }), tr.X, 3))).toBe("inputs");
  });
});
