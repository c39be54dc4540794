/**
 * `npm run bench -- models [--backends wasm,cpu] [--batches K] [--quick] [--only fno,mlp]
 * [--setting heat|darcy]` (`--backends` defaults to PDES_BACKEND when set, else wasm,cpu)
 *
 * Training seconds per epoch and inference seconds per sample of every baseline on the two
 * reference settings of issue 6, per backend:
 * - 1-D heat: n = 256, 1000 samples, batch 20 (FNO width 32, modes 16, depth 4);
 * - 2-D Darcy-sized: 64², 1000 samples, batch 20 (FNO width 32, modes 12, depth 4).
 * One epoch = 50 Adam steps on the MSE; it is timed over K steps after 2 warm-up steps and
 * scaled to 50 (the table says K). Ridge "training" is its closed-form Float64 fit.
 * Wall and CPU (user + system of this process) times are both given: on a shared machine the
 * CPU time is the steadier figure. "matMul GFLOP/s" counts the FLOPs of the matMul kernels of
 * one training step (from a tf.profile of that step) over the step's CPU time; "% peak"
 * divides by the rate of a plain 512×512 matMul measured on the same backend just before.
 * "fno (stock grads)" is the same FNO with tfjs's own matMul gradients, for an A/B comparison.
 */
import * as tf from "@tensorflow/tfjs";
import { makeGrid, resolveBackendPreference, selectBackend, type Grid } from "../core/index.js";
import { countParameters, setFastMatMulGradients } from "../operators/index.js";
import { buildDeepOnet, buildFno, buildMlp, fitRidgeModel } from "../operators/baselines.js";

interface Setting {
  name: string;
  grid: Grid;
  fno: { width: number; modes: number };
}
const SETTINGS: Setting[] = [
  { name: "heat 1-D n=256", grid: makeGrid({ shape: [256] }), fno: { width: 32, modes: 16 } },
  { name: "Darcy 2-D 64²", grid: makeGrid({ shape: [64, 64], bc: "dirichlet" }), fno: { width: 32, modes: 12 } },
];
const N = 1000;
const BATCH = 20;
const STEPS_PER_EPOCH = N / BATCH;

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function matmulPeak(): number {
  const M = 512;
  const a = tf.randomNormal([M, M]);
  const b = tf.randomNormal([M, M]);
  // dataSync outside tidy: tidy walks a returned typed array element by element.
  const once = () => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  };
  once();
  const reps = tf.getBackend() === "cpu" ? 2 : 10;
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) once();
  const cu = process.cpuUsage(c0);
  const s = (cu.user + cu.system) / 1e6 / reps;
  tf.dispose([a, b]);
  return (2 * M ** 3) / s / 1e9;
}

/** FLOPs of the matMul kernels in a profile (batch · a·b·c·d / contraction). */
function matmulFlops(kernels: { name: string; inputShapes: number[][] }[]): number {
  let f = 0;
  for (const k of kernels) {
    if (k.name !== "BatchMatMul" && k.name !== "_FusedMatMul") continue;
    const [A, B] = k.inputShapes as [number[], number[]];
    if (!A || !B) continue;
    const [a, b] = A.slice(-2) as [number, number];
    const [c, d] = B.slice(-2) as [number, number];
    const batch = Math.max(A.slice(0, -2).reduce((p, q) => p * q, 1), B.slice(0, -2).reduce((p, q) => p * q, 1));
    const kdim = b === c ? b : a === c ? a : b === d ? b : a;
    f += (2 * batch * a * b * c * d) / kdim;
  }
  return f;
}

interface Row {
  backend: string;
  setting: string;
  model: string;
  params: number;
  epochS: number | null;
  epochCpuS: number | null;
  steps: number;
  inferMs: number;
  gflops: number | null;
  peakFrac: number | null;
}

async function benchModel(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, steps: number): Promise<{ epochS: number; epochCpuS: number; inferMs: number; gflops: number }> {
  const opt = tf.train.adam(1e-3);
  const batch = (i: number) => [x.slice(i * BATCH, BATCH), y.slice(i * BATCH, BATCH)] as const;
  const step = (i: number) => {
    const [xb, yb] = batch(i % STEPS_PER_EPOCH);
    const loss = opt.minimize(() => tf.mean(tf.square(tf.sub(model.apply(xb, { training: true }) as tf.Tensor, yb))) as tf.Scalar, true)!;
    loss.dataSync();
    tf.dispose([xb, yb, loss]);
  };
  step(0);
  step(1);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step(i + 2);
  const stepS = (performance.now() - t0) / 1000 / steps;
  const cu = process.cpuUsage(c0);
  const stepCpuS = (cu.user + cu.system) / 1e6 / steps;
  const prof = await tf.profile(() => step(3));
  const flops = matmulFlops(prof.kernels as unknown as { name: string; inputShapes: number[][] }[]);
  opt.dispose();
  const xb = x.slice(0, BATCH);
  const infer = () => {
    const p = model.predict(xb) as tf.Tensor;
    p.dataSync();
    p.dispose();
  };
  infer();
  const t1 = performance.now();
  const reps = Math.max(2, Math.ceil(steps / 2));
  for (let i = 0; i < reps; i++) infer();
  const inferMs = (performance.now() - t1) / reps / BATCH;
  xb.dispose();
  return { epochS: stepS * STEPS_PER_EPOCH, epochCpuS: stepCpuS * STEPS_PER_EPOCH, inferMs, gflops: flops / stepCpuS / 1e9 };
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  // Default: the backend PDES_BACKEND names (e.g. a GPU check), else wasm and cpu (core's resolver).
  const backends = arg(args, "--backends")?.split(",") ?? (process.env.PDES_BACKEND ? [resolveBackendPreference()] : ["wasm", "cpu"]);
  const only = arg(args, "--only")?.split(",");
  const settingFilter = arg(args, "--setting")?.toLowerCase(); // "heat" or "darcy"
  const rows: Row[] = [];
  const peaks: Record<string, number> = {};
  for (const be of backends) {
    const info = await selectBackend(be);
    const peak = matmulPeak();
    peaks[be] = peak;
    console.error(`${info.preference}: 512² matMul ${peak.toFixed(2)} GFLOP/s`);
    for (const st of SETTINGS) {
      if (settingFilter && !st.name.toLowerCase().startsWith(settingFilter)) continue;
      const two = st.grid.shape.length === 2;
      const steps = Number(arg(args, "--batches") ?? (quick ? 2 : be === "cpu" ? (two ? 2 : 4) : two ? 4 : 10));
      const ctx = { grid: st.grid, inChannels: 1, outChannels: 1 };
      const x = tf.randomNormal([N, ...st.grid.shape, 1], 0, 1, "float32", 1);
      const y = tf.randomNormal([N, ...st.grid.shape, 1], 0, 1, "float32", 2);
      const builders: Array<[string, () => tf.LayersModel]> = [
        ["fno", () => buildFno({ width: st.fno.width, modes: st.fno.modes, depth: 4, seed: 1 }, ctx)],
        ["fno (gelu_tanh)", () => buildFno({ width: st.fno.width, modes: st.fno.modes, depth: 4, activation: "gelu_tanh", seed: 1 }, ctx)],
        // A/B: the same FNO with tfjs's stock matMul gradients (what a straightforward port gets).
        ["fno (stock grads)", () => buildFno({ width: st.fno.width, modes: st.fno.modes, depth: 4, seed: 1 }, ctx)],
        ["deeponet", () => buildDeepOnet({ seed: 1 }, ctx)],
        ["mlp", () => buildMlp({ hidden: [512, 512], seed: 1 }, ctx)],
      ];
      for (const [name, make] of builders) {
        if (only && !only.some((o) => name.startsWith(o))) continue;
        const model = make();
        setFastMatMulGradients(!name.includes("stock"));
        const r = await benchModel(model, x, y, steps);
        setFastMatMulGradients(true);
        rows.push({ backend: be, setting: st.name, model: name, params: countParameters(model), epochS: r.epochS, epochCpuS: r.epochCpuS, steps, inferMs: r.inferMs, gflops: r.gflops, peakFrac: r.gflops / peak });
        console.error(`  ${st.name} ${name}: ${r.epochS.toFixed(2)} s/epoch wall, ${r.epochCpuS.toFixed(2)} s CPU`);
        model.dispose();
      }
      if ((!only || only.includes("ridge")) && !two) {
        // Closed-form fit on the 1000 samples (Float64, JS), then the frozen model's inference.
        const t0 = performance.now();
        const xd = Float64Array.from(x.dataSync());
        const yd = Float64Array.from(y.dataSync());
        const { model } = fitRidgeModel({ data: xd, shape: x.shape }, { data: yd, shape: y.shape }, { lambda: 1e-6 }, ctx);
        const fitS = (performance.now() - t0) / 1000;
        const xb = x.slice(0, BATCH);
        const t1 = performance.now();
        for (let i = 0; i < 10; i++) {
          const p = model.predict(xb) as tf.Tensor;
          p.dataSync();
          p.dispose();
        }
        const inferMs = (performance.now() - t1) / 10 / BATCH;
        rows.push({ backend: be, setting: st.name, model: "ridge (fit)", params: st.grid.shape[0]! ** 2 + st.grid.shape[0]!, epochS: fitS, epochCpuS: null, steps: 0, inferMs, gflops: null, peakFrac: null });
        tf.dispose([xb]);
        model.dispose();
      }
      tf.dispose([x, y]);
    }
  }
  console.log(`| backend | setting | model | params | s/epoch wall (from K steps) | s/epoch CPU | inference ms/sample | matMul GFLOP/s (CPU time) | % of matMul peak |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows)
    console.log(
      `| ${r.backend} | ${r.setting} | ${r.model} | ${r.params} | ${r.epochS === null ? "n/a" : r.epochS.toFixed(2)}${r.steps ? ` (K=${r.steps})` : " (fit)"} | ${r.epochCpuS === null ? "n/a" : r.epochCpuS.toFixed(2)} | ${r.inferMs.toFixed(3)} | ${r.gflops === null ? "n/a" : r.gflops.toFixed(2)} | ${r.peakFrac === null ? "n/a" : (100 * r.peakFrac).toFixed(0) + "%"} |`,
    );
  console.log(`\nmatMul peak (512²): ${Object.entries(peaks).map(([b, p]) => `${b} ${p.toFixed(2)} GFLOP/s`).join(", ")}`);
}
