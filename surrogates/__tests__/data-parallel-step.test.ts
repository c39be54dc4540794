/**
 * The replicated data-parallel step (GradientPool.step, docs/training.md §Data-parallel
 * training): every thread applies the same clipped AdamW update from the all-reduced gradient,
 * so with a fixed seed the losses, gradient norms and weights follow one thread's to float32
 * round-off, a non-finite step is skipped by every thread (the steps after it still agree), a
 * batch smaller than the thread count leaves a thread an empty shard, and no tensor leaks on
 * either thread.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { AdamW, globalNorm, GradientPool, makeLoss } from "../index.js";
import { buildSeeded } from "../model-registry.js";
import { smoothingData } from "./train-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const data = smoothingData(40, 16);
const LR = 3e-3;
const OPT = { name: "adam" as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };
/** max |a − b| / max |b|, the scale floored at `floor`. */
const relMax = (a: ArrayLike<number>, b: ArrayLike<number>, floor = 0): number => {
  let d = 0;
  let m = floor;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / m;
};

describe("GradientPool.step", () => {
  it("wasm, gsnn, 2 threads: one thread's clipped Adam steps to 1e-5, a NaN step skipped everywhere, an empty shard, no leak", async () => {
    await tf.setBackend("wasm");
    const grid = data.grid;
    const ctx = { grid, inChannels: 1, outChannels: 1 };
    const loss = { kind: "rel-l2" as const, grid, outChannels: 1, probabilistic: false };
    const lossFn = makeLoss("rel-l2", loss);
    // The steps: batches of 8 (one of 1: the main thread's shard is empty), the third all NaN.
    const sizes = [8, 8, 8, 1, 8, 8, 8, 8];
    const NAN_STEP = 2;
    const batch = (k: number, v: Float32Array): Float32Array => {
      const b = v.slice((k % 5) * 128, (k % 5) * 128 + 16 * sizes[k]!);
      return k === NAN_STEP && v === data.inputs ? b.fill(NaN) : b;
    };
    const shape = (k: number): number[] => [sizes[k]!, 16, 1];
    const build = (): [tf.LayersModel, tf.Variable[]] => {
      const m = buildSeeded("gsnn", { width: 4, depth: 2, linearPathTaus: 0 }, ctx, 1);
      return [m, m.trainableWeights.map((w) => w.read() as tf.Variable)];
    };
    // One thread, as the trainer steps: guards, then clipping to CLIP, then Adam.
    const [m1, v1] = build();
    const init = await Promise.all(v1.map((v) => v.data() as Promise<Float32Array>));
    const opt1 = new AdamW(v1, OPT);
    const one: { loss: number; norm: number }[] = [];
    for (let k = 0; k < sizes.length; k++) {
      const [xt, yt] = [tf.tensor(batch(k, data.inputs), shape(k)), tf.tensor(batch(k, data.outputs), shape(k))];
      const g = tf.variableGrads(() => lossFn(m1.apply(xt, { training: true }) as tf.Tensor, yt), v1);
      const grads = v1.map((v) => g.grads[v.name]!);
      const norm = globalNorm(grads);
      one.push({ loss: g.value.dataSync()[0]!, norm: norm.dataSync()[0]! });
      if (Number.isFinite(one[k]!.loss)) {
        const scaled = grads.map((t) => tf.mul(t, Math.min(1, CLIP / one[k]!.norm)));
        opt1.apply(scaled, LR);
        tf.dispose(scaled);
      }
      tf.dispose([xt, yt, g.value, norm, ...grads]);
    }
    const oneW = await Promise.all(v1.map((v) => v.data() as Promise<Float32Array>));
    opt1.dispose();
    // Training moved the weights, and clipping acted on some steps but not all.
    expect(Math.max(...oneW.map((w, i) => relMax(w, init[i]!)))).toBeGreaterThan(1e-3);
    const finite = one.filter((s) => Number.isFinite(s.norm));
    expect(finite.some((s) => s.norm > CLIP) && finite.some((s) => s.norm < CLIP)).toBe(true);

    const [model, vars] = build();
    const opt = new AdamW(vars, OPT);
    const pool = await GradientPool.start({ model, vars, lossFn, backend: "wasm", loss, optimizer: { opt, config: OPT, clipNorm: CLIP } }, 2, { profile: true });
    try {
      await expect(pool.gradients(batch(0, data.inputs), batch(0, data.outputs), shape(0), shape(0))).rejects.toThrow(/started with an optimizer/);
      const two: { loss: number; norm: number; applied: boolean }[] = [];
      for (let k = 0; k < sizes.length; k++) {
        const r = await pool.step(batch(k, data.inputs), batch(k, data.outputs), shape(k), shape(k), LR);
        two.push({ loss: r.loss, norm: r.gradNorm, applied: r.applied });
      }
      expect(two.map((s) => s.applied)).toEqual(sizes.map((_, k) => k !== NAN_STEP));
      expect(Number.isNaN(two[NAN_STEP]!.loss)).toBe(true);
      const ok = (xs: { loss: number; norm: number }[], key: "loss" | "norm"): number[] => xs.filter((_, k) => k !== NAN_STEP).map((s) => s[key]);
      expect(relMax(ok(two, "loss"), ok(one, "loss")), "losses").toBeLessThan(1e-5);
      expect(relMax(ok(two, "norm"), ok(one, "norm")), "norms").toBeLessThan(1e-5);
      const w = await Promise.all(vars.map((v) => v.data() as Promise<Float32Array>));
      w.forEach((v, i) => expect(relMax(v, oneW[i]!, LR), `weight ${i}`).toBeLessThan(1e-5));
      expect(opt.step).toBe(sizes.length - 1);
      // A leak of one tensor per step on either thread shows as 30 more.
      const [main, workers] = [tf.memory().numTensors, pool.workerTensors];
      for (let i = 0; i < 30; i++) await pool.step(batch(0, data.inputs), batch(0, data.outputs), shape(0), shape(0), LR);
      expect(tf.memory().numTensors).toBe(main);
      expect(pool.workerTensors).toEqual(workers);
      expect(workers.every((n) => n > 0)).toBe(true);
      // The workers' profile parts arrive as messages: let them in.
      await new Promise((r) => setTimeout(r, 50));
      const p = pool.takeProfile();
      expect(p.steps).toBe(38);
      expect(Object.keys(p.main)).toEqual(["shards out", "shard", "gradient out", "wait", "combine", "optimizer", "caller"]);
      expect(Object.keys(p.workers[0]!)).toEqual(["idle", "shard", "gradient out", "wait", "combine", "optimizer"]);
      // A step that throws (here: shapes that do not fit the data) leaves the pool unusable.
      await expect(pool.step(batch(0, data.inputs), batch(0, data.outputs), [8, 16, 2], shape(0), LR)).rejects.toThrow();
      const after = await pool.step(batch(0, data.inputs), batch(0, data.outputs), shape(0), shape(0), LR).catch((e: unknown) => e);
      expect(isPdesError(after, "Io")).toBe(true);
      expect((after as Error).message).toMatch(/unusable after a failed step|data-parallel worker 1 stopped/);
    } finally {
      await pool.close();
      opt.dispose();
      m1.dispose();
      model.dispose();
    }
    // A closed pool refuses further steps with an Io error naming the worker.
    const err = await pool.step(batch(0, data.inputs), batch(0, data.outputs), shape(0), shape(0), LR).catch((e: unknown) => e);
    expect(isPdesError(err, "Io")).toBe(true);
    expect((err as Error).message).toMatch(/data-parallel worker 1 stopped: closed/);
  });
});

// Between the gradient norms of these steps (0.27 to 0.41): some are clipped, some not.
const CLIP = 0.33;
