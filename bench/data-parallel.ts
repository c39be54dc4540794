/**
 * `npm run bench -- models --workers W [--only gsnn,fno1d] [--steps K] [--rounds R] [--mode M] [--profile [--batch B]]`:
 * training throughput with W data-parallel threads (surrogates/training/data-parallel) against
 * one, the same models and step as the models bench (Adam, MSE, one loss read per step), with
 * batches coming from host memory as in the trainer. Two ways to use W threads:
 * - strong scaling: the batch of 20 split W ways (the same training, W threads);
 * - weak scaling: 20 samples per thread, a batch of 20·W (what data-parallel papers report).
 * Wall and CPU (all threads of the process) seconds per epoch of 1000 samples, after 30 warm-up
 * steps, medians over rounds that alternate the three runs; speed-up = samples per second
 * against one thread at batch 20, and in brackets the most that the CPU time allows on
 * min(W, cores) idle cores (wall ≥ CPU / cores). The 1-minute load average is printed beside
 * every row: on a shared machine other processes take the cores the workers need, and the
 * bracket is the figure to read.
 * Two more baselines, timed in the same rounds by child processes running this file's own
 * one-thread loop (serveLoop; data-parallel-baselines.ts): one core (pinned with taskset -c 0,
 * skipped with the reason where that is unavailable) and the ceiling (W loops in independent
 * processes at once): the speed-ups against one core and the fraction of the ceiling reached.
 * `--mode`: `step` (default: GradientPool.step, every thread applies the update from a
 * shared-memory all-reduce, as the trainer does), `gradients` (GradientPool.gradients: the
 * training thread combines, updates and publishes the weights) or `both`, alternating.
 * `--profile`: where a W-thread step goes instead: every part of the step on every thread (wall
 * and CPU of that thread, step-profile.ts; in gradients mode also the message latency each way
 * and the worker's idle time between steps), and one thread's step at batch B/W against B (the
 * fixed cost per step that splitting the batch does not divide).
 */
import * as os from "node:os";
import { createInterface } from "node:readline";
import * as tf from "@tensorflow/tfjs";
import type { Grid } from "../core/index.js";
import { AdamW, GradientPool, makeLoss, type PartTimes, type PoolProfile } from "../surrogates/index.js";
import { LOOP_PREFIX, oneCoreUnavailable, startLoopChild, type LoopChild, type Timing } from "./data-parallel-baselines.js";

function addParts(a: PartTimes, b: PartTimes): void {
  for (const [k, v] of Object.entries(b)) {
    const p = (a[k] ??= { wall: 0, cpu: 0, queued: 0 });
    p.wall += v.wall;
    p.cpu += v.cpu;
    p.queued += v.queued;
  }
}

const N = 1000;
const BATCH = 20;
const WARMUP = 30;

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
  /** Wall and CPU (all threads of the process) s per epoch of N samples. */
  time(steps: number): Promise<{ wall: number; cpu: number }>;
  pool: GradientPool | null;
  dispose(): Promise<void>;
}

/** How a W-thread run steps: the replicated step (every thread applies the update) or the gradients mode. */
export type PoolMode = "step" | "gradients";

async function runner(spec: ParallelSpec, workers: number, batch: number, profile = false, mode: PoolMode = "step"): Promise<Runner> {
  const model = spec.build();
  const points = spec.grid.shape.reduce((a, b) => a * b, 1);
  const x = randomHost(N * points, 1);
  const y = randomHost(N * points, 2);
  const shape = [batch, ...spec.grid.shape, 1];
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optConfig = { name: "adam" as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };
  const opt = new AdamW(vars, optConfig);
  const lossFn = makeLoss("mse", { grid: spec.grid, outChannels: 1, probabilistic: false });
  const loss = { kind: "mse" as const, grid: spec.grid, outChannels: 1, probabilistic: false };
  const optimizer = mode === "step" ? { optimizer: { opt, config: optConfig } } : {};
  const pool = workers > 1 ? await GradientPool.start({ model, vars, lossFn, backend: tf.getBackend(), loss, ...optimizer }, workers, { profile }) : null;
  let i = 0;
  const step = async (): Promise<void> => {
    const a = (i++ * batch) % (N - batch + 1);
    const xb = x.slice(a * points, (a + batch) * points);
    const yb = y.slice(a * points, (a + batch) * points);
    if (pool && mode === "step") {
      await pool.step(xb, yb, shape, shape, 1e-3);
      return;
    }
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
  // A worker's fresh V8 isolate compiles tfjs's hot code over its first tens of steps (on
  // V8's helper threads: +30 % CPU per step over the first 5 steps, measured); every run warms
  // up alike, so the timed steps see settled threads.
  for (let k = 0; k < WARMUP; k++) await step();
  pool?.takeProfile();
  return {
    pool,
    async time(steps) {
      const [t0, c0] = [performance.now(), cpuSeconds()];
      for (let k = 0; k < steps; k++) await step();
      const per = N / batch / steps;
      return { wall: ((performance.now() - t0) / 1000) * per, cpu: (cpuSeconds() - c0) * per };
    },
    async dispose() {
      await pool?.close();
      opt.dispose();
      model.dispose();
    },
  };
}

export interface ParallelOptions {
  workers: number;
  steps: number;
  rounds: number;
  /** Where a step goes instead of the scaling table. */
  profile?: boolean;
  /** Pool modes to time, each against the same one-thread runs (default ["step"]). */
  modes?: PoolMode[];
  /** The profile's batch (default 20, split W ways). */
  batch?: number;
}

/**
 * A child process's side of the one-core and ceiling baselines (data-parallel-baselines.ts):
 * the one-thread loop of `spec` (`runner`, warmed up), timed on request over stdin.
 */
export async function serveLoop(spec: ParallelSpec): Promise<void> {
  const run = await runner(spec, 1, BATCH);
  const say = (s: string): boolean => process.stdout.write(`${LOOP_PREFIX}${s}\n`);
  say("ready");
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, k] = line.trim().split(/\s+/);
    if (cmd === "time") say(JSON.stringify(await run.time(Number(k))));
    else if (cmd === "exit") break;
  }
  await run.dispose();
}

export async function benchDataParallel(specs: ParallelSpec[], o: ParallelOptions): Promise<void> {
  const { workers, steps, rounds } = o;
  const modes = o.modes ?? ["step"];
  if (o.profile) return profileDataParallel(specs, o, modes);
  const cores = os.cpus().length;
  console.log(
    `\ndata-parallel (${tf.getBackend()}): s/epoch of ${N} samples (Adam, MSE), medians of ${rounds} rounds of ${steps} steps, all runs alternating; ` +
      `strong = batch ${BATCH} split ${workers} ways, weak = ${BATCH} per thread (batch ${BATCH * workers}); speed-up = samples/s against 1 thread, ` +
      `in brackets the most that the CPU time allows on min(${workers}, ${cores}) idle cores; mode: step = every thread applies the update, gradients = the training thread does`,
  );
  console.log(`| model | mode | 1 thread wall / CPU | strong: ${workers} threads wall / CPU | strong speed-up | weak: ${workers} threads wall / CPU | weak speed-up | load (1 min) |`);
  console.log("|---|---|---|---|---|---|---|---|");
  const pinUnavailable = oneCoreUnavailable();
  const baselineRows: string[] = [];
  for (const spec of specs) {
    // The children start first and warm up while this process builds its own runs.
    const oneCore = pinUnavailable ? null : startLoopChild(spec.name, tf.getBackend(), true);
    const ceiling = Array.from({ length: workers }, () => startLoopChild(spec.name, tf.getBackend(), false));
    const runs = [await runner(spec, 1, BATCH)];
    for (const mode of modes) runs.push(await runner(spec, workers, BATCH, false, mode), await runner(spec, workers, BATCH * workers, false, mode));
    await Promise.all([oneCore, ...ceiling].map((ch) => ch?.ready));
    const l0 = load();
    const times: Timing[][] = runs.map(() => []);
    const [coreTimes, ceilTimes]: Timing[][] = [[], []];
    for (let r = 0; r < rounds; r++) {
      for (const [k, run] of runs.entries()) times[k]!.push(await run.time(steps));
      if (oneCore) coreTimes.push(await oneCore.time(steps));
      ceilTimes.push(aggregate(await Promise.all(ceiling.map((ch) => ch.time(steps)))));
    }
    const l1 = load();
    for (const run of runs) await run.dispose();
    await Promise.all([oneCore, ...ceiling].map((ch) => ch?.close()));
    const [w, c] = [times.map((t) => median(t.map((q) => q.wall))), times.map((t) => median(t.map((q) => q.cpu)))];
    const f = (k: number): string => `${w[k]!.toFixed(2)} / ${c[k]!.toFixed(2)}`;
    // On `cores` otherwise idle cores the wall time is at least CPU / cores: the speed-up that
    // the W-thread run's CPU time leaves possible (in brackets).
    const bound = Math.min(workers, cores);
    const up = (k: number, w0 = w[0]!, c0 = c[0]!): string => `${(w0 / w[k]!).toFixed(2)}× (≤ ${((bound * c0) / c[k]!).toFixed(2)}×)`;
    modes.forEach((mode, m) => console.log(`| ${spec.name} | ${mode} | ${f(0)} | ${f(1 + 2 * m)} | ${up(1 + 2 * m)} | ${f(2 + 2 * m)} | ${up(2 + 2 * m)} | ${l0} → ${l1} |`));
    const [cw, cc] = [median(ceilTimes.map((q) => q.wall)), median(ceilTimes.map((q) => q.cpu))];
    const core = coreTimes.length ? { wall: median(coreTimes.map((q) => q.wall)), cpu: median(coreTimes.map((q) => q.cpu)) } : null;
    modes.forEach((mode, m) => {
      const [s, wk] = [1 + 2 * m, 2 + 2 * m];
      const vsCore = (k: number): string => (core ? up(k, core.wall, core.cpu) : "n/a");
      baselineRows.push(
        `| ${spec.name} | ${mode} | ${core ? `${core.wall.toFixed(2)} / ${core.cpu.toFixed(2)}` : "skipped"} | ${cw.toFixed(2)} / ${cc.toFixed(2)} | ${(w[0]! / cw).toFixed(2)}× | ` +
          `${vsCore(s)} | ${vsCore(wk)} | ${(cw / w[s]!).toFixed(2)} | ${(cw / w[wk]!).toFixed(2)} | ${l0} → ${l1} |`,
      );
    });
  }
  console.log(
    `\nbaselines, the same rounds: one core = the 1-thread loop in a child process pinned with \`taskset -c 0\` (V8's helper threads on that core too); ` +
      `ceiling = ${workers} such loops in independent unpinned processes at once (no exchange), aggregate s/epoch = the slower one's wall / ${workers}, CPU summed / ${workers}; ` +
      `speed-ups of the ${workers}-thread runs against one core (in brackets the CPU bound, as above), and their throughput as a fraction of the ceiling's`,
  );
  if (pinUnavailable) console.log(pinUnavailable);
  console.log(`| model | mode | one core wall / CPU | ceiling: ${workers} processes wall / CPU | ceiling speed-up vs 1 thread | strong vs one core | weak vs one core | strong / ceiling | weak / ceiling | load (1 min) |`);
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of baselineRows) console.log(r);
}

/** W loops timed at once as one run: s per epoch of N samples of their aggregate throughput. */
function aggregate(t: Timing[]): Timing {
  // Each child's figures are per epoch of N samples; together they do W epochs in the slower's wall.
  return { wall: Math.max(...t.map((q) => q.wall)) / t.length, cpu: t.reduce((a, q) => a + q.cpu, 0) / t.length };
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : "n/a");

/** Mean ms per step of every part on every thread, and one thread's step at batch B/W and B. */
async function profileDataParallel(specs: ParallelSpec[], o: ParallelOptions, modes: PoolMode[]): Promise<void> {
  const { workers, steps, rounds } = o;
  const batch = o.batch ?? BATCH;
  const small = Math.ceil(batch / workers);
  console.log(`\ndata-parallel step profile (${tf.getBackend()}, ${workers} threads, batch ${batch}): mean ms per step over ${steps * rounds} steps; CPU = that thread's own (Linux schedstat)`);
  console.log("| model | mode | thread | part | wall | CPU | waiting for a core | load (1 min) |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const spec of specs) {
    const pools = [];
    for (const mode of modes) pools.push(await runner(spec, workers, batch, true, mode));
    const ones = [await runner(spec, 1, small), await runner(spec, 1, batch)];
    const l0 = load();
    const one: { wall: number; cpu: number }[][] = [[], []];
    const ps: PoolProfile[] = pools.map(() => ({ steps: 0, main: {}, workers: Array.from({ length: workers - 1 }, () => ({})), workerSteps: Array.from({ length: workers - 1 }, () => 0), messages: Array.from({ length: workers - 1 }, () => ({ toWorker: 0, toMain: 0, idle: 0 })) }));
    for (let r = 0; r < rounds; r++) {
      for (const [m, run] of pools.entries()) {
        run.pool!.takeProfile();
        await run.time(steps);
        // Right after the steps, so the caller's part of the last one ends here.
        const q = run.pool!.takeProfile();
        const p = ps[m]!;
        p.steps += q.steps;
        addParts(p.main, q.main);
        q.workers.forEach((w, k) => addParts(p.workers[k]!, w));
        q.workerSteps.forEach((n, k) => (p.workerSteps[k]! += n));
        q.messages.forEach((t, k) => {
          const a = p.messages[k]!;
          a.toWorker += t.toWorker;
          a.toMain += t.toMain;
          a.idle += t.idle;
        });
      }
      one[0]!.push(await ones[0]!.time(steps));
      one[1]!.push(await ones[1]!.time(steps));
    }
    const l1 = load();
    for (const run of [...pools, ...ones]) await run.dispose();
    modes.forEach((mode, m) => {
      const p = ps[m]!;
      const rows = (thread: string, parts: PartTimes, steps: number): void => {
        const sum = { wall: 0, cpu: 0, queued: 0 };
        for (const [name, t] of Object.entries(parts)) {
          console.log(`| ${spec.name} | ${mode} | ${thread} | ${name} | ${ms(t.wall / steps)} | ${ms(t.cpu / steps)} | ${ms(t.queued / steps)} | ${l0} → ${l1} |`);
          sum.wall += t.wall;
          sum.cpu += t.cpu;
          sum.queued += t.queued;
        }
        console.log(`| ${spec.name} | ${mode} | ${thread} | **all** | ${ms(sum.wall / steps)} | ${ms(sum.cpu / steps)} | ${ms(sum.queued / steps)} | |`);
      };
      rows("main", p.main, p.steps);
      p.workers.forEach((w, k) => rows(`worker ${k + 1}`, w, p.workerSteps[k]!));
      if (mode === "gradients")
        p.messages.forEach((t, k) => {
          const per = (v: number): string => ms(v / p.steps);
          console.log(`| ${spec.name} | ${mode} | worker ${k + 1} | message in / reply back latency; idle between steps | ${per(t.toWorker)} / ${per(t.toMain)}; ${per(t.idle)} | – | – | |`);
        });
    });
    // One thread's step (forward, backward, loss read, Adam) in ms: process CPU, all its threads.
    const step = (k: number, b: number): string => `${ms((median(one[k]!.map((q) => q.wall)) * 1000 * b) / N)} | ${ms((median(one[k]!.map((q) => q.cpu)) * 1000 * b) / N)}`;
    console.log(`| ${spec.name} | – | 1 thread, batch ${small} | whole step | ${step(0, small)} | – | |`);
    console.log(`| ${spec.name} | – | 1 thread, batch ${batch} | whole step | ${step(1, batch)} | – | |`);
  }
}
