/**
 * `npm run bench -- pipeline [--mib 64] [--points 2048] [--batch 32]`: the store → batch
 * pipeline's cost per epoch (no model): one shuffled epoch of batches read from a float32 store
 * of `--mib` MiB, with the whole store cached and with a budget of 1/8 of it, for stores written
 * with 1, 4 and 16 samples per chunk. Prints seconds per epoch, MB/s of samples delivered, and
 * chunk loads per epoch (read amplification of the index permutation, docs/training.md § Data).
 * Figures only; no assertions.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeGrid, Rng } from "../core/index.js";
import { openDataset, openPipeline, writeStore } from "../datasets/index.js";

function arg(args: string[], name: string, def: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
}

export async function run(args: string[]): Promise<void> {
  const mib = Number(arg(args, "mib", "64"));
  const points = Number(arg(args, "points", "2048"));
  const batchSize = Number(arg(args, "batch", "32"));
  const n = Math.round((mib * 2 ** 20) / (8 * points));
  const storeBytes = n * 8 * points;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-bench-pipeline-"));
  try {
    const rng = new Rng(3);
    const x = Float32Array.from({ length: n * points }, () => rng.normal());
    const y = x.map((v) => 2 * v - 1);
    console.log(`store: ${n} samples × ${points} points, float32 inputs + outputs = ${(storeBytes / 2 ** 20).toFixed(1)} MiB; batch ${batchSize}`);
    console.log("chunk  budget         s/epoch   MB/s   chunk loads (chunks in store)");
    for (const chunkSamples of [1, 4, 16]) {
      const out = path.join(root, `c${chunkSamples}`);
      await writeStore({ out, grid: makeGrid({ shape: [points] }), inputs: { data: x, channels: ["a"] }, outputs: { data: y, channels: ["u"] }, generator: "bench pipeline", dtype: "float32", chunkSamples, fsync: false });
      const ds = await openDataset(out);
      for (const [label, budget] of [["whole store", 2 * storeBytes], ["1/8 of it", storeBytes / 8]] as const) {
        const p = await openPipeline(ds, { seed: 0, validationFraction: 0, normalize: true, memoryBudget: budget });
        // Epoch 0 warms the cache (and the page cache); epoch 1 is timed.
        for await (const _ of p.epoch({ batchSize, seed: 1, epoch: 0 }));
        const loads0 = p.cache.loads;
        const t0 = performance.now();
        for await (const _ of p.epoch({ batchSize, seed: 1, epoch: 1 }));
        const s = (performance.now() - t0) / 1000;
        const chunks = Math.ceil(n / chunkSamples);
        console.log(`${String(chunkSamples).padStart(5)}  ${label.padEnd(13)} ${s.toFixed(3).padStart(8)} ${(storeBytes / 1e6 / s).toFixed(0).padStart(6)}   ${p.cache.loads - loads0} (${chunks})`);
      }
    }
    console.log(`load: ${os.loadavg().map((v) => v.toFixed(2)).join(" ")} (1/5/15 min), ${os.cpus().length} cores`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
