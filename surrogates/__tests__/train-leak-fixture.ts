/**
 * Run by train-leak.test.ts as `node --expose-gc <this> <outDir>` (transpiled, or through tsx:
 * core/__tests__/compiled-child.ts): 1000 optimizer
 * steps of a small MLP (checkpoints, validation and metrics included), after 500 warm-up steps;
 * prints tensor counts and RSS (after a full GC) at steps 200, 500 and 1500 as one JSON line.
 */
import * as tf from "@tensorflow/tfjs";
import { parseTrainConfig, train } from "../index.js";
import { smoothingData } from "./train-helpers.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
await tf.setBackend("cpu");
const out = process.argv[2]!;
const data = smoothingData(50, 16);
// 40 training samples, batch 4 → 10 steps per epoch; 150 epochs = 1500 steps.
const config = parseTrainConfig({ data: "unused", out, model: "mlp", modelConfig: { hidden: [32] }, epochs: 150, batchSize: 4, lr: 1e-3, backend: "cpu", checkpointEvery: 25, clipNorm: 10 });
const samples: Record<number, { tensors: number; rss: number }> = {};
await train({
  config,
  data,
  backend: "cpu",
  onStep: (p) => {
    if (p.step === 200 || p.step === 500 || p.step === 1500) {
      gc();
      gc();
      samples[p.step] = { tensors: tf.memory().numTensors, rss: process.memoryUsage().rss };
    }
  },
});
process.stdout.write(JSON.stringify(samples) + "\n");
