/**
 * `npm run bench -- train [--backend cpu|wasm] [--kinds gsnn,fno,mlp] [--n 64] [--steps 24]`:
 * training throughput of each model kind (ms per optimizer step, from the run's own metrics),
 * the time to write one checkpoint, and the cost of resuming (load + restore). Synthetic 1-D
 * periodic data (a smoothing operator), batch 16. Figures only; no assertions.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { makeGrid, resolveBackendPreference, Rng, selectBackend } from "../core/index.js";
import { loadLatestCheckpoint, writeCheckpoint, parseTrainConfig, readMetrics, train, type StepRecord, type TrainingData } from "../surrogates/index.js";

const CONFIGS: Record<string, Record<string, unknown>> = {
  gsnn: { width: 16, depth: 2 },
  "gsnn-prob": { width: 16, depth: 2, probabilistic: true },
  fno: { width: 16, modes: 12, depth: 2 },
  mlp: { hidden: [128, 128] },
  deeponet: {},
};

function data(count: number, n: number): TrainingData {
  const r = new Rng(1);
  const inputs = Float32Array.from({ length: count * n }, () => r.normal());
  const outputs = new Float32Array(count * n);
  for (let i = 0; i < count; i++)
    for (let j = 0; j < n; j++) outputs[i * n + j] = 0.5 * inputs[i * n + j]! + 0.25 * (inputs[i * n + ((j + 1) % n)]! + inputs[i * n + ((j + n - 1) % n)]!);
  return { inputs, outputs, count, grid: makeGrid({ shape: [n] }), inChannels: 1, outChannels: 1, problem: { problem: "bench" } };
}

function arg(args: string[], name: string, def: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
}

export async function run(args: string[]): Promise<void> {
  const backend = await selectBackend(resolveBackendPreference(arg(args, "backend", ""), "cpu", "--backend"));
  const kinds = arg(args, "kinds", "gsnn,gsnn-prob,fno,mlp,deeponet").split(",");
  const n = Number(arg(args, "n", "64"));
  const steps = Number(arg(args, "steps", "24"));
  const batch = 16;
  // 20 % validation: one epoch of `steps` steps needs steps·batch / 0.8 samples.
  const d = data(Math.ceil((steps * batch) / 0.8), n);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-bench-train-"));
  console.log(`train bench: backend ${backend.name}, 1-D grid n=${n}, batch ${batch}, ${steps} steps, tfjs ${tf.version_core}`);
  console.log("model      params   ms/step  ckpt write ms  ckpt KiB  resume load ms");
  try {
    for (const kind of kinds) {
      const model = (kind === "gsnn-prob" ? "gsnn" : kind) as "gsnn" | "fno" | "mlp" | "deeponet";
      const out = path.join(dir, kind);
      const cfg = parseTrainConfig({ data: "bench", out, model, modelConfig: CONFIGS[kind] ?? {}, epochs: 1, batchSize: batch, lr: 1e-3, backend: "cpu", checkpointEvery: 1_000_000 });
      const res = await train({ config: cfg, data: d, backend: backend.name, warn: () => {} });
      const st = readMetrics(out).filter((r): r is StepRecord => r.type === "step");
      // Skip the first steps (kernel warm-up, first-call compilation).
      const skip = Math.min(4, st.length - 2);
      const msPerStep = ((st[st.length - 1]!.time - st[skip]!.time) * 1000) / (st.length - 1 - skip);
      // Re-write the run's final checkpoint (weights, AdamW moments, best weights) the way the trainer does.
      const t1 = performance.now();
      const ck = (await loadLatestCheckpoint<unknown>(path.join(out, "checkpoints"), () => {}))!;
      const tLoad = performance.now() - t1;
      const t0 = performance.now();
      const file = await writeCheckpoint(path.join(dir, `${kind}-ckpt`), 1, ck.meta, ck.arrays);
      const tWrite = performance.now() - t0;
      const buf = fs.readFileSync(file);
      console.log(
        `${kind.padEnd(10)} ${String(res.info.parameterCount).padStart(6)}  ${msPerStep.toFixed(1).padStart(8)}  ${tWrite.toFixed(1).padStart(13)}  ${(buf.length / 1024).toFixed(0).padStart(8)}  ${tLoad.toFixed(1).padStart(14)}`,
      );
      res.surrogate.dispose();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
