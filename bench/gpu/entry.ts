/**
 * The GPU bench in one process (bundled by bench/gpu/bundle.ts; docs/gpu.md §GPU bench):
 * fp32 matMul rate, then the project's models on webgpu (bench/gpu/webgpu-models.ts), then the
 * PyTorch CUDA figures of the same shapes when python3 has torch with CUDA, side by side.
 * Prints Markdown; with OUT set, also writes $OUT/gpu-bench.json.
 *
 *   node bench.mjs [--steps 20] [--budget 330] [--only fno] [--no-torch] [--small]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { benchWebGpuModels, webgpuTable, type WebGpuBenchRow } from "./webgpu-models.js";

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function matmulGflops(M: number): Promise<number> {
  const a = tf.randomNormal([M, M]);
  const b = tf.randomNormal([M, M]);
  const w = tf.matMul(a, b);
  await w.data();
  w.dispose();
  const reps = 10;
  const t = performance.now();
  const cs: tf.Tensor[] = [];
  for (let i = 0; i < reps; i++) cs.push(tf.matMul(a, b));
  await cs.at(-1)!.data();
  const s = (performance.now() - t) / 1000 / reps;
  tf.dispose([a, b, ...cs]);
  return (2 * M ** 3) / s / 1e9;
}

interface TorchRow {
  model: string;
  setting: string;
  params: number;
  epochS: number;
  inferMsPerSample: number;
}

function torchFigures(script: string, steps: number, log: (l: string) => void): { device: string; rows: TorchRow[] } | null {
  for (const py of [process.env.PDES_PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p)) {
    const r = spawnSync(py, [script, "--steps", String(steps)], { encoding: "utf8", timeout: 300_000 });
    if (r.error || r.status === null) continue;
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    if (r.status !== 0) {
      log(`PyTorch (${py}): ${String(lines[0]?.error ?? r.stderr.trim().split("\n").pop())}`);
      continue;
    }
    const head = lines.shift() ?? {};
    return { device: `torch ${String(head.torch)} on ${String(head.device)}`, rows: lines as unknown as TorchRow[] };
  }
  return null;
}

const args = process.argv.slice(2);
const log = (l: string) => process.stderr.write(l + "\n");
const t0 = performance.now();
const steps = Number(arg(args, "--steps") ?? 20);
const budget = Number(arg(args, "--budget") ?? 330);
const only = arg(args, "--only")?.split(",");
log(`node ${process.version}, ${process.platform}-${process.arch}`);
const r = await benchWebGpuModels({ steps, budgetS: budget, profile: true, small: args.includes("--small"), ...(only ? { only } : {}), log });
const M = r.adapter.includes("software") ? 256 : 4096;
const peak = await matmulGflops(M).catch(() => NaN);
console.log(`## webgpu on ${r.adapter}\n\nfp32 matMul ${M}²: ${peak.toFixed(1)} GFLOP/s\n`);
console.log(webgpuTable(r.rows));
if (r.skipped.length) console.log(`\nnot run (time budget): ${r.skipped.join(", ")}`);
for (const row of r.rows)
  if (row.kernelMs?.length)
    console.log(`\nGPU ms per kernel, one ${row.model} ${row.setting} step: ${row.kernelMs.slice(0, 12).map(([k, ms]) => `${k} ${ms.toFixed(3)}`).join(", ")}`);

const script = path.join(path.dirname(process.argv[1]!), "torch-cuda.py");
const torch = args.includes("--no-torch") || !fs.existsSync(script) ? null : torchFigures(script, steps, log);
if (torch) {
  console.log(`\n## PyTorch (${torch.device}), same shapes\n`);
  console.log("| model | setting | params | s/epoch | inference ms/sample | webgpu / PyTorch epoch | webgpu / PyTorch inference |");
  console.log("|---|---|---|---|---|---|---|");
  for (const t of torch.rows) {
    const w: WebGpuBenchRow | undefined = r.rows.find((x) => x.model === t.model && x.setting === t.setting);
    const ratio = (a: number | undefined, b: number) => (a === undefined ? "n/a" : (a / b).toFixed(1) + "×");
    console.log(`| ${t.model} | ${t.setting} | ${t.params} | ${t.epochS.toFixed(3)} | ${t.inferMsPerSample.toFixed(4)} | ${ratio(w?.epochS, t.epochS)} | ${ratio(w?.inferMsPerSample, t.inferMsPerSample)} |`);
  }
} else console.log("\nPyTorch with CUDA: not available here");
console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s in all)`);
if (process.env.OUT) fs.writeFileSync(path.join(process.env.OUT, "gpu-bench.json"), JSON.stringify({ adapter: r.adapter, matmulGflops: peak, webgpu: r.rows, skipped: r.skipped, torch }, null, 1));
process.exit(0);
