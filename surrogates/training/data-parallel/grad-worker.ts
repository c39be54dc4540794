/**
 * Worker-thread entry of data-parallel training (docs/training.md §Data-parallel training): its
 * own tfjs and backend, a copy of the run's model rebuilt from its topology, and per step the
 * gradient of the loss over its shard of the batch. Two modes: `gradients` (the current weights
 * arrive in a shared buffer written by the main thread; the gradient goes back into this
 * worker's slot of another) and, with `replicate`, `step` (this thread holds a copy of the
 * optimizer too and applies the same update from the all-reduced gradient, gradient-exchange.ts).
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { selectBackend, type Grid } from "../../../core/index.js";
// Importing the registry registers every built-in custom layer (GSNN, FNO, ...).
import "../../model-registry.js";
import type { LossKind } from "../config.js";
import type { ChannelStats } from "../../../datasets/index.js";
import { makeLoss } from "../losses.js";
import { AdamW, type AdamWState } from "../adamw.js";
import type { OptimizerConfig } from "../config.js";
import { applyCombined, GradientExchange, type ExchangeBuffers } from "./gradient-exchange.js";
import { now, StepClock, type PartTimes } from "./step-profile.js";

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
  /** The replicated step: this thread's index, the exchange, and the optimizer as it is now. */
  replicate?: { index: number; threads: number; exchange: ExchangeBuffers; optimizer: OptimizerConfig; state: AdamWState; clipNorm?: number };
}

export interface GradStep {
  x: Float32Array;
  y: Float32Array;
  xShape: number[];
  yShape: number[];
  /** When the main thread posted it (ms since the epoch, performance clock): message latency. */
  sent: number;
}

/** One replicated step: this thread's shard (possibly empty), the step number, every thread's sample share. */
export interface ReplicaStep extends GradStep {
  step: number;
  lr: number;
  shares: number[];
}

/** `tensors`: the worker's live tensor count after the step (a leak check for tests). */
export type GradReply =
  | { kind: "ready" }
  | { kind: "grad"; loss: number; tensors: number; parts?: PartTimes; sent: number; latency: number; idle: number }
  | { kind: "parts"; parts: PartTimes }
  | { kind: "error"; message: string };

type Handler = { step: (s: GradStep) => Promise<{ loss: number; parts?: PartTimes }> | void; reset?: () => void };

async function start(init: GradWorkerInit, port: MessagePort): Promise<Handler> {
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
  if (init.replicate) return replicaStep(init, init.replicate, model, vars, lossFn, exitAt, port);
  const step = async (s: GradStep): Promise<{ loss: number; parts?: PartTimes }> => {
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
  return { step };
}

/**
 * The replicated step (gradient-exchange.ts): shard gradient into this thread's slot, wait for
 * every other thread's, then the same combine, guards, clipping and AdamW update as theirs.
 * Synchronous from the message to the update; nothing is sent back unless profiling.
 */
function replicaStep(init: GradWorkerInit, r: NonNullable<GradWorkerInit["replicate"]>, model: tf.LayersModel, vars: tf.Variable[], lossFn: ReturnType<typeof makeLoss>, exitAt: number, port: MessagePort): Handler {
  const ex = new GradientExchange(r.exchange, r.threads, vars.reduce((a, v) => a + v.size, 0));
  const opt = new AdamW(vars, r.optimizer);
  opt.setState(r.state);
  let steps = 0;
  // Opened when this thread finishes a step: the time until the next one arrives is "idle".
  let clock = init.profile ? new StepClock() : null;
  const run = (s: ReplicaStep): void => {
    if (++steps === exitAt) process.exit(3);
    clock?.lap("idle");
    let loss = 0;
    let list: tf.Tensor[] | null = null;
    if (s.xShape[0]! > 0) {
      const x = tf.tensor(s.x, s.xShape, "float32");
      const y = tf.tensor(s.y, s.yShape, "float32");
      const { value, grads } = tf.variableGrads(() => lossFn(model.apply(x, { training: true }) as tf.Tensor, y), vars);
      list = vars.map((v) => grads[v.name]!);
      loss = value.dataSync()[0]!;
      tf.dispose([x, y, value]);
    }
    clock?.lap("shard");
    ex.publish(r.index, s.step, list, loss);
    if (list) tf.dispose(list);
    clock?.lap("gradient out");
    for (let k = 0; k < r.threads; k++) {
      if (k === r.index) continue;
      let w = ex.waitFor(k, s.step, 1000);
      while (w === "timed-out") w = ex.waitFor(k, s.step, 1000);
      // A thread failed or the pool is closing: the main thread reports it; no update here.
      if (w !== "ok") return;
    }
    clock?.lap("wait");
    const c = ex.combine(s.step, s.shares, r.clipNorm);
    clock?.lap("combine");
    // The main thread's guards: a non-finite step is not applied anywhere (and stops the run).
    if (Number.isFinite(c.loss) && Number.isFinite(c.norm)) applyCombined(vars, opt, ex.combined, s.lr);
    ex.setTensors(r.index, tf.memory().numTensors);
    if (clock) {
      clock.lap("optimizer");
      port.postMessage({ kind: "parts", parts: clock.parts } satisfies GradReply);
      clock = new StepClock();
    }
  };
  const step = (m: GradStep): void => {
    try {
      run(m as ReplicaStep);
    } catch (e) {
      ex.fail(r.index);
      throw e;
    }
  };
  return { step, reset: () => (clock = init.profile ? new StepClock() : null) };
}

if (parentPort) {
  const port = parentPort;
  const fail = (e: unknown): void => port.postMessage({ kind: "error", message: e instanceof Error ? e.message : String(e) } satisfies GradReply);
  const init = workerData as GradWorkerInit;
  start(init, port).then(({ step, reset }) => {
    let lastEnd = NaN;
    // Steps arrive one at a time (in the gradients mode the main thread waits for every reply
    // before the next; in the step mode they queue here).
    port.on("message", (s: GradStep | { kind: "reset" }) => {
      const arrived = now();
      // The profile restarts (GradientPool.takeProfile): idle time counts from here.
      if ("kind" in s) {
        lastEnd = NaN;
        reset?.();
        return;
      }
      if (init.replicate) {
        try {
          step(s);
        } catch (e) {
          fail(e);
        }
        return;
      }
      const [latency, idle] = [arrived - s.sent, arrived - lastEnd];
      (step(s) as Promise<{ loss: number; parts?: PartTimes }>).then((r) => {
        lastEnd = now();
        port.postMessage({ kind: "grad", ...r, tensors: tf.memory().numTensors, sent: lastEnd, latency, idle: Number.isFinite(idle) ? idle : 0 } satisfies GradReply);
      }, fail);
    });
    port.postMessage({ kind: "ready" } satisfies GradReply);
  }, fail);
}
