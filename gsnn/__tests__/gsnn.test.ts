/**
 * buildGsnn: shapes in 1D/2D, deterministic and probabilistic, model info, argument errors,
 * consistency of the two modes at zero input variance, and no tensor leak over 5 training
 * steps. cpu and wasm.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { countParameters } from "../../operators/index.js";
import { buildGsnn, gsnnInfo, linearPathTimes } from "../index.js";

const small = { width: 8, depth: 2, projectionWidth: 16, seed: 3 };

describe.each(["cpu", "wasm"])("buildGsnn on %s", (backend) => {
  it("1D deterministic and probabilistic output shapes, info and zero-variance consistency", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [32], lengths: 2 });
    const ctx = { grid, inChannels: 2, outChannels: 3 };
    const det = buildGsnn({ ...small, activation: "gelu" }, ctx);
    const prob = buildGsnn({ ...small, activation: "gelu", probabilistic: true }, ctx);
    // Same seed, same weight shapes: copy to be sure both compute the same function.
    prob.setWeights(det.getWeights());
    const x = tf.randomNormal([4, 32, 2], 0, 1, "float32", 1);
    const yd = det.predict(x) as tf.Tensor;
    const yp = prob.predict(x) as tf.Tensor;
    expect(yd.shape).toEqual([4, 32, 3]);
    expect(yp.shape).toEqual([4, 32, 6]);
    // The untrained model with a linear path is the path (zero) plus gated zero deep part.
    const [m, v] = tf.split(yp, 2, 2);
    expect(tf.max(tf.abs(tf.sub(m!, yd))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(v!)).dataSync()[0]).toBeLessThan(1e-6);
    const info = gsnnInfo(prob);
    expect(info).toEqual({ kind: "gsnn", parameterCount: countParameters(prob), probabilistic: true, resolutionInvariant: true });
    expect(gsnnInfo(det).probabilistic).toBe(false);
    expect(info.parameterCount).toBeGreaterThan(0);
    tf.dispose([x, yd, yp, m!, v!]);
  });

  it("deep part and variance path are live: nonzero outputs, positive variances with input noise", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [16, 12], lengths: [1, 2] });
    const model = buildGsnn(
      { ...small, probabilistic: true, inputVariance: 0.1, injection: "learned", linearPathTaus: 0, tausPerChannel: 2 },
      { grid, inChannels: 1, outChannels: 1 },
    );
    const x = tf.randomNormal([2, 16, 12, 1], 0, 1, "float32", 2);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 16, 12, 2]);
    const [m, v] = tf.split(y, 2, 3);
    expect(tf.max(tf.abs(m!)).dataSync()[0]).toBeGreaterThan(1e-4);
    expect(tf.min(v!).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, y, m!, v!]);
  });

  it("Dirichlet grids work deterministically (sine basis); bad arguments throw tagged errors", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [20], bc: "dirichlet" });
    const model = buildGsnn(small, { grid, inChannels: 1, outChannels: 1 });
    const y = model.predict(tf.ones([1, 20, 1])) as tf.Tensor;
    expect(y.shape).toEqual([1, 20, 1]);
    y.dispose();
    const ctx = { grid, inChannels: 1, outChannels: 1 };
    const err = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return null;
    };
    const e1 = err(() => buildGsnn({ width: 0 }, ctx));
    expect(isPdesError(e1, "InvalidArgument") && (e1 as unknown as { argument: string }).argument).toBe("width");
    const e2 = err(() => buildGsnn({ probabilistic: true }, ctx));
    expect(isPdesError(e2, "InvalidArgument") && (e2 as Error).message).toMatch(/periodic/);
    const e3 = err(() => buildGsnn({ activation: "swish" as never }, ctx));
    expect(isPdesError(e3, "InvalidArgument") && (e3 as unknown as { argument: string }).argument).toBe("activation");
  });

  it("no tensor leak over 5 training steps", async () => {
    await tf.setBackend(backend);
    const grid = makeGrid({ shape: [16] });
    // Small (depth 1) because the cost is per kernel launch; the probabilistic path has the most ops.
    const model = buildGsnn({ width: 4, depth: 1, projectionWidth: 8, seed: 3, probabilistic: true, inputVariance: 0.01 }, { grid, inChannels: 1, outChannels: 1 });
    const x = tf.randomNormal([4, 16, 1], 0, 1, "float32", 4);
    const y = tf.randomNormal([4, 16, 2], 0, 1, "float32", 5);
    const opt = tf.train.adam(1e-3);
    const step = (): number => {
      const loss = opt.minimize(() => tf.mean(tf.square(tf.sub(model.apply(x) as tf.Tensor, y))) as tf.Scalar, true)!;
      const v = loss.dataSync()[0]!;
      loss.dispose();
      return v;
    };
    step();
    const before = tf.memory().numTensors;
    let last = 0;
    // A tensor left per step shows as 5 or more (the count must not move at all); the steps have
    // no step-dependent branch (the long-run leak check of training is train-leak). 100 steps
    // cost 80% of this file's CPU, 20 steps half of it.
    for (let i = 0; i < 5; i++) last = step();
    expect(Number.isFinite(last)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});

describe("linearPathTimes", () => {
  it("spans t·|k|² from 0.1 at k_max to 10 at k_min, log-spaced", () => {
    const grid = makeGrid({ shape: [128], lengths: 1 });
    const t = linearPathTimes(grid, 12);
    const kMin = 2 * Math.PI;
    const kMax = Math.PI * 128;
    expect(t[0]! * kMax * kMax).toBeCloseTo(0.1, 10);
    expect(t[11]! * kMin * kMin).toBeCloseTo(10, 10);
    const r = t[1]! / t[0]!;
    for (let j = 1; j < 12; j++) expect(t[j]! / t[j - 1]!).toBeCloseTo(r, 10);
  });
});
