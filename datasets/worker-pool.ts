/**
 * Run chunk production on W worker threads with dynamic scheduling (each idle worker takes the
 * next chunk). From a source checkout, workers run the TypeScript sources through tsx's loader,
 * resolved from this package so it works whatever the current directory is; the compiled
 * package runs its .js worker (docs/packaging.md).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { PdesError } from "../core/index.js";
import type { WorkerInit, WorkerReply } from "./chunk-worker.js";
import type { DatasetSpec } from "./layout.js";

/**
 * Worker source. The compiled package (this file is .js) runs chunk-worker.js directly. From
 * the TypeScript sources: register tsx's ESM hooks inside the worker, then import the .ts
 * entry (`execArgv: ["--import", ...]` is not honoured by worker threads on Node 20).
 */
function bootstrapUrl(): URL {
  if (import.meta.url.endsWith(".js")) return new URL("./chunk-worker.js", import.meta.url);
  const pkgPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(pkgPath), pkg.exports["./esm/api"]!.import.default)).href;
  const entry = new URL("./chunk-worker.ts", import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(api)};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new URL("data:text/javascript," + encodeURIComponent(code));
}

/**
 * Produce `chunks` with `threads` worker threads and, when `inline` is given, the calling thread
 * as one more producer (so `--workers 2` starts a single worker: start-up measured ~0.35 s of
 * CPU per worker). Each worker holds up to two chunks so it never waits for the busy main thread.
 */
export async function runOnWorkers(
  root: string,
  spec: DatasetSpec,
  chunks: readonly number[],
  threads: number,
  onSample: () => void,
  fsync = true,
  inline?: (c: number) => Promise<void>,
): Promise<void> {
  const queue = [...chunks];
  const count = Math.min(threads, queue.length);
  const init: WorkerInit = { root, spec, fsync };
  const url = bootstrapUrl();
  const pool: Worker[] = [];
  let failed = false;
  const runWorker = (): Promise<void> => {
    const w = new Worker(url, { workerData: init });
    pool.push(w);
    return new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      const fill = (): void => {
        while (inFlight < 2 && queue.length > 0 && !failed) {
          w.postMessage({ chunk: queue.shift()! });
          inFlight++;
        }
        if (inFlight === 0) {
          w.postMessage({ stop: true });
          resolve();
        }
      };
      const fail = (e: Error): void => {
        failed = true;
        reject(e);
      };
      w.on("message", (m: WorkerReply) => {
        if (m.type === "samples") for (let k = 0; k < m.count; k++) onSample();
        else if (m.type === "done") {
          for (let k = 0; k < m.count; k++) onSample();
          inFlight--;
          fill();
        } else fail(new PdesError("Io", `worker failed: ${m.message}`));
      });
      w.on("error", fail);
      w.on("exit", (code) => {
        if (code !== 0) fail(new PdesError("Io", `worker exited with code ${code}`));
      });
      fill();
    });
  };
  const runInline = async (): Promise<void> => {
    for (let c = queue.shift(); c !== undefined && !failed; c = queue.shift()) await inline!(c);
  };
  try {
    await Promise.all([...Array.from({ length: count }, runWorker), ...(inline ? [runInline()] : [])]);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
