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
  | { readonly type: "sample" }
  | { readonly type: "done"; readonly chunk: number }
  | { readonly type: "error"; readonly message: string };

const port = parentPort;
if (port) {
  const init = workerData as WorkerInit;
  const problem = getProblem(init.spec.problem).resolve(init.spec.params);
  const layout = makeLayout(init.spec, problem);
  const post = (m: WorkerReply): void => port.postMessage(m);
  port.on("message", (req: WorkerRequest) => {
    if ("stop" in req) {
      port.close();
      return;
    }
    produceChunk(init.root, layout, problem, req.chunk, () => post({ type: "sample" }), init.fsync).then(
      () => post({ type: "done", chunk: req.chunk }),
      (e: unknown) => post({ type: "error", message: e instanceof Error ? e.message : String(e) }),
    );
  });
}
