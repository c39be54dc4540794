// The check of webgpu-no-sync.e2e.test.ts, run in webgpu-checks-child.ts (SwiftShader environment):
// training (with checkpoints, validation, best-model keeping, the GSNN's closed-form linear-path
// fit), loading, predicting and evaluating on webgpu with every synchronous read made to throw.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { makeField, selectBackend } from "../../core/index.js";
import { evaluatePredictor, surrogatePredictor } from "../evaluation/index.js";
import { loadSurrogate, parseTrainConfig, train } from "../index.js";
import { smoothingData } from "./train-helpers.js";

/** The synchronous GPU reads made (each threw), and per model what its run recorded. */
export async function noSyncCheck(): Promise<Record<string, unknown>> {
  await selectBackend("webgpu", { quiet: true });
  // A synchronous read of data that lives on the GPU throws (and is counted). tfjs itself reads
  // CPU-resident inputs synchronously for small ops it runs on the CPU (its handoff): no GPU sync.
  let syncReads = 0;
  const backend = tf.backend() as unknown as { readSync: (id: object) => unknown; tensorMap: { get(id: object): { values?: unknown } | undefined } };
  const readSync = backend.readSync;
  backend.readSync = (id) => {
    if (backend.tensorMap.get(id)?.values == null) {
      syncReads++;
      throw new Error("synchronous read of GPU data on webgpu");
    }
    return readSync.call(backend, id);
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-webgpu-nosync-"));
  const N = 16;
  const data = smoothingData(8, N);
  // One step per epoch (the 6 training samples in one batch): on SwiftShader each step's dispatches
  // cost CPU, and the checks (asynchronous reads only, checkpoints, records) need no more. A batch of
  // 6 × 16 rows keeps tfjs on its small matMul programs: at 18 × 16 it picked the tiled one, whose
  // SwiftShader compile costs 0.4–1.1 s of CPU per variant (docs/testing.md).
  const out: Record<string, unknown> = {};
  try {
    for (const [model, modelConfig] of [
      ["fno", { width: 4, modes: 4, depth: 1, projectionUnits: 8 }],
      ["gsnn", { width: 4, depth: 1, projectionWidth: 8, linearPathTaus: 3 }],
    ] as const) {
      const run = path.join(dir, model);
      const config = parseTrainConfig({ data: "in-memory", out: run, model, modelConfig, epochs: 2, batchSize: 6, lr: 1e-3, checkpointEvery: 2, validationFraction: 0.25 });
      const res = await train({ config, data, warn: () => {} });
      const s = await loadSurrogate(run);
      const x = makeField([3, N, 1], Float64Array.from(data.inputs.subarray(0, 3 * N)));
      const y = await s.predict(x);
      const ev = await evaluatePredictor(surrogatePredictor(s), { inputs: { data: data.inputs.slice(0, 6 * N), shape: [6, N, 1] }, outputs: { data: data.outputs.slice(0, 6 * N), shape: [6, N, 1] } });
      const metrics = fs.readFileSync(path.join(run, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { backend?: string });
      out[model] = {
        steps: res.steps,
        finite: Array.from(y.data).every(Number.isFinite),
        relL2: ev.metrics.relL2.mean,
        config: (JSON.parse(fs.readFileSync(path.join(run, "config.json"), "utf8")) as { backend: string }).backend,
        surrogate: JSON.parse(fs.readFileSync(path.join(run, "surrogate.json"), "utf8")) as { backend: string },
        metricsBackends: [...new Set(metrics.map((m) => m.backend))],
        checkpoints: fs.readdirSync(path.join(run, "checkpoints")).length,
      };
      s.dispose();
    }
  } finally {
    backend.readSync = readSync;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { syncReads, ...out };
}
