/**
 * Worker-thread entry of data-parallel training (docs/training.md §Data-parallel training): its
 * own tfjs and backend, a copy of the run's model rebuilt from its topology, and per step the
 * gradient of the loss over its shard of the batch. The current weights arrive in a shared
 * buffer written by the main thread; the gradient goes back into this worker's slot of another.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { selectBackend, type Grid } from "../../../core/index.js";
// Importing the registry registers every built-in custom layer (GSNN, FNO, ...).
import "../../model-registry.js";
import type { LossKind } from "../config.js";
import type { ChannelStats } from "../../../datasets/index.js";
import { makeLoss } from "../losses.js";
import { StepClock, type PartTimes } from "./step-profile.js";

export interface GradWorkerInit {
  backend: string;
  /** `model.toJSON(null, false)` of the main thread's model. */
  topology: unknown;
  /** All weights of the model (trainable or not), in `model.getWeights()` order. */
  weights: Float32Array[];
  loss: { kind: LossKind; grid: Grid; outChannels: number; probabilistic: boolean; output?: ChannelStats };
  /** Trainable weights, flat in `model.trainableWeights` order: read at every step. */
  shared: SharedArrayBuffer;
  /** This worker's gradient slot, same layout. */
  grad: SharedArrayBuffer;
  /** Trainable weight sizes, checked against the rebuilt model. */
  sizes: number[];
  /** Time the parts of every step (weights in, shard, gradient out) and send them back. */
  profile: boolean;
}

export interface GradStep {
  x: Float32Array;
  y: Float32Array;
  xShape: number[];
  yShape: number[];
}

/** `tensors`: the worker's live tensor count after the step (a leak check for tests). */
export type GradReply = { kind: "ready" } | { kind: "grad"; loss: number; tensors: number; parts?: PartTimes } | { kind: "error"; message: string };

async function start(init: GradWorkerInit): Promise<(s: GradStep) => Promise<{ loss: number; parts?: PartTimes }>> {
  await selectBackend(init.backend, { quiet: true });
  const model = await tf.models.modelFromJSON(init.topology as tf.io.ModelJSON);
  const initial = init.weights.map((w, i) => tf.tensor(w, model.weights[i]!.shape as number[], "float32"));
  model.setWeights(initial);
  tf.dispose(initial);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const sizes = vars.map((v) => v.size);
  if (sizes.join() !== init.sizes.join()) throw new Error(`rebuilt model's trainable weights ${sizes.join()} differ from the main thread's ${init.sizes.join()}`);
  const lossFn = makeLoss(init.loss.kind, init.loss);
  const shared = new Float32Array(init.shared);
  const grad = new Float32Array(init.grad);
  // Test hook: this worker thread exits at its k-th step (a worker lost mid-run).
  const exitAt = Number(process.env.PDES_TEST_WORKER_EXIT_AT_STEP ?? NaN);
  let steps = 0;
  return async (s) => {
    if (++steps === exitAt) process.exit(3);
    const clock = init.profile ? new StepClock() : null;
    let off = 0;
    for (const v of vars) {
      tf.tidy(() => v.assign(tf.tensor(shared.subarray(off, off + v.size), v.shape, "float32")));
      off += v.size;
    }
    clock?.lap("weights in");
    const x = tf.tensor(s.x, s.xShape, "float32");
    const y = tf.tensor(s.y, s.yShape, "float32");
    const { value, grads } = tf.variableGrads(() => lossFn(model.apply(x, { training: true }) as tf.Tensor, y), vars);
    const list = vars.map((v) => grads[v.name]!);
    clock?.lap("shard");
    // Synchronous reads straight into this worker's slot (host-memory backends only).
    const loss = value.dataSync()[0]!;
    off = 0;
    for (const g of list) {
      grad.set(g.dataSync() as Float32Array, off);
      off += g.size;
    }
    tf.dispose([x, y, value, ...list]);
    clock?.lap("gradient out");
    return { loss, ...(clock ? { parts: clock.parts } : {}) };
  };
}

if (parentPort) {
  const port = parentPort;
  const fail = (e: unknown): void => port.postMessage({ kind: "error", message: e instanceof Error ? e.message : String(e) } satisfies GradReply);
  start(workerData as GradWorkerInit).then((step) => {
    // Steps arrive one at a time (the main thread waits for every reply before the next).
    port.on("message", (s: GradStep) => step(s).then((r) => port.postMessage({ kind: "grad", ...r, tensors: tf.memory().numTensors } satisfies GradReply), fail));
    port.postMessage({ kind: "ready" } satisfies GradReply);
  }, fail);
}
