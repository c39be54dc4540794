/**
 * `npm run bench -- models --kernels [--only gsnn,fno1d] [--steps K] [--batches 1,20] [--loss mse|rel-l2]`: where a
 * training step's fixed cost goes (docs/operators.md §Data-parallel threads). One training step
 * (forward + backward + the one-call Adam, the training loss (MSE, or the trainer's default
 * relative L2 with --loss rel-l2), one loss read) of each model on the current
 * backend at each batch size, with every registered kernel of the backend wrapped by a timer:
 * kernel calls and kernel time per step by kernel name, and the rest of the step (tfjs's engine
 * per op: scopes, the gradient tape, kernel lookup, memory counters, plus the layers' own JS).
 * Wrapping adds two `performance.now()` per call (≈ 0.1 µs each), counted in the rest.
 * `--fit`: the step-cost fit a + c·b instead (benchStepFit below).
 */
import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs";
import { setFusedKernels, type FusedKernelFamily } from "../operators/index.js";
import { AdamW, makeLoss } from "../surrogates/index.js";
import type { ParallelSpec } from "./data-parallel.js";

interface Tally {
  calls: number;
  ms: number;
}

const wrapped = new WeakSet<object>();
let depth = 0;

/**
 * Wrap every kernel of `backend` not wrapped yet (the fused kernels register on first use, so
 * call it again after a warm-up) into `tally`.
 */
function instrument(backend: string, tally: Map<string, Tally>): void {
  for (const k of tf.getKernelsForBackend(backend)) {
    if (wrapped.has(k)) continue;
    wrapped.add(k);
    const f = k.kernelFunc;
    const t: Tally = { calls: 0, ms: 0 };
    tally.set(k.kernelName, t);
    // The registry returns this config object on every lookup, so the wrapper is what runs. A
    // kernel that runs other kernels' functions inside it (operators' fused GSNN block) counts
    // once, with its own time: only calls from outside any kernel are tallied.
    (k as { kernelFunc: tf.KernelFunc }).kernelFunc = ((a: Parameters<tf.KernelFunc>[0]) => {
      if (depth > 0) return f(a);
      const t0 = performance.now();
      depth++;
      try {
        return f(a);
      } finally {
        depth--;
        t.ms += performance.now() - t0;
        t.calls++;
      }
    }) as tf.KernelFunc;
  }
}

/** One training step of `spec` at batch b on fixed random data (forward, backward, Adam, one loss read), and its disposal. */
function trainStep(spec: ParallelSpec, b: number, loss: "mse" | "rel-l2"): { step: () => void; dispose: () => void } {
  const lossFn = makeLoss(loss, { grid: spec.grid, outChannels: 1, probabilistic: false });
  const model = spec.build();
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const opt = new AdamW(vars, { name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const shape = [b, ...spec.grid.shape, 1];
  const x = tf.randomNormal(shape, 0, 1, "float32", 1);
  const y = tf.randomNormal(shape, 0, 1, "float32", 2);
  const step = (): void => {
    const { value, grads } = tf.variableGrads(() => lossFn(model.apply(x, { training: true }) as tf.Tensor, y), vars);
    value.dataSync();
    opt.apply(vars.map((v) => grads[v.name]!), 1e-3);
    tf.dispose([value, ...Object.values(grads)]);
  };
  return { step, dispose: () => (tf.dispose([x, y]), opt.dispose(), model.dispose()) };
}

export async function benchStepKernels(specs: ParallelSpec[], batches: number[], steps: number, loss: "mse" | "rel-l2" = "mse"): Promise<void> {
  const backend = tf.getBackend();
  const tally = new Map<string, Tally>();
  console.log(`\nstep kernels (${backend}): per training step (forward + backward + Adam, ${loss}), mean of ${steps} steps after 10 warm-up`);
  for (const spec of specs) {
    for (const batch of batches) {
      const { step, dispose } = trainStep(spec, batch, loss);
      for (let k = 0; k < 10; k++) step();
      instrument(backend, tally);
      for (const t of tally.values()) (t.calls = 0), (t.ms = 0);
      const t0 = performance.now();
      for (let k = 0; k < steps; k++) step();
      const total = (performance.now() - t0) / steps;
      const rows = [...tally.entries()].filter(([, t]) => t.calls > 0).sort((a, b) => b[1].ms - a[1].ms);
      const calls = rows.reduce((s, [, t]) => s + t.calls, 0) / steps;
      const kms = rows.reduce((s, [, t]) => s + t.ms, 0) / steps;
      console.log(`\n${spec.name}, batch ${batch}: step ${total.toFixed(2)} ms; ${calls.toFixed(0)} kernel calls, ${kms.toFixed(2)} ms in kernels; the rest ${(total - kms).toFixed(2)} ms (${(((total - kms) / calls) * 1000).toFixed(1)} µs per call)`);
      console.log("| kernel | calls | ms | µs per call |");
      console.log("|---|---|---|---|");
      for (const [name, t] of rows) console.log(`| ${name} | ${(t.calls / steps).toFixed(1)} | ${(t.ms / steps).toFixed(3)} | ${((t.ms / t.calls) * 1000).toFixed(1)} |`);
      dispose();
    }
  }
}

/**
 * `--kernels --fit [--batches 5,10,20,40] [--off fourier,...] [--steps K] [--rounds R] [--loss L]`: one
 * thread's process CPU per training step at each batch b (median of R runs of K steps after 15
 * warm-up, and 100 untimed steps before a model's first batch), and the least-squares fit a + c·b:
 * the fixed cost a that every data-parallel thread pays whatever its shard (docs/operators.md §Where a step's fixed cost goes). With `--off`, the
 * same with those kernel families switched off, the two variants alternating run by run, so both
 * see the same load. Also the CPU of V8's helper threads per step (process CPU less this
 * thread's); run under `node --single-threaded --import tsx bench/run.ts ...` (or another V8
 * flag) to compare.
 */
export async function benchStepFit(specs: ParallelSpec[], batches: number[], steps: number, rounds: number, off: FusedKernelFamily[], loss: "mse" | "rel-l2" = "mse"): Promise<void> {
  const variants: [string, Partial<Record<FusedKernelFamily, boolean>>][] = [["fused", Object.fromEntries(off.map((f) => [f, true]))]];
  if (off.length) variants.push([`without ${off.join(",")}`, Object.fromEntries(off.map((f) => [f, false]))]);
  const load = (): string => os.loadavg()[0]!.toFixed(1);
  // This thread's CPU (Linux schedstat; NaN elsewhere): the rest of the process CPU is V8's
  // helper threads (collector, compilers), which compete with the compute threads on 2 cores.
  const threadMs = (): number => {
    try {
      return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
    } catch {
      return NaN;
    }
  };
  const flags = process.execArgv.filter((a) => a.startsWith("--") && a !== "--import" && a !== "--require" && !a.includes("tsx"));
  console.log(`\nstep-cost fit (${tf.getBackend()}${flags.length ? `, node ${flags.join(" ")}` : ""}, ${loss}): process CPU ms per step, median of ${rounds} runs of ${steps} steps after 15 warm-up (100 more before the first batch); a + c·b by least squares; helpers = process CPU − this thread's, ms per step at each b`);
  console.log(`| model | variant | ${batches.map((b) => `b = ${b}`).join(" | ")} | a (ms) | c (ms/sample) | T(20)/T(10), fit | helpers | load |`);
  console.log(`|---|---|${batches.map(() => "---|").join("")}---|---|---|---|---|`);
  for (const spec of specs) {
    // A fresh process compiles tfjs's and the kernels' hot code on V8's helper threads over its
    // first ~100 steps (measured: 2 ms of helper CPU per step more at the first batch timed after
    // 15 warm-up steps than at the later ones); the first batch would carry that, so a model's
    // fit starts with 100 untimed steps at its first batch.
    const pre = trainStep(spec, batches[0]!, loss);
    for (let k = 0; k < 100; k++) pre.step();
    pre.dispose();
    const l0 = load();
    const cpu = variants.map(() => batches.map(() => [] as number[]));
    const helpers = variants.map(() => batches.map(() => [] as number[]));
    for (const [j, b] of batches.entries()) {
      // One model per variant, built and warmed up under its switches; runs alternate.
      const runs = variants.map(([, flags]) => {
        setFusedKernels(flags);
        const run = trainStep(spec, b, loss);
        for (let k = 0; k < 15; k++) run.step();
        return { flags, ...run };
      });
      for (let r = 0; r < rounds; r++)
        runs.forEach((run, v) => {
          setFusedKernels(run.flags);
          const u = process.cpuUsage();
          const t0 = threadMs();
          for (let k = 0; k < steps; k++) run.step();
          const t1 = threadMs();
          const d = process.cpuUsage(u);
          cpu[v]![j]!.push((d.user + d.system) / 1000 / steps);
          helpers[v]![j]!.push(((d.user + d.system) / 1000 - (t1 - t0)) / steps);
        });
      runs.forEach((run) => run.dispose());
    }
    setFusedKernels(Object.fromEntries(off.map((f) => [f, true])));
    variants.forEach(([name], v) => {
      const med = (xs: number[]): number => xs.sort((p, q) => p - q)[xs.length >> 1]!;
      const t = cpu[v]!.map(med);
      const h = helpers[v]!.map(med);
      const n = batches.length;
      const mb = batches.reduce((s, b) => s + b, 0) / n;
      const mt = t.reduce((s, q) => s + q, 0) / n;
      const c = batches.reduce((s, b, i) => s + (b - mb) * (t[i]! - mt), 0) / batches.reduce((s, b) => s + (b - mb) ** 2, 0);
      const a = mt - c * mb;
      console.log(`| ${spec.name} | ${name} | ${t.map((q) => q.toFixed(1)).join(" | ")} | ${a.toFixed(1)} | ${c.toFixed(2)} | ${((a + 20 * c) / (a + 10 * c)).toFixed(2)} | ${h.map((q) => q.toFixed(2)).join(" / ")} | ${l0} → ${load()} |`);
    });
  }
}
