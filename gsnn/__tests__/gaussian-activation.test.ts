/**
 * The leaky ReLU and sigmoid GSNN activations in the layer: the probabilistic output tends to the
 * deterministic one as the input variance → 0; leaky ReLU's α is used and survives save/load
 * (bit-identical); full GSNNs build and run with both. cpu and wasm. (The moment formulas
 * themselves are checked in moments.test.ts and noise-laws.test.ts.)
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { activationMoments64, buildGsnn, GaussianActivation, type GsnnActivation } from "../index.js";

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
  const a = saved! as tf.io.ModelArtifacts;
  return tf.loadLayersModel(tf.io.fromMemory({ ...a, modelTopology: JSON.parse(JSON.stringify(a.modelTopology)) }));
}

const MU = [-3, -0.7, 0, 0.4, 2.5];

describe.each(["cpu", "wasm"])("GaussianActivation leaky_relu / sigmoid on %s", (backend) => {
  for (const act of ["leaky_relu", "sigmoid"] as GsnnActivation[]) {
    it(`${act}: probabilistic at σ² = 1e-12 → deterministic; moments equal the Float64 forms`, async () => {
      await tf.setBackend(backend);
      const alpha = 0.2;
      const det = new GaussianActivation({ activation: act, alpha });
      const prob = new GaussianActivation({ activation: act, probabilistic: true, alpha });
      const [d, p] = tf.tidy(() => {
        const x = tf.tensor3d(MU, [1, MU.length, 1]);
        const xv = tf.concat([x, tf.fill(x.shape, 1e-12)], -1);
        return [(det.apply(x) as tf.Tensor).dataSync(), (prob.apply(xv) as tf.Tensor).dataSync()];
      });
      MU.forEach((m, i) => {
        const h = act === "leaky_relu" ? (m >= 0 ? m : alpha * m) : 1 / (1 + Math.exp(-m));
        expect(Math.abs(d![i]! - h)).toBeLessThan(1e-6);
        // Mean (channel 0) of the probabilistic output: exact for leaky ReLU; the probit Φ(λμ) for the sigmoid.
        const ref = activationMoments64(act, m, 1e-12, alpha);
        expect(Math.abs(p![2 * i]! - ref.mean)).toBeLessThan(1e-5);
        if (act === "leaky_relu") expect(Math.abs(p![2 * i]! - h)).toBeLessThan(1e-5);
      });
    });
  }

  it("leaky ReLU's α is saved and loaded; GSNNs with leaky_relu and sigmoid run and round-trip bit for bit", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [16] });
    for (const activation of ["leaky_relu", "sigmoid"] as GsnnActivation[]) {
      for (const probabilistic of [false, true]) {
        const model = buildGsnn({ width: 4, depth: 1, projectionWidth: 8, seed: 3, activation, probabilistic, inputVariance: 0.01 }, { grid, inChannels: 1, outChannels: 1 });
        const x = tf.randomNormal([2, 16, 1], 0, 1, "float32", 7);
        const loaded = await roundTrip(model);
        const a = (model.predict(x) as tf.Tensor).dataSync();
        const b = (loaded.predict(x) as tf.Tensor).dataSync();
        expect(Array.from(b)).toEqual(Array.from(a));
        expect(a.every(Number.isFinite)).toBe(true);
        tf.dispose(x);
      }
    }
    const inp = tf.input({ shape: [3] });
    const m = tf.model({ inputs: inp, outputs: new GaussianActivation({ activation: "leaky_relu", alpha: 0.3 }).apply(inp) as tf.SymbolicTensor });
    const l = (await roundTrip(m)).layers[1] as GaussianActivation;
    expect(l.alpha).toBe(0.3);
    const y = tf.tidy(() => Array.from((l.apply(tf.tensor2d([[-1, 0, 2]])) as tf.Tensor).dataSync()));
    expect(y[0]).toBeCloseTo(-0.3, 6);
    expect(y[2]).toBe(2);
  });

  it("rejects a negative α, naming it", () => {
    let e: unknown = null;
    try {
      new GaussianActivation({ activation: "leaky_relu", alpha: -1 });
    } catch (err) {
      e = err;
    }
    expect(isPdesError(e, "InvalidArgument") && (e as unknown as { argument: string }).argument).toBe("alpha");
  });
});
