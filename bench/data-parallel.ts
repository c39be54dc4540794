/**
 * `npm run bench -- models --workers W [--only gsnn,fno1d] [--steps K] [--rounds R]`: training
 * throughput with W data-parallel threads (surrogates/training/data-parallel) against one, the
 * same models and step as the models bench (Adam, MSE, batch 20, one loss read per step), with
 * batches coming from host memory as in the trainer. Wall seconds per epoch of 50 steps, medians
 * over rounds that alternate 1 and W threads; speed-up = 1-thread wall / W-thread wall; the CPU
 * columns (all threads of the process) show what the split costs in extra work. The
 * 1-minute load average is printed beside every row: on a shared machine other processes take
 * the cores the workers need.
 */
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs";
import type { Grid } from "../core/index.js";
import { AdamW, GradientPool } from "../surrogates/index.js";

const N = 1000;
const BATCH = 20;
const STEPS_PER_EPOCH = N / BATCH;

export interface ParallelSpec {
  name: string;
  grid: Grid;
  build: () => tf.LayersModel;
}

const load = (): string => os.loadavg()[0]!.toFixed(1);
const median = (v: number[]): number => v.slice().sort((a, b) => a - b)[v.length >> 1]!;

function randomHost(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Runner {
  /** Wall and CPU (all threads of the process) s/epoch. */
  time(steps: number): Promise<{ wall: number; cpu: number }>;
  dispose(): Promise<void>;
}

async function runner(spec: ParallelSpec, workers: number): Promise<Runner> {
  const model = spec.build();
  const points = spec.grid.shape.reduce((a, b) => a * b, 1);
  const x = randomHost(N * points, 1);
  const y = randomHost(N * points, 2);
  const shape = [BATCH, ...spec.grid.shape, 1];
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const opt = new AdamW(vars, { name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const lossFn = (p: tf.Tensor, t: tf.Tensor): tf.Scalar => tf.tidy(() => tf.mean(tf.square(tf.sub(p, t))) as tf.Scalar);
  const loss = { kind: "mse" as const, grid: spec.grid, outChannels: 1, probabilistic: false };
  const pool = workers > 1 ? await GradientPool.start({ model, vars, lossFn, backend: tf.getBackend(), loss }, workers) : null;
  let i = 0;
  const step = async (): Promise<void> => {
    const b = i++ % STEPS_PER_EPOCH;
    const xb = x.slice(b * BATCH * points, (b + 1) * BATCH * points);
    const yb = y.slice(b * BATCH * points, (b + 1) * BATCH * points);
    let value: tf.Scalar;
    let grads: tf.Tensor[];
    if (pool) ({ value, grads } = await pool.gradients(xb, yb, shape, shape));
    else {
      const [xt, yt] = [tf.tensor(xb, shape), tf.tensor(yb, shape)];
      const r = tf.variableGrads(() => lossFn(model.apply(xt, { training: true }) as tf.Tensor, yt), vars);
      tf.dispose([xt, yt]);
      value = r.value;
      grads = vars.map((v) => r.grads[v.name]!);
    }
    await value.data();
    opt.apply(grads, 1e-3);
    tf.dispose([value, ...grads]);
  };
  await step();
  await step();
  return {
    async time(steps) {
      const [t0, c0] = [performance.now(), cpuSeconds()];
      for (let k = 0; k < steps; k++) await step();
      return { wall: ((performance.now() - t0) / 1000 / steps) * STEPS_PER_EPOCH, cpu: ((cpuSeconds() - c0) / steps) * STEPS_PER_EPOCH };
    },
    async dispose() {
      await pool?.close();
      opt.dispose();
      model.dispose();
    },
  };
}

export async function benchDataParallel(specs: ParallelSpec[], workers: number, steps: number, rounds: number): Promise<void> {
  console.log(`\ndata-parallel (${tf.getBackend()}): wall s/epoch (1000 samples, batch 20, Adam), medians of ${rounds} rounds of ${steps} steps, 1 and ${workers} threads alternating`);
  console.log(`| model | 1 thread wall | ${workers} threads wall | speed-up | 1 thread CPU | ${workers} threads CPU (all threads) | load (1 min) |`);
  console.log("|---|---|---|---|---|---|---|");
  for (const spec of specs) {
    const one = await runner(spec, 1);
    const many = await runner(spec, workers);
    const l0 = load();
    const t1: { wall: number; cpu: number }[] = [];
    const tw: { wall: number; cpu: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      t1.push(await one.time(steps));
      tw.push(await many.time(steps));
    }
    const l1 = load();
    await one.dispose();
    await many.dispose();
    const [a, b] = [median(t1.map((t) => t.wall)), median(tw.map((t) => t.wall))];
    const [ca, cb] = [median(t1.map((t) => t.cpu)), median(tw.map((t) => t.cpu))];
    console.log(`| ${spec.name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(a / b).toFixed(2)}× | ${ca.toFixed(2)} | ${cb.toFixed(2)} | ${l0} → ${l1} |`);
  }
}
