/**
 * The fused kernels hold no module-global state that breaks in a worker_thread: two workers,
 * each with its own tfjs and wasm (or cpu) backend, run every kernel at the same time and get
 * the same values and gradients as the main thread.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childArgs } from "../../core/__tests__/compiled-child.js";
import { runAllKernels } from "./kernel-worker-entry.js";
import { relMax } from "./kernel-helpers.js";

afterAll(async () => {
  await tf.setBackend("cpu");
});

/**
 * A worker running kernel-worker-entry.ts: its transpiled copy under vitest (childArgs), else
 * the source through tsx's loader (as datasets' worker pool does). Starting one through tsx cost
 * about 1.3 s of CPU.
 */
function startWorker(): Worker {
  const file = fileURLToPath(new URL("./kernel-worker-entry.ts", import.meta.url));
  const args = childArgs(file);
  if (args.length === 1) return new Worker(args[0]!);
  const pkgPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(pkgPath), pkg.exports["./esm/api"]!.import.default)).href;
  const code = `import { register } from ${JSON.stringify(api)};\nregister();\nawait import(${JSON.stringify(pathToFileURL(file).href)});\n`;
  return new Worker(new URL("data:text/javascript," + encodeURIComponent(code)));
}

function inWorker(w: Worker, backend: string): Promise<number[][]> {
  return new Promise((resolve, reject) => {
    w.once("message", (m: { ok: boolean; r?: number[][]; error?: string }) => (m.ok ? resolve(m.r!) : reject(new Error(m.error))));
    w.once("error", reject);
    w.postMessage(backend);
  });
}

describe("fused kernels in worker threads", () => {
  // The same two workers serve both backends (each switches its own tfjs per request).
  let workers: Worker[] = [];
  beforeAll(() => {
    workers = [startWorker(), startWorker()];
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  });

  it.each(["wasm", "cpu"])("%s: two workers at once give the main thread's results", async (backend) => {
    const main = await runAllKernels(backend);
    const results = await Promise.all(workers.map((w) => inWorker(w, backend)));
    for (const r of results) {
      expect(r.length).toBe(main.length);
      r.forEach((v, i) => expect(relMax(v, main[i]!), `output ${i}`).toBeLessThan(1e-6));
    }
  });
});
