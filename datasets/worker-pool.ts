/**
 * Run chunk production on W worker threads with dynamic scheduling (each idle worker takes the
 * next chunk). Workers run the TypeScript sources through tsx's loader, resolved from this
 * package so it works whatever the current directory is.
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
 * Worker source: register tsx's ESM hooks inside the worker, then import the TypeScript entry.
 * (`execArgv: ["--import", ...]` is not honoured by worker threads on Node 20.)
 */
function bootstrapUrl(): URL {
  const pkgPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(pkgPath), pkg.exports["./esm/api"]!.import.default)).href;
  const entry = new URL("./chunk-worker.ts", import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(api)};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new URL("data:text/javascript," + encodeURIComponent(code));
}

export async function runOnWorkers(
  root: string,
  spec: DatasetSpec,
  chunks: readonly number[],
  workers: number,
  onSample: () => void,
  fsync = true,
): Promise<void> {
  const queue = [...chunks];
  const count = Math.min(workers, queue.length);
  const init: WorkerInit = { root, spec, fsync };
  const url = bootstrapUrl();
  const pool: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, () => {
        const w = new Worker(url, { workerData: init });
        pool.push(w);
        return new Promise<void>((resolve, reject) => {
          const next = (): void => {
            const c = queue.shift();
            if (c === undefined) {
              w.postMessage({ stop: true });
              resolve();
            } else w.postMessage({ chunk: c });
          };
          w.on("message", (m: WorkerReply) => {
            if (m.type === "sample") onSample();
            else if (m.type === "done") next();
            else reject(new PdesError("Io", `worker failed: ${m.message}`));
          });
          w.on("error", (e) => reject(e));
          w.on("exit", (code) => {
            if (code !== 0) reject(new PdesError("Io", `worker exited with code ${code}`));
          });
          next();
        });
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
