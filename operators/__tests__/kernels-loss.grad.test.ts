/**
 * The fused training losses (fusedRelL2Loss, fusedMseLoss: one kernel each way) against the
 * tfjs ops they replace (surrogates/training/losses.ts's formulas, written out here): the value
 * and the gradients w.r.t. the prediction and the target ≤ 1e-5 relative on wasm and cpu,
 * 1-D and 2-D fields, one or several channels, with and without per-channel statistics; no
 * tensor leak over 1000 steps.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { fusedMseLoss, fusedRelL2Loss } from "../index.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const FLOOR = 1e-12;
type Stats = { mean: number[]; std: number[] };

/** The op path: ‖std⊙(p − y)‖ / max(‖std⊙y + mean‖, floor) per sample, averaged. */
function relL2Ops(p: tf.Tensor, y: tf.Tensor, stats?: Stats): tf.Scalar {
  const e0 = tf.sub(p, y);
  const e = stats ? tf.mul(e0, tf.tensor1d(stats.std)) : e0;
  const t = stats ? tf.add(tf.mul(y, tf.tensor1d(stats.std)), tf.tensor1d(stats.mean)) : y;
  const ss = (v: tf.Tensor): tf.Tensor => tf.sum(tf.reshape(tf.square(v), [v.shape[0]!, -1]), 1);
  return tf.mean(tf.div(tf.sqrt(ss(e)), tf.maximum(tf.sqrt(ss(t)), FLOOR))) as tf.Scalar;
}

const CASES: { shape: number[]; stats?: Stats }[] = [
  { shape: [3, 17, 1] },
  { shape: [2, 8, 6, 2], stats: { mean: [0.5, -2], std: [1.5, 0.25] } },
  { shape: [5, 10, 3], stats: { mean: [0, 3, -1], std: [2, 1, 0.5] } },
  { shape: [1, 33, 1], stats: { mean: [1], std: [0.1] } },
];

describe.each(["wasm", "cpu"])("fused losses on %s", (backend) => {
  it("value and gradients w.r.t. prediction and target match the tfjs ops (≤ 1e-5)", async () => {
    await tf.setBackend(backend);
    await tf.ready();
    for (const [i, c] of CASES.entries()) {
      for (const kind of ["rel-l2", "mse"] as const) {
        const run = (fused: boolean): tf.Tensor[] =>
          tf.tidy(() => {
            const p = tf.randomNormal(c.shape, 0, 1, "float32", 10 + i);
            const y = tf.randomNormal(c.shape, 0, 1, "float32", 20 + i);
            const f = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
              kind === "mse"
                ? fused ? fusedMseLoss(a, b) : (tf.mean(tf.square(tf.sub(a, b))) as tf.Scalar)
                : fused ? fusedRelL2Loss(a, b, FLOOR, c.stats) : relL2Ops(a, b, c.stats);
            return [f(p, y), ...tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a, b))([p, y])];
          });
        const got = run(true);
        const ref = run(false);
        ["loss", "dp", "dy"].forEach((what, k) => {
          expect(got[k]!.shape, what).toEqual(ref[k]!.shape);
          expect(relMax(got[k]!.dataSync(), ref[k]!.dataSync()), `${kind} ${what} ${JSON.stringify(c)}`).toBeLessThan(1e-5);
        });
        tf.dispose([...got, ...ref]);
      }
    }
  });
});

describe("fused losses, memory", () => {
  it("leak no tensor over 1000 training steps", async () => {
    await tf.setBackend("wasm");
    await tf.ready();
    const w = tf.variable(tf.randomNormal([2, 8, 1], 0, 1, "float32", 1));
    const y = tf.randomNormal([2, 8, 1], 0, 1, "float32", 2);
    const opt = tf.train.sgd(0.05);
    const losses: number[] = [];
    const step = (k: number): void => {
      const l = opt.minimize(() => (k % 2 ? fusedMseLoss(w, y) : fusedRelL2Loss(w, y, FLOOR, { mean: [0.1], std: [2] })), true)!;
      losses.push(l.dataSync()[0]!);
      l.dispose();
    };
    step(0);
    const n0 = tf.memory().numTensors;
    for (let k = 1; k < 1000; k++) step(k);
    expect(tf.memory().numTensors).toBe(n0);
    expect(losses[998]!).toBeLessThan(losses[0]!);
    tf.dispose([w, y]);
    opt.dispose();
  });
});
