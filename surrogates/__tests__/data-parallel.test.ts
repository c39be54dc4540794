/**
 * Data-parallel training (surrogates/training/data-parallel): with a fixed seed, 2 and 3 worker
 * threads give the per-step losses and final weights of one worker up to float32 round-off (the
 * batch's gradient is the size-weighted sum of the shards: through the trainer on cpu, through
 * the pool itself on wasm); a worker lost mid-run fails the run
 * with an Io error naming the last good checkpoint, and --resume continues from it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { AdamW, GradientPool, makeLoss, parseTrainConfig, readMetrics, train, type PartTimes, type StepRecord, type TrainConfigInput } from "../index.js";
import { buildSeeded } from "../model-registry.js";
import { errorLines, pdes, smoothingData, tempDir } from "./train-helpers.js";

const dir = tempDir("data-parallel");
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await tf.setBackend("cpu");
});

const data = smoothingData(40, 16);
const LR = 3e-3;
let runs = 0;
const cfg = (extra: Partial<TrainConfigInput>) =>
  parseTrainConfig({ data: "unused", out: path.join(dir, `run${runs++}`), epochs: 2, batchSize: 8, lr: LR, seed: 3, ...extra });
const stepLosses = (run: string) => readMetrics(run).filter((r): r is StepRecord => r.type === "step").map((r) => r.loss);
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

// Worker start-up (tfjs and the model code in a fresh thread, about 2 s of CPU) dominates the
// cost: each case starts its threads once.
describe("data-parallel training", () => {
  // 3 workers on a batch of 8: shards of 2, 3 and 3 samples, through the trainer on cpu.
  it("cpu, fno, 3 workers: they give one worker's losses and weights to 1e-5", async () => {
    const [backend, model, modelConfig, workers] = ["cpu", "fno", { width: 6, modes: 4, depth: 2 }, 3] as const;
    await tf.setBackend(backend);
    const base = { model, modelConfig, backend: backend as "cpu" | "wasm" };
    const one = await train({ config: cfg(base), data, backend });
    const ref = stepLosses(one.runDir);
    const refW = await Promise.all(one.model.getWeights().map((w) => w.data()));
    expect(ref).toHaveLength(8);
    // Training moved the weights, so equal weights are not two untouched initialisations (the
    // trainer builds its model as buildSeeded with the run's seed).
    const initModel = buildSeeded(model, modelConfig, { grid: data.grid, inChannels: 1, outChannels: 1 }, 3);
    const initW = await Promise.all(initModel.getWeights().map((w) => w.data()));
    initModel.dispose();
    expect(Math.max(...refW.map((w, i) => relMax(w, initW[i]!)))).toBeGreaterThan(1e-3);
    const r = await train({ config: cfg({ ...base, workers }), data, backend });
    expect(JSON.parse(fs.readFileSync(path.join(r.runDir, "config.json"), "utf8")).workers).toBe(workers);
    const losses = stepLosses(r.runDir);
    expect(losses).toHaveLength(8);
    expect(relMax(losses, ref), "losses").toBeLessThan(1e-5);
    const w = await Promise.all(r.model.getWeights().map((t) => t.data()));
    // Scale floored at the learning rate: a weight that starts at zero (an output bias) and
    // barely moves, e.g. 9e-5, differs by round-off (1e-9) that reads as 2e-5 relative.
    w.forEach((v, i) => expect(relMax(v, refW[i]!, LR), `weight ${i}`).toBeLessThan(1e-5));
  });
});

describe("GradientPool", () => {
  it("wasm, gsnn, 2 threads: one thread's losses and Adam steps to 1e-5; no tensor leak; every part of the step profiled", async () => {
    await tf.setBackend("wasm");
    const grid = data.grid;
    const ctx = { grid, inChannels: 1, outChannels: 1 };
    const loss = { kind: "rel-l2" as const, grid, outChannels: 1, probabilistic: false };
    const lossFn = makeLoss("rel-l2", loss);
    const shape = [8, 16, 1];
    const batch = (k: number, v: Float32Array): Float32Array => v.slice((k % 5) * 128, (k % 5) * 128 + 128);
    /** 8 Adam steps on batches of 8; per-step losses and the final weights. */
    const train8 = async (pool: GradientPool | null, model: tf.LayersModel, vars: tf.Variable[]): Promise<{ losses: number[]; weights: Float32Array[] }> => {
      const opt = new AdamW(vars, { name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
      const losses: number[] = [];
      for (let k = 0; k < 8; k++) {
        const [x, y] = [batch(k, data.inputs), batch(k, data.outputs)];
        let r: { value: tf.Scalar; grads: tf.Tensor[] };
        if (pool) r = await pool.gradients(x, y, shape, shape);
        else {
          const [xt, yt] = [tf.tensor(x, shape), tf.tensor(y, shape)];
          const g = tf.variableGrads(() => lossFn(model.apply(xt, { training: true }) as tf.Tensor, yt), vars);
          r = { value: g.value, grads: vars.map((v) => g.grads[v.name]!) };
          tf.dispose([xt, yt]);
        }
        losses.push((await r.value.data())[0]!);
        opt.apply(r.grads, LR);
        tf.dispose([r.value, ...r.grads]);
      }
      opt.dispose();
      return { losses, weights: await Promise.all(vars.map((v) => v.data() as Promise<Float32Array>)) };
    };
    const build = (): [tf.LayersModel, tf.Variable[]] => {
      const m = buildSeeded("gsnn", { width: 4, depth: 2, linearPathTaus: 0 }, ctx, 1);
      return [m, m.trainableWeights.map((w) => w.read() as tf.Variable)];
    };
    const [m1, v1] = build();
    const init = await Promise.all(v1.map((v) => v.data() as Promise<Float32Array>));
    const one = await train8(null, m1, v1);
    // Training moved the weights, so equal weights are not two untouched initialisations.
    expect(Math.max(...one.weights.map((w, i) => relMax(w, init[i]!)))).toBeGreaterThan(1e-3);
    const [model, vars] = build();
    const pool = await GradientPool.start({ model, vars, lossFn, backend: "wasm", loss }, 2, { profile: true });
    try {
      const two = await train8(pool, model, vars);
      expect(relMax(two.losses, one.losses), "losses").toBeLessThan(1e-5);
      two.weights.forEach((w, i) => expect(relMax(w, one.weights[i]!, LR), `weight ${i}`).toBeLessThan(1e-5));
      // A leak of one tensor per step anywhere shows as 30 more.
      const step = async (): Promise<void> => {
        const { value, grads } = await pool.gradients(batch(0, data.inputs), batch(0, data.outputs), shape, shape);
        tf.dispose([value, ...grads]);
      };
      const [main, workers] = [tf.memory().numTensors, pool.workerTensors];
      for (let i = 0; i < 30; i++) await step();
      expect(tf.memory().numTensors).toBe(main);
      expect(pool.workerTensors).toEqual(workers);
      expect(workers.every((n) => n > 0)).toBe(true);
      const p = pool.takeProfile();
      expect(p.steps).toBe(38);
      expect(Object.keys(p.main)).toEqual(["weights out", "shard", "wait", "combine", "caller (guards, optimizer)"]);
      expect(p.workers.map((w) => Object.keys(w))).toEqual([["weights in", "shard", "gradient out"]]);
      for (const t of [...Object.values(p.main), ...Object.values(p.workers[0]!)]) expect(t.wall).toBeGreaterThanOrEqual(0);
      // The shards did the work: on Linux (schedstat) their thread CPU is most of each thread's.
      if (process.platform === "linux") {
        const cpu = (parts: PartTimes): number => Object.values(parts).reduce((a, t) => a + t.cpu, 0);
        expect(p.workers[0]!.shard!.cpu).toBeGreaterThan(0.5 * cpu(p.workers[0]!));
        expect(cpu(p.main)).toBeGreaterThan(0);
      }
      expect(pool.takeProfile()).toMatchObject({ steps: 0, main: {}, workers: [{}] });
    } finally {
      await pool.close();
      m1.dispose();
      model.dispose();
    }
  });
});

describe("data-parallel training: a lost worker", () => {
  it("fails the step with an Io error naming the last checkpoint; --resume finishes the run", async () => {
    await tf.setBackend("cpu");
    const config = cfg({ model: "mlp", modelConfig: { hidden: [8] }, backend: "cpu", workers: 2, checkpointEvery: 2, epochs: 2 });
    process.env.PDES_TEST_WORKER_EXIT_AT_STEP = "5";
    let err: unknown;
    try {
      await train({ config, data, backend: "cpu" });
    } catch (e) {
      err = e;
    } finally {
      delete process.env.PDES_TEST_WORKER_EXIT_AT_STEP;
    }
    expect(isPdesError(err, "Io")).toBe(true);
    expect((err as Error).message).toMatch(/data-parallel worker 1 stopped: exited with code 3 at step 5 .*no update applied\. Last good checkpoint: .*ckpt-0*4.*--resume/);
    const done = stepLosses(config.out);
    expect(done).toHaveLength(4);
    const r = await train({ config, data, backend: "cpu", resume: true });
    expect(r.steps).toBe(8);
    const one = await train({ config: { ...config, out: path.join(dir, `run${runs++}`), workers: 1 }, data, backend: "cpu" });
    expect(relMax(stepLosses(config.out), stepLosses(one.runDir))).toBeLessThan(1e-5);
  });
});

describe("pdes train --workers", () => {
  it("refuses a worker count below 1: one line naming the key, exit 2, nothing written", () => {
    const out = path.join(dir, "cli-run");
    const r = pdes(["train", "--data", dir, "--model", "mlp", "--workers", "0", "--out", out]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^pdes: error: config\.workers .*got 0$/)]);
    expect(fs.existsSync(out)).toBe(false);
  });
});
