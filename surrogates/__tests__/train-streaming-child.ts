/**
 * Run by train-streaming.test.ts as `node <this> <store> <outDir> <budgetMiB> <epochs>`
 * (transpiled, or through tsx: core/__tests__/compiled-child.ts):
 * a small MLP trained on the store, streamed within the budget; prints the peak resident
 * set (bytes) and the number of steps as one JSON line. On the wasm backend: the cpu backend's
 * broadcasting element-wise kernels cost about twice the CPU of the whole run.
 */
import { openDataset } from "../../datasets/index.js";
import { parseTrainConfig, train } from "../index.js";

const [store, out, budget, epochs] = process.argv.slice(2) as [string, string, string, string];
const config = parseTrainConfig({
  data: store,
  out,
  model: "mlp",
  modelConfig: { hidden: [4] },
  epochs: Number(epochs),
  batchSize: 32,
  lr: 1e-3,
  backend: "wasm",
  validationFraction: 0,
  checkpointEvery: 1_000_000,
  memoryBudgetMiB: Number(budget),
});
const r = await train({ config, data: await openDataset(store) });
process.stdout.write(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, steps: r.steps }) + "\n");
