// The check of webgpu-optimizer.test.ts, run in webgpu-checks-child.ts (SwiftShader environment):
// the fused webgpu AdamW and gradient norm against the op-by-op versions on the cpu backend.
import * as tf from "@tensorflow/tfjs";
import { attachWebGpuCounter, Rng, selectBackend } from "../../core/index.js";
import { AdamW, globalNorm } from "../index.js";

const SIZES = [1, 3, 63, 64, 65, 257, 1000, 4096, 70_000, 5, 7, 9, 11, 13, 17, 19, 23, 29, 31, 37];
const cfg = { name: "adamw" as const, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 };
const STEPS = 4;

function rand(n: number, seed: number): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => r.normal());
}

async function run(backend: string): Promise<{ weights: Float32Array[]; norms: number[]; counts?: unknown }> {
  await selectBackend(backend, { quiet: true });
  const vars = SIZES.map((n, i) => tf.variable(tf.tensor1d(rand(n, i)), true, `w${backend}${i}`));
  const opt = new AdamW(vars, cfg);
  const norms: number[] = [];
  let counts: unknown;
  for (let s = 0; s < STEPS; s++) {
    const grads = SIZES.map((n, i) => tf.tensor1d(rand(n, 1000 * (s + 1) + i)));
    const ctr = backend === "webgpu" && s === STEPS - 1 ? attachWebGpuCounter() : null;
    const norm = globalNorm(grads);
    opt.apply(grads, 1e-2 * (s + 1));
    norms.push((await norm.data())[0]!);
    if (ctr) {
      counts = ctr.snapshot();
      ctr.detach();
    }
    tf.dispose([norm, ...grads]);
  }
  const state = await opt.readState();
  const weights = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
  weights.push(...state.m, ...state.v);
  opt.dispose();
  vars.forEach((v) => v.dispose());
  return { weights, norms, counts };
}

/** The largest relative differences (weights and moments, norms) and the webgpu step's counters. */
export async function optimizerCheck(): Promise<{ tensors: number; maxRel: number; normRel: number; counts: unknown }> {
  const cpu = await run("cpu");
  const gpu = await run("webgpu");
  let maxRel = 0;
  gpu.weights.forEach((a, k) => {
    const b = cpu.weights[k]!;
    // Relative to each entry, floored at 1e-3 of the tensor's largest entry: of 70 000 normal
    // draws some end near zero after the steps, carrying the round-off of their O(1) start
    // (measured: 4e-9 on an entry of 4e-4, 1e-5 relative; a wrong update is off by O(1)).
    const floor = 1e-3 * b.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    for (let i = 0; i < a.length; i++) maxRel = Math.max(maxRel, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor, 1e-12));
  });
  const normRel = Math.max(...gpu.norms.map((x, s) => Math.abs(x - cpu.norms[s]!) / cpu.norms[s]!));
  return { tensors: SIZES.length, maxRel, normRel, counts: gpu.counts };
}
