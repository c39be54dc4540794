/**
 * Training and inference figures of the project's models on the webgpu backend, with what each
 * training step costs the host, counted (docs/gpu.md). Used by `npm run bench -- models
 * --backends webgpu` and by the GPU bundle (bench/gpu/entry.ts).
 *
 * A step is the trainer's: upload the batch from JS, loss and gradients, the global gradient
 * norm, one asynchronous read of [loss, norm], AdamW (the fused webgpu kernels). Per model:
 * - s/epoch (50 steps) awaiting every step's read, as `pdes train` does, and "pipelined"
 *   (one read at the end): the gap is the GPU time the host waits for;
 * - host ms/step: the time to record one step (no waiting);
 * - inference ms/sample at batch 100;
 * - per step: dispatches, uploads, submits, reads (core's webgpu counters); shader compiles of
 *   the first step;
 * - optionally (--profile) the GPU time per kernel of one step (timestamp queries).
 * A software adapter (SwiftShader) gets small shapes: it emulates the GPU on the CPU.
 */
import * as tf from "@tensorflow/tfjs";
import { attachWebGpuCounter, makeGrid, Rng, selectBackend, type Grid, type WebGpuCounts } from "../../core/index.js";
import { buildGsnn } from "../../gsnn/index.js";
import { countParameters } from "../../operators/index.js";
import { buildFno, buildMlp } from "../../operators/baselines.js";
import { AdamW, globalNorm, makeLoss } from "../../surrogates/index.js";

export interface WebGpuBenchOptions {
  /** Timed steps per model (after two warm-up steps). */
  steps?: number;
  only?: string[];
  /** Small shapes (automatic on a software adapter). */
  small?: boolean;
  /** GPU time per kernel of one step (needs timestamp queries). */
  profile?: boolean;
  /** Stop starting new models after this many seconds. */
  budgetS?: number;
  log?: (line: string) => void;
}

export interface WebGpuBenchRow {
  model: string;
  setting: string;
  params: number;
  epochS: number;
  epochPipelinedS: number;
  hostMsPerStep: number;
  firstStepS: number;
  inferMsPerSample: number;
  perStep: WebGpuCounts;
  firstStepCompiles: number;
  kernelMs?: Array<[string, number]>;
}

interface Case {
  model: string;
  setting: string;
  grid: Grid;
  build: (grid: Grid) => tf.LayersModel;
}

/** The reference shapes; small: the same depths (so the same dispatch counts) at toy sizes. */
function cases(small: boolean): Case[] {
  const n = small ? 32 : 256;
  const m = small ? 8 : 64;
  const w = small ? 8 : 32;
  const g1 = makeGrid({ shape: [n] });
  const g2 = makeGrid({ shape: [m, m], bc: "dirichlet" });
  const ctx = (grid: Grid) => ({ grid, inChannels: 1, outChannels: 1 });
  const s1 = `1-D n=${n}`;
  const s2 = `Darcy 2-D ${m}²`;
  return [
    { model: "fno", setting: s1, grid: g1, build: (g) => buildFno({ width: w, modes: small ? 8 : 16, depth: 4, seed: 1 }, ctx(g)) },
    { model: "mlp", setting: s1, grid: g1, build: (g) => buildMlp({ hidden: small ? [64, 64] : [512, 512], seed: 1 }, ctx(g)) },
    { model: "gsnn", setting: s1, grid: g1, build: (g) => buildGsnn({ width: w, depth: 4, linearPathTaus: 0, seed: 1 }, ctx(g)) },
    { model: "fno", setting: s2, grid: g2, build: (g) => buildFno({ width: w, modes: small ? 3 : 12, depth: 4, seed: 1 }, ctx(g)) },
  ];
}

const N = 1000;
const BATCH = 20;
const STEPS_PER_EPOCH = N / BATCH;
const INFER_BATCH = 100;

export async function benchWebGpuModels(opts: WebGpuBenchOptions = {}): Promise<{ rows: WebGpuBenchRow[]; adapter: string; skipped: string[] }> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  const info = await selectBackend("webgpu", { quiet: true });
  const software = info.adapter?.software ?? false;
  const small = opts.small ?? software;
  const adapter = `${info.adapter?.description || info.adapter?.device || "?"} (${info.adapter?.vendor ?? "?"}, ${info.adapter?.architecture ?? "?"})${software ? ", software" : ""}`;
  log(`webgpu on ${adapter}${small ? "; small shapes" : ""}`);
  const steps = opts.steps ?? (software ? 1 : 20);
  const t0 = performance.now();
  const rows: WebGpuBenchRow[] = [];
  const skipped: string[] = [];
  for (const c of cases(small)) {
    const name = `${c.model} ${c.setting}`;
    if (opts.only && !opts.only.some((o) => name.startsWith(o))) continue;
    if (opts.budgetS !== undefined && (performance.now() - t0) / 1000 > opts.budgetS) {
      skipped.push(`${name} (time budget)`);
      continue;
    }
    log(`  ${name}...`);
    rows.push(await benchOne(c, steps, opts.profile === true, small ? 100 : N));
    const r = rows.at(-1)!;
    log(`  ${name}: ${r.epochS.toFixed(3)} s/epoch, pipelined ${r.epochPipelinedS.toFixed(3)}, host ${r.hostMsPerStep.toFixed(1)} ms/step, ${r.perStep.dispatches} dispatches/step, inference ${r.inferMsPerSample.toFixed(4)} ms/sample`);
  }
  return { rows, adapter, skipped };
}

async function benchOne(c: Case, steps: number, profile: boolean, samples: number): Promise<WebGpuBenchRow> {
  const model = c.build(c.grid);
  const pts = c.grid.shape.reduce((a, b) => a * b, 1);
  const rng = new Rng(3);
  const xs = Float32Array.from({ length: samples * pts }, () => rng.normal());
  const ys = Float32Array.from({ length: samples * pts }, () => rng.normal());
  const shape = [...c.grid.shape, 1];
  const lossFn = makeLoss("mse", { grid: c.grid, outChannels: 1, probabilistic: false });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const opt = new AdamW(vars, { name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const batches = samples / BATCH;
  /** Record one trainer step; returns the [loss, norm] tensor to read. */
  const record = (i: number): tf.Tensor => {
    const b = i % batches;
    const x = tf.tensor(xs.subarray(b * BATCH * pts, (b + 1) * BATCH * pts), [BATCH, ...shape]);
    const y = tf.tensor(ys.subarray(b * BATCH * pts, (b + 1) * BATCH * pts), [BATCH, ...shape]);
    const { value, grads } = tf.variableGrads(() => lossFn(model.apply(x, { training: true }) as tf.Tensor, y), vars);
    const g = vars.map((v) => grads[v.name]!);
    const read = tf.tidy(() => tf.stack([value, globalNorm(g)]));
    opt.apply(g, 1e-3);
    tf.dispose([x, y, value, ...g]);
    return read;
  };
  const step = async (i: number) => {
    const r = record(i);
    await r.data();
    r.dispose();
  };
  const ctr = attachWebGpuCounter();
  const tFirst = performance.now();
  await step(0);
  const firstStepS = (performance.now() - tFirst) / 1000;
  const firstStepCompiles = ctr.snapshot().compiles;
  await step(1);
  ctr.reset();
  let t = performance.now();
  for (let i = 0; i < steps; i++) await step(i + 2);
  const epochS = ((performance.now() - t) / 1000 / steps) * STEPS_PER_EPOCH;
  const c1 = ctr.snapshot();
  const perStep = Object.fromEntries(Object.entries(c1).map(([k, v]) => [k, v / steps])) as unknown as WebGpuCounts;
  // Pipelined: record every step, read only the last.
  t = performance.now();
  let host = 0;
  const pending: tf.Tensor[] = [];
  for (let i = 0; i < steps; i++) {
    const h = performance.now();
    pending.push(record(i + 2));
    host += performance.now() - h;
  }
  await pending.at(-1)!.data();
  tf.dispose(pending);
  const epochPipelinedS = ((performance.now() - t) / 1000 / steps) * STEPS_PER_EPOCH;
  let kernelMs: Array<[string, number]> | undefined;
  if (profile) {
    const p = await tf.profile(async () => {
      const r = record(0);
      await r.data();
      r.dispose();
    });
    const by = new Map<string, number>();
    for (const k of p.kernels) by.set(k.name, (by.get(k.name) ?? 0) + (typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0));
    kernelMs = [...by.entries()].sort((a, b) => b[1] - a[1]);
  }
  ctr.detach();
  // Inference at batch 100, read asynchronously.
  const nb = Math.min(INFER_BATCH, samples);
  const xb = tf.tensor(xs.subarray(0, nb * pts), [nb, ...shape]);
  const infer = async () => {
    const p = model.predict(xb) as tf.Tensor;
    await p.data();
    p.dispose();
  };
  await infer();
  t = performance.now();
  const reps = Math.max(2, Math.min(10, steps));
  for (let i = 0; i < reps; i++) await infer();
  const inferMsPerSample = (performance.now() - t) / reps / nb;
  xb.dispose();
  const params = countParameters(model);
  opt.dispose();
  model.dispose();
  return {
    model: c.model,
    setting: c.setting,
    params,
    epochS,
    epochPipelinedS,
    hostMsPerStep: host / steps,
    firstStepS,
    inferMsPerSample,
    perStep,
    firstStepCompiles,
    ...(kernelMs ? { kernelMs } : {}),
  };
}

/** Markdown table of the rows. */
export function webgpuTable(rows: readonly WebGpuBenchRow[]): string {
  const out = [
    "| model | setting | params | s/epoch (read each step) | s/epoch pipelined | host ms/step | first step s (compiles) | inference ms/sample | dispatches/step | uploads/step | submits/step |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows)
    out.push(
      `| ${r.model} | ${r.setting} | ${r.params} | ${r.epochS.toFixed(3)} | ${r.epochPipelinedS.toFixed(3)} | ${r.hostMsPerStep.toFixed(1)} | ${r.firstStepS.toFixed(1)} (${r.firstStepCompiles}) | ${r.inferMsPerSample.toFixed(4)} | ${r.perStep.dispatches.toFixed(0)} | ${r.perStep.uploads.toFixed(0)} | ${r.perStep.submits.toFixed(0)} |`,
    );
  return out.join("\n");
}
