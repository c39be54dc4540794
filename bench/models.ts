/**
 * `npm run bench -- models [--backends wasm,cpu] [--only gsnn,fno1d,fno2d,mlp,deeponet]
 * [--steps K] [--rounds R] [--quick] [--no-torch] [--ablate] [--tta [--epochs E]] [--workers W [--mode M]] [--kernels]`
 * (`--backends` defaults to PDES_BACKEND when set, else wasm)
 *
 * Training seconds per epoch (1000 samples, batch 20: 50 steps of the project's AdamW in Adam
 * mode, lr 1e−3, MSE, one loss read-back per step as the trainer does) of each model, one
 * worker (this process, one thread), timed over K steps after 2 warm-up steps and scaled to 50:
 * - gsnn: deep GSNN on the 1-D heat grid n = 256, width 32, depth 4, no linear path;
 * - fno1d: FNO-1D n = 256, width 32, modes 16, depth 4; fno2d: FNO-2D Darcy 64², width 32,
 *   modes 12, depth 4 (9 points of padding, as the 2-D script); mlp: 256 → 512 → 512 → 256;
 * - deeponet: the DeepXDE-sized default (no PyTorch twin here);
 * - gsnn-block (only when named): the gsnn with each block one fused op (bench/gsnn-block-twin.ts).
 * Right after each model, python3 with torch (Debian python3-torch) runs the same shapes on one
 * thread (bench/torch-models.py; torch, OpenMP and BLAS all limited to one thread), so both see the same machine load; the ratio is ours / torch,
 * on CPU time (user + system of each process: the steadier figure on a shared machine) and on
 * wall time. Without torch the PyTorch columns say why. The 1-minute load average is printed
 * beside every row. `--tta`: time to accuracy on heat1d (bench/time-to-accuracy.ts).
 * `--ablate`: what each fused kernel family buys: every model of --only (default gsnn, fno1d)
 * timed with all families on, each one off in turn, all off, and all off with tfjs's stock
 * matMul gradients (setFusedKernels / setFastMatMulGradients), the variants alternating.
 * Timings are medians over `--rounds` (default 3 on 1-D, 1 on 2-D; each round K steps): on a
 * shared machine single runs vary by ±25 %.
 * `--kernels [--batches 1,20]`: instead of the table above, kernel calls and time per training
 * step by kernel name, and the rest of the step (bench/step-kernels.ts; --only defaults to
 * gsnn, fno1d, --steps to 20). `--kernels --fit [--batches 5,10,20,40] [--off FAMILIES] [--rounds R]`:
 * one thread's CPU per step at each batch and the fit a + c·b, with the families of --off
 * switched off alternating with them on; `--loss rel-l2` takes the trainer's default loss in both
 * (bench/step-kernels.ts).
 * `--workers W [--profile [--batch B]] [--mode step|gradients|both]`: instead of the table above,
 * s/epoch with W data-parallel threads against one, strong and weak scaling, or where a step
 * goes at batch B (default 20) split W ways (bench/data-parallel.ts; --only defaults to gsnn,
 * fno1d there, --steps to 20 and --rounds to 5); `--mode`: the replicated step (default), the
 * gradients mode, or both side by side. The scaling table comes with two more baselines timed in
 * the same rounds: one core (the one-thread loop pinned with taskset -c 0) and the ceiling (W
 * one-thread loops in independent processes at once; bench/data-parallel-baselines.ts).
 */
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { makeGrid, resolveBackendPreference, selectBackend, type Grid } from "../core/index.js";
import { buildGsnn } from "../gsnn/index.js";
import { countParameters, setFastMatMulGradients, setFusedKernels, type FusedKernelFamily } from "../operators/index.js";
import { buildDeepOnet, buildFno, buildMlp } from "../operators/baselines.js";
import { AdamW, makeLoss } from "../surrogates/index.js";
import { findPython } from "../__tests__/python.js";
import { buildGsnnBlockTwin } from "./gsnn-block-twin.js";

const N = 1000;
const BATCH = 20;
const STEPS_PER_EPOCH = N / BATCH;
const HEAT = makeGrid({ shape: [256] });
const DARCY = makeGrid({ shape: [64, 64], bc: "dirichlet" });

interface Spec {
  name: string;
  torch: string | null;
  grid: Grid;
  build: () => tf.LayersModel;
  /** Runs only when --only names it. */
  named?: boolean;
}
const ctx = (grid: Grid) => ({ grid, inChannels: 1, outChannels: 1 });
const SPECS: Spec[] = [
  { name: "gsnn", torch: "gsnn", grid: HEAT, build: () => buildGsnn({ width: 32, depth: 4, linearPathTaus: 0, seed: 1 }, ctx(HEAT)) },
  { name: "fno1d", torch: "fno1d", grid: HEAT, build: () => buildFno({ width: 32, modes: 16, depth: 4, seed: 1 }, ctx(HEAT)) },
  { name: "fno2d", torch: "fno2d", grid: DARCY, build: () => buildFno({ width: 32, modes: 12, depth: 4, seed: 1 }, ctx(DARCY)) },
  { name: "mlp", torch: "mlp", grid: HEAT, build: () => buildMlp({ hidden: [512, 512], seed: 1 }, ctx(HEAT)) },
  { name: "deeponet", torch: null, grid: HEAT, build: () => buildDeepOnet({ seed: 1 }, ctx(HEAT)) },
  // Only when named in --only: the GSNN with fused blocks (bench/gsnn-block-twin.ts).
  { name: "gsnn-block", torch: null, grid: HEAT, build: () => buildGsnnBlockTwin(HEAT), named: true },
];

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = (): string => os.loadavg()[0]!.toFixed(1);

interface Timer {
  /** s/epoch (wall, CPU) over `steps` training steps. */
  time(steps: number): { wall: number; cpu: number };
  dispose(): void;
}

/** The project's training step (AdamW, MSE, one read-back) on random data, ready to time. */
function ourTimer(model: tf.LayersModel, grid: Grid): Timer {
  const x = tf.randomNormal([N, ...grid.shape, 1], 0, 1, "float32", 1);
  const y = tf.randomNormal([N, ...grid.shape, 1], 0, 1, "float32", 2);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const opt = new AdamW(vars, { name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const mse = makeLoss("mse", { grid, outChannels: 1, probabilistic: false });
  let i = 0;
  const step = (): void => {
    const b = i++ % STEPS_PER_EPOCH;
    const [xb, yb] = [x.slice(b * BATCH, BATCH), y.slice(b * BATCH, BATCH)];
    const { value, grads } = tf.variableGrads(() => mse(model.apply(xb, { training: true }) as tf.Tensor, yb), vars);
    value.dataSync();
    opt.apply(vars.map((v) => grads[v.name]!), 1e-3);
    tf.dispose([xb, yb, value, ...Object.values(grads)]);
  };
  step();
  step();
  return {
    time(steps: number) {
      const c0 = cpuSeconds();
      const t0 = performance.now();
      for (let k = 0; k < steps; k++) step();
      return { wall: ((performance.now() - t0) / 1000 / steps) * STEPS_PER_EPOCH, cpu: ((cpuSeconds() - c0) / steps) * STEPS_PER_EPOCH };
    },
    dispose() {
      opt.dispose();
      tf.dispose([x, y]);
      model.dispose();
    },
  };
}

const median = (v: number[]): number => {
  const s = v.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface TorchRow {
  epochS: number;
  epochCpuS: number;
  params: number;
}

/** The PyTorch twin of one model, or the reason it did not run. */
function timeTorch(py: string | null, model: string, steps: number, skipped: boolean): TorchRow | string {
  if (skipped) return "PyTorch skipped (--no-torch)";
  if (!py) return "python3 with torch not found";
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "torch-models.py");
  // One thread: torch.set_num_threads(1) in the script covers torch's own pool; the BLAS
  // behind a distribution build (OpenBLAS here) and OpenMP take these variables.
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const r = spawnSync(py, [script], { input: JSON.stringify({ models: [model], steps }), encoding: "utf8", maxBuffer: 1 << 24, env });
  if (r.status !== 0) return `torch run failed: ${(r.stderr || "").trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as TorchRow;
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  // Default: the backend PDES_BACKEND names (e.g. a GPU check), else wasm (core's resolver).
  let backends = arg(args, "--backends")?.split(",") ?? (process.env.PDES_BACKEND ? [resolveBackendPreference()] : ["wasm"]);
  const only = arg(args, "--only")?.split(",");
  if (backends.includes("webgpu")) {
    // GPU figures read back asynchronously and count the host work per step (docs/gpu.md).
    const { benchWebGpuModels, webgpuTable } = await import("./gpu/webgpu-models.js");
    const batches = arg(args, "--batches");
    const r = await benchWebGpuModels({ ...(batches ? { steps: Number(batches) } : {}), ...(only ? { only } : {}), ...(quick ? { small: true } : {}), profile: args.includes("--profile") });
    console.log(`webgpu on ${r.adapter}\n${webgpuTable(r.rows)}\n`);
    backends = backends.filter((b) => b !== "webgpu");
    if (backends.length === 0) return;
  }
  const child = arg(args, "--loop-child");
  if (child !== undefined) {
    // A baseline child of `--workers` (bench/data-parallel-baselines.ts): the one-thread loop, timed over stdin.
    const spec = SPECS.find((s) => s.name === child);
    if (!spec) throw new Error(`--loop-child: no model ${child}`);
    await selectBackend(backends[0]!);
    const { serveLoop } = await import("./data-parallel.js");
    await serveLoop(spec);
    return;
  }
  if (args.includes("--kernels")) {
    const { benchStepFit, benchStepKernels } = await import("./step-kernels.js");
    for (const be of backends) {
      await selectBackend(be);
      const names = only ?? ["gsnn", "fno1d"];
      const loss = arg(args, "--loss") ?? "mse";
      if (loss !== "mse" && loss !== "rel-l2") throw new Error(`--loss must be mse or rel-l2, got ${loss}`);
      if (args.includes("--fit")) {
        const off = (arg(args, "--off") ?? "").split(",").filter(Boolean) as FusedKernelFamily[];
        const batches = (arg(args, "--batches") ?? "5,10,20,40").split(",").map(Number);
        await benchStepFit(SPECS.filter((s) => names.includes(s.name)), batches, Number(arg(args, "--steps") ?? 20), Number(arg(args, "--rounds") ?? 3), off, loss);
        continue;
      }
      await benchStepKernels(SPECS.filter((s) => names.includes(s.name)), (arg(args, "--batches") ?? "1,20").split(",").map(Number), Number(arg(args, "--steps") ?? 20), loss);
    }
    return;
  }
  const workers = arg(args, "--workers");
  if (workers !== undefined) {
    const { benchDataParallel } = await import("./data-parallel.js");
    for (const be of backends) {
      await selectBackend(be);
      const names = only ?? ["gsnn", "fno1d"];
      const mode = arg(args, "--mode") ?? "step";
      if (!["step", "gradients", "both"].includes(mode)) throw new Error(`--mode must be step, gradients or both, got ${mode}`);
      await benchDataParallel(SPECS.filter((s) => names.includes(s.name)), {
        workers: Number(workers),
        steps: Number(arg(args, "--steps") ?? 20),
        rounds: Number(arg(args, "--rounds") ?? 5),
        profile: args.includes("--profile"),
        modes: mode === "both" ? ["gradients", "step"] : [mode as "step" | "gradients"],
        ...(arg(args, "--batch") !== undefined ? { batch: Number(arg(args, "--batch")) } : {}),
      });
    }
    return;
  }
  const py = args.includes("--no-torch") ? null : findPython(["torch"]);
  if (!py && !args.includes("--no-torch")) console.error("models: python3 with torch not found; PyTorch columns skipped");
  const rows: string[] = [];
  for (const be of backends) {
    const info = await selectBackend(be);
    console.error(`backend ${info.name}`);
    for (const s of SPECS) {
      if (only ? !only.includes(s.name) : s.named) continue;
      const two = s.grid.shape.length === 2;
      const steps = Number(arg(args, "--steps") ?? (quick ? 2 : two ? 4 : 20));
      const rounds = Number(arg(args, "--rounds") ?? (quick || two ? 1 : 3));
      const model = s.build();
      const params = countParameters(model);
      const timer = ourTimer(model, s.grid);
      const l0 = load();
      const ours: { wall: number; cpu: number }[] = [];
      const torchRuns: TorchRow[] = [];
      let torchNote = s.torch ? "" : "no PyTorch twin";
      // Rounds alternate ours and PyTorch so both see the same load; the table has medians.
      for (let r = 0; r < rounds; r++) {
        ours.push(timer.time(steps));
        if (!s.torch || torchNote) continue;
        const t = timeTorch(py, s.torch, steps, args.includes("--no-torch"));
        if (typeof t === "string") torchNote = t;
        else torchRuns.push(t);
      }
      timer.dispose();
      const l1 = load();
      const w = median(ours.map((o) => o.wall));
      const c = median(ours.map((o) => o.cpu));
      const tw = torchRuns.length ? median(torchRuns.map((t) => t.epochS)) : undefined;
      const tc = torchRuns.length ? median(torchRuns.map((t) => t.epochCpuS)) : undefined;
      const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : "n/a");
      rows.push(
        `| ${info.name} | ${s.name} | ${params} | ${w.toFixed(2)} | ${c.toFixed(2)} | ${tw?.toFixed(2) ?? "–"} | ${tc?.toFixed(2) ?? "–"} | ${ratio(c, tc)} | ${ratio(w, tw)} | ${steps} × ${rounds} | ${l0} → ${l1} |${torchNote ? ` ${torchNote}` : ""}`,
      );
      console.error(rows[rows.length - 1]);
    }
  }
  // `--only none --tta` times no model here: no empty table then.
  if (rows.length > 0) {
    console.log(`\nmodels: s/epoch (1000 samples, batch 20, Adam), one worker; ratio = ours / PyTorch 1 thread (target ≤ 1.5×)`);
    console.log("| backend | model | params | ours wall | ours CPU | torch wall | torch CPU | ratio (CPU) | ratio (wall) | K steps × rounds | load (1 min) |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of rows) console.log(r);
  }
  if (args.includes("--ablate")) await ablate(args);
  if (args.includes("--tta")) {
    const { runTimeToAccuracy } = await import("./time-to-accuracy.js");
    await runTimeToAccuracy(args);
  }
}

const FAMILIES: FusedKernelFamily[] = ["filter", "heat", "gelu", "linear", "mix", "adam", "identity", "fourier", "loss"];

/** s/epoch with each kernel family switched off in turn (see the module comment). */
async function ablate(args: string[]): Promise<void> {
  const names = arg(args, "--only")?.split(",") ?? ["gsnn", "fno1d"];
  const steps = Number(arg(args, "--steps") ?? 10);
  const rounds = Number(arg(args, "--rounds") ?? 3);
  const all = Object.fromEntries(FAMILIES.map((f) => [f, true])) as Record<FusedKernelFamily, boolean>;
  const none = Object.fromEntries(FAMILIES.map((f) => [f, false])) as Record<FusedKernelFamily, boolean>;
  const variants: [string, Partial<Record<FusedKernelFamily, boolean>>, boolean][] = [
    ["all fused", all, true],
    ...FAMILIES.map((f): [string, Partial<Record<FusedKernelFamily, boolean>>, boolean] => [`without ${f}`, { ...all, [f]: false }, true]),
    ["no fused kernels", none, true],
    ["no fused kernels, stock matMul gradients", none, false],
  ];
  const set = ([, flags, fast]: (typeof variants)[number]): void => {
    setFusedKernels(flags);
    setFastMatMulGradients(fast);
  };
  console.log(`\nablation (${tf.getBackend()}): median s/epoch of ${rounds} rounds of ${steps} steps; the variants alternate within each round`);
  console.log("| model | variant | wall | CPU | load (1 min) |");
  console.log("|---|---|---|---|---|");
  for (const name of names) {
    const s = SPECS.find((x) => x.name === name);
    if (!s) continue;
    // One model and optimizer per variant, built (and warmed up) under that variant's switches.
    const timers = variants.map((v) => {
      set(v);
      return ourTimer(s.build(), s.grid);
    });
    const runs: { wall: number; cpu: number }[][] = variants.map(() => []);
    const l0 = load();
    for (let r = 0; r < rounds; r++)
      variants.forEach((v, i) => {
        set(v);
        runs[i]!.push(timers[i]!.time(steps));
      });
    const l1 = load();
    variants.forEach(([label], i) => {
      console.log(`| ${name} | ${label} | ${median(runs[i]!.map((x) => x.wall)).toFixed(2)} | ${median(runs[i]!.map((x) => x.cpu)).toFixed(2)} | ${l0} → ${l1} |`);
      timers[i]!.dispose();
    });
  }
  setFusedKernels(all);
  setFastMatMulGradients(true);
}
