/**
 * Worker-thread entry for parallel generation (see worker-pool.ts). It rebuilds the problem
 * from the store's spec, then produces the chunks the main thread sends, one at a time.
 */
import { parentPort, workerData } from "node:worker_threads";
import { produceChunk } from "./chunk-producer.js";
import { makeLayout, type DatasetSpec } from "./layout.js";
import { getProblem } from "./problems/registry.js";

export interface WorkerInit {
  readonly root: string;
  readonly spec: DatasetSpec;
  readonly fsync: boolean;
}

export type WorkerRequest = { readonly chunk: number } | { readonly stop: true };
export type WorkerReply =
  | { readonly type: "samples"; readonly count: number }
  | { readonly type: "done"; readonly chunk: number; readonly count: number }
  | { readonly type: "error"; readonly message: string };

const port = parentPort;
if (port) {
  const init = workerData as WorkerInit;
  const problem = getProblem(init.spec.problem).resolve(init.spec.params);
  const layout = makeLayout(init.spec, problem);
  const post = (m: WorkerReply): void => port.postMessage(m);
  // Progress goes out at most every 100 ms (a message per sample costs more than a 1-D solve).
  let pending = 0;
  let last = Date.now();
  const onSample = (): void => {
    pending++;
    if (Date.now() - last >= 100) {
      post({ type: "samples", count: pending });
      pending = 0;
      last = Date.now();
    }
  };
  // Requests are queued and served one at a time (the pool keeps up to two outstanding).
  let chain = Promise.resolve();
  port.on("message", (req: WorkerRequest) => {
    chain = chain.then(async () => {
      if ("stop" in req) {
        port.close();
        return;
      }
      try {
        await produceChunk(init.root, layout, problem, req.chunk, onSample, init.fsync);
        post({ type: "done", chunk: req.chunk, count: pending });
        pending = 0;
      } catch (e) {
        post({ type: "error", message: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}
