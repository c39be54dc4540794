import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { AdamW, parseTrainConfig } from "../index.js";
import { clipByGlobalNorm, LrSchedule } from "../training/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Float64 reference of the AdamW update (Loshchilov & Hutter, decoupled decay, PyTorch form). */
function adamwReference(w0: number[], grads: number[][], lrs: number[], b1: number, b2: number, eps: number, wd: number): number[] {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  grads.forEach((g, t) => {
    for (let i = 0; i < w.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
      const mh = m[i]! / (1 - b1 ** (t + 1));
      const vh = v[i]! / (1 - b2 ** (t + 1));
      w[i] = w[i]! - lrs[t]! * (mh / (Math.sqrt(vh) + eps) + wd * w[i]!);
    }
  });
  return w;
}

const opt = (name: "adam" | "adamw", weightDecay: number) => ({ name, beta1: 0.9, beta2: 0.99, epsilon: 1e-6, weightDecay });
const grads = [
  [0.5, -1.0, 2.0],
  [0.4, -0.2, 1.5],
  [-0.3, 0.1, 1.0],
  [0.2, 0.3, -0.5],
];
const lrs = [0.1, 0.05, 0.05, 0.01];

describe("AdamW", () => {
  for (const wd of [0, 0.1]) {
    it(`matches the Float64 reference (weight decay ${wd})`, () => {
      const w = tf.variable(tf.tensor1d([1, -2, 0.5]));
      const o = new AdamW([w], opt(wd ? "adamw" : "adam", wd));
      grads.forEach((g, t) => tf.tidy(() => o.apply([tf.tensor1d(g)], lrs[t]!)));
      const ref = adamwReference([1, -2, 0.5], grads, lrs, 0.9, 0.99, 1e-6, wd);
      Array.from(w.dataSync()).forEach((x, i) => expect(Math.abs(x - ref[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(ref[i]!))));
      expect(o.step).toBe(4);
    });
  }

  it("continues bit for bit from a saved state", () => {
    const a = tf.variable(tf.tensor1d([1, -2, 0.5]));
    const oa = new AdamW([a], opt("adamw", 0.01));
    grads.slice(0, 2).forEach((g, t) => tf.tidy(() => oa.apply([tf.tensor1d(g)], lrs[t]!)));
    const b = tf.variable(a.clone());
    const ob = new AdamW([b], opt("adamw", 0.01));
    ob.setState(oa.getState());
    for (const [o, t] of [[oa, 2], [oa, 3], [ob, 2], [ob, 3]] as const) tf.tidy(() => o.apply([tf.tensor1d(grads[t]!)], lrs[t]!));
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  });
});

describe("clipByGlobalNorm", () => {
  it("scales all gradients together to the maximum norm", () => {
    const g = [tf.tensor1d([3, 0]), tf.tensor1d([0, 4])]; // global norm 5
    const c = clipByGlobalNorm(g, 1);
    expect(c.norm.dataSync()[0]).toBeCloseTo(5, 6);
    expect(Array.from(c.grads[0]!.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(Array.from(c.grads[1]!.dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
    const d = clipByGlobalNorm(g, 10);
    expect(Array.from(d.grads[1]!.dataSync())).toEqual([0, 4]);
  });
});

describe("LrSchedule", () => {
  const sched = (schedule: unknown, total = 11) => new LrSchedule(parseTrainConfig({ data: "d", out: "o", model: "mlp", lr: 0.1, schedule }).schedule, 0.1, total);

  it("step decays by gamma every stepSize epochs", () => {
    const s = sched({ kind: "step", stepSize: 2, gamma: 0.5 });
    expect([0, 1, 2, 3, 4].map((e) => s.lr(0, e))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it("cosine goes from lr to minLr over the run, through the midpoint", () => {
    const s = sched({ kind: "cosine", minLr: 0.02 });
    expect(s.lr(0, 0)).toBeCloseTo(0.1, 12);
    expect(s.lr(5, 0)).toBeCloseTo(0.06, 12);
    expect(s.lr(10, 0)).toBeCloseTo(0.02, 12);
  });

  it("reduce-on-plateau cuts the rate after `patience` epochs without improvement", () => {
    const s = sched({ kind: "plateau", factor: 0.5, patience: 1, threshold: 0 });
    const seen = [1, 0.9, 0.95, 0.95, 0.8, 0.85, 0.85].map((loss) => {
      s.endEpoch(loss);
      return s.lr(0, 0);
    });
    expect(seen).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]);
  });
});
