/**
 * Data-parallel gradients (docs/training.md §Data-parallel training): a batch is cut into W
 * contiguous shards; the calling thread computes the first, W − 1 worker threads (each with its
 * own tfjs and backend, grad-worker.ts) the others, all at once. Before every step the current
 * trainable weights go into one SharedArrayBuffer that every worker reads; each worker writes its
 * gradient into its own slot of another. Every loss of the trainer is a mean over samples, so the
 * batch's loss and gradient are the shard means weighted by shard size, summed in shard order:
 * the same sum whatever thread finishes first, equal to one worker's up to float32 round-off.
 * Two modes:
 * - `gradients`: the combined gradient comes back to the caller, whose optimizer, guards and
 *   clipping run on the calling thread alone; the weights go out again before the next step.
 * - `step` (started with `optimizer`): every thread holds a copy of the optimizer and applies
 *   the same update from the same all-reduced gradient (gradient-exchange.ts), so nothing but
 *   the shards is sent per step and no thread waits for another's update.
 */
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, PdesError, UnsupportedError } from "../../../core/index.js";
import type { LossFn } from "../losses.js";
import type { AdamW } from "../adamw.js";
import type { OptimizerConfig } from "../config.js";
import type { GradStep, GradWorkerInit, ReplicaStep } from "./grad-worker.js";
import { applyCombined, GradientExchange } from "./gradient-exchange.js";
import { addParts, now, StepClock, type PartTimes } from "./step-profile.js";
import { noMessages, watch, workerError, type MessageTimes, type Slot } from "./pool-slot.js";
import { compiledWorkerUrl, tsWorkerUrl } from "./worker-url.js";

/** Backends a worker thread can start on its own (tfjs-node and webgpu have their own parallelism). */
const WORKER_BACKENDS = ["wasm", "cpu"];

export interface PoolModel {
  model: tf.LayersModel;
  vars: tf.Variable[];
  lossFn: LossFn;
  backend: string;
  loss: GradWorkerInit["loss"];
  /**
   * The replicated step (`step`): the caller's optimizer (its state is copied to every worker
   * at the start), its settings and the global-norm clipping threshold.
   */
  optimizer?: { opt: AdamW; config: OptimizerConfig; clipNorm?: number };
}


export interface PoolOptions {
  /** Time the parts of every step on every thread (`profile`). Default false. */
  profile?: boolean;
}

/** Step parts summed over `steps` steps: this thread's and each worker's. */
export interface PoolProfile {
  steps: number;
  main: PartTimes;
  workers: PartTimes[];
  /**
   * Steps each worker's parts cover: in `step` mode a worker's report reaches this thread when
   * its event loop next runs (the step itself never needs it to), so it may lag `steps`.
   */
  workerSteps: number[];
  /** Per worker (`gradients` mode; zeros in `step` mode, where "idle" is a part). */
  messages: MessageTimes[];
}

export class GradientPool {
  private constructor(
    private readonly m: PoolModel,
    private readonly shared: Float32Array,
    private readonly slots: Slot[],
    private readonly profiling: boolean,
    private readonly exchange: GradientExchange | null,
  ) {}

  private stepNo = 0;

  private mainParts: PartTimes = {};
  private profiled = 0;
  /** Open from the return of `gradients` to the next call: the caller's part (guards, optimizer). */
  private callerClock: StepClock | null = null;

  /**
   * The step parts summed since the last call (or the start), the caller's part of the last
   * step ending now: call it right after a step. Empty unless started with `profile`.
   */
  takeProfile(): PoolProfile {
    this.closeCallerPart();
    // The workers' idle time counts from now (not over the caller's pause before its next step).
    if (this.profiling) for (const s of this.slots) if (!s.dead) s.worker.postMessage({ kind: "reset" });
    const p = { steps: this.profiled, main: this.mainParts, workers: this.slots.map((s) => s.parts), workerSteps: this.slots.map((s) => s.partSteps), messages: this.slots.map((s) => s.messages) };
    this.mainParts = {};
    this.profiled = 0;
    this.slots.forEach((s) => ((s.parts = {}), (s.partSteps = 0), (s.messages = noMessages())));
    return p;
  }

  /** Live tensors in each worker after its last step (a leak check). */
  get workerTensors(): number[] {
    const ex = this.exchange;
    return ex ? this.slots.map((_, i) => ex.tensors(i + 1)) : this.slots.map((s) => s.tensors);
  }

  /** Threads in all, the calling one included. */
  get size(): number {
    return this.slots.length + 1;
  }

  /** Start `workers − 1` threads holding a copy of `m.model` (its current weights). */
  static async start(m: PoolModel, workers: number, options: PoolOptions = {}): Promise<GradientPool> {
    if (!Number.isInteger(workers) || workers < 2) throw new InvalidArgumentError("workers", workers, "must be an integer >= 2 for a worker pool");
    if (!WORKER_BACKENDS.includes(m.backend))
      throw new UnsupportedError(`workers ${workers}: data-parallel training runs on the wasm or cpu backend, not ${JSON.stringify(m.backend)} (use workers 1)`);
    const sizes = m.vars.map((v) => v.size);
    const total = sizes.reduce((a, b) => a + b, 0);
    const shared = new Float32Array(new SharedArrayBuffer(4 * total));
    const weights = await Promise.all(m.model.getWeights().map((w) => w.data() as Promise<Float32Array>));
    const o = m.optimizer;
    const exchange = o ? GradientExchange.allocate(workers, total) : null;
    const state = o ? await o.opt.readState() : null;
    // The compiled package (this file is .js) runs grad-worker.js directly; the sources run the
    // tests' compiled copy when there is one, else grad-worker.ts through tsx.
    const url = import.meta.url.endsWith(".js")
      ? new URL("./grad-worker.js", import.meta.url)
      : (compiledWorkerUrl(new URL("./grad-worker.ts", import.meta.url)) ?? tsWorkerUrl(new URL("./grad-worker.ts", import.meta.url)));
    const slots: Slot[] = [];
    const ready: Promise<void>[] = [];
    for (let k = 1; k < workers; k++) {
      const grad = new SharedArrayBuffer(4 * total);
      const init: GradWorkerInit = { backend: m.backend, topology: m.model.toJSON(null, false), weights, loss: m.loss, shared: shared.buffer as SharedArrayBuffer, grad, sizes, profile: options.profile ?? false };
      if (o && exchange && state) init.replicate = { index: k, threads: workers, exchange, optimizer: o.config, state, ...(o.clipNorm !== undefined ? { clipNorm: o.clipNorm } : {}) };
      const slot: Slot = { worker: new Worker(url, { workerData: init }), grad: new Float32Array(grad), pending: null, dead: null, tensors: 0, parts: {}, partSteps: 0, messages: noMessages() };
      slots.push(slot);
      ready.push(watch(slot, k));
    }
    const pool = new GradientPool(m, shared, slots, options.profile ?? false, exchange ? new GradientExchange(exchange, workers, total) : null);
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /**
   * Loss and gradients (in `vars` order) of the batch `x`, `y` (`n` samples of `xShape.slice(1)`
   * and `yShape.slice(1)` each): tensors the caller disposes. Throws an Io error naming the
   * worker when one stops; nothing is applied then.
   */
  async gradients(x: Float32Array, y: Float32Array, xShape: number[], yShape: number[]): Promise<{ value: tf.Scalar; grads: tf.Tensor[] }> {
    if (this.exchange) throw new UnsupportedError("this pool was started with an optimizer: use step(), which applies the update on every thread");
    const n = xShape[0]!;
    const w = Math.min(this.size, n);
    const bounds = Array.from({ length: w + 1 }, (_, k) => Math.floor((k * n) / w));
    const inX = x.length / n;
    const inY = y.length / n;
    this.closeCallerPart();
    const clock = this.profiling ? new StepClock() : null;
    // Synchronous reads (wasm and cpu hold the weights in host memory): one copy per weight,
    // without a promise turn each.
    let off = 0;
    for (const v of this.m.vars) {
      this.shared.set(v.dataSync() as Float32Array, off);
      off += v.size;
    }
    const replies = this.slots.slice(0, w - 1).map((slot, i) => {
      const [a, b] = [bounds[i + 1]!, bounds[i + 2]!];
      const step: GradStep = { x: x.slice(a * inX, b * inX), y: y.slice(a * inY, b * inY), xShape: [b - a, ...xShape.slice(1)], yShape: [b - a, ...yShape.slice(1)], sent: now() };
      return this.post(slot, i + 1, step);
    });
    clock?.lap("weights out");
    // This thread's shard runs while the workers run theirs.
    const n0 = bounds[1]!;
    const x0 = tf.tensor(x.subarray(0, n0 * inX), [n0, ...xShape.slice(1)], "float32");
    const y0 = tf.tensor(y.subarray(0, n0 * inY), [n0, ...yShape.slice(1)], "float32");
    const local = tf.variableGrads(() => this.m.lossFn(this.m.model.apply(x0, { training: true }) as tf.Tensor, y0), this.m.vars);
    tf.dispose([x0, y0]);
    const localGrads = this.m.vars.map((v) => local.grads[v.name]!);
    clock?.lap("shard");
    let losses: number[];
    try {
      losses = await Promise.all(replies);
    } catch (e) {
      tf.dispose([local.value, ...localGrads]);
      throw e;
    }
    clock?.lap("wait");
    const share = (k: number): number => (bounds[k + 1]! - bounds[k]!) / n;
    // One flat gradient per thread, combined by a few whole-buffer ops (the same products and
    // shard-order sums as weight by weight, where the per-weight ops cost more than the
    // arithmetic on small models), read back once and cut into the weights (tf.split is far
    // slower on wasm than this copy).
    const value = tf.tidy(() => {
      let v = tf.mul(local.value, share(0)) as tf.Scalar;
      losses.forEach((l, i) => (v = tf.add(v, l * share(i + 1))));
      return v;
    });
    const flat = tf.tidy(() => {
      let g = tf.mul(tf.concat(localGrads.map((t) => tf.reshape(t, [-1]))), share(0));
      this.slots.slice(0, w - 1).forEach((slot, i) => (g = tf.add(g, tf.mul(tf.tensor(slot.grad), share(i + 1)))));
      return g;
    });
    const sum = flat.dataSync() as Float32Array;
    flat.dispose();
    let o = 0;
    const grads = this.m.vars.map((v) => tf.tensor(sum.subarray(o, (o += v.size)), v.shape, "float32"));
    const out = { value, grads };
    tf.dispose([local.value, ...localGrads]);
    if (clock) {
      clock.lap("combine");
      addParts(this.mainParts, clock.parts);
      this.profiled++;
      this.callerClock = new StepClock();
    }
    return out;
  }

  /**
   * One training step on the batch (`step` mode): every thread computes its shard's gradient,
   * the threads all-reduce them through shared memory, and every thread (this one through the
   * caller's optimizer) applies the same clipped AdamW update at rate `lr`. Returns the batch's
   * loss and the gradient norm before clipping; `applied` is false, on every thread, when either
   * is not finite. Throws an Io error naming the worker when one stops; nothing is applied then.
   */
  async step(x: Float32Array, y: Float32Array, xShape: number[], yShape: number[], lr: number): Promise<{ loss: number; gradNorm: number; applied: boolean }> {
    const [ex, o] = [this.exchange, this.m.optimizer];
    if (!ex || !o) throw new UnsupportedError("GradientPool.step needs a pool started with an optimizer (PoolModel.optimizer); use gradients()");
    this.slots.forEach((slot, i) => {
      if (slot.dead) throw workerError(i + 1, slot.dead);
    });
    // A step that threw may have left workers waiting on it: the threads' copies can no longer
    // be trusted to agree, so the pool only closes.
    if (this.broken) throw new PdesError("Io", `data-parallel pool unusable after a failed step (${this.broken}); close it`);
    try {
      return await this.replicatedStep(ex, o, x, y, xShape, yShape, lr);
    } catch (e) {
      this.broken = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  private broken: string | null = null;

  private async replicatedStep(
    ex: GradientExchange,
    o: NonNullable<PoolModel["optimizer"]>,
    x: Float32Array,
    y: Float32Array,
    xShape: number[],
    yShape: number[],
    lr: number,
  ): Promise<{ loss: number; gradNorm: number; applied: boolean }> {
    const n = xShape[0]!;
    const bounds = Array.from({ length: this.size + 1 }, (_, k) => Math.floor((k * n) / this.size));
    const shares = bounds.slice(1).map((b, k) => (b - bounds[k]!) / n);
    const [inX, inY] = [x.length / n, y.length / n];
    const s = ++this.stepNo;
    this.closeCallerPart();
    const clock = this.profiling ? new StepClock() : null;
    this.slots.forEach((slot, i) => {
      const [a, b] = [bounds[i + 1]!, bounds[i + 2]!];
      const msg: ReplicaStep = { x: x.slice(a * inX, b * inX), y: y.slice(a * inY, b * inY), xShape: [b - a, ...xShape.slice(1)], yShape: [b - a, ...yShape.slice(1)], sent: now(), step: s, lr, shares };
      slot.worker.postMessage(msg, [msg.x.buffer as ArrayBuffer, msg.y.buffer as ArrayBuffer]);
    });
    clock?.lap("shards out");
    // This thread's shard runs while the workers run theirs.
    const n0 = bounds[1]!;
    let list: tf.Tensor[] | null = null;
    let loss = 0;
    if (n0 > 0) {
      const x0 = tf.tensor(x.subarray(0, n0 * inX), [n0, ...xShape.slice(1)], "float32");
      const y0 = tf.tensor(y.subarray(0, n0 * inY), [n0, ...yShape.slice(1)], "float32");
      const local = tf.variableGrads(() => this.m.lossFn(this.m.model.apply(x0, { training: true }) as tf.Tensor, y0), this.m.vars);
      list = this.m.vars.map((v) => local.grads[v.name]!);
      loss = local.value.dataSync()[0]!;
      tf.dispose([x0, y0, local.value]);
    }
    clock?.lap("shard");
    ex.publish(0, s, list, loss);
    if (list) tf.dispose(list);
    clock?.lap("gradient out");
    await this.awaitWorkers(ex, s);
    clock?.lap("wait");
    const c = ex.combine(s, shares, o.clipNorm);
    clock?.lap("combine");
    const applied = Number.isFinite(c.loss) && Number.isFinite(c.norm);
    if (applied) applyCombined(this.m.vars, o.opt, ex.combined, lr);
    if (clock) {
      clock.lap("optimizer");
      addParts(this.mainParts, clock.parts);
      this.profiled++;
      this.callerClock = new StepClock();
    }
    return { loss: c.loss, gradNorm: c.norm, applied };
  }

  /**
   * Block (Atomics.wait, in short slices) until every worker has published step `s`; between
   * slices the event loop runs, so a worker's error or exit ends the wait.
   */
  private async awaitWorkers(ex: GradientExchange, s: number): Promise<void> {
    for (const [i, slot] of this.slots.entries()) {
      for (;;) {
        if (slot.dead) throw workerError(i + 1, slot.dead);
        const r = ex.waitFor(i + 1, s, 20);
        if (r === "ok") break;
        if (r === "stopped") throw workerError(i + 1, "closed");
        await new Promise<void>((res) => setImmediate(res));
      }
    }
  }

  private closeCallerPart(): void {
    if (!this.callerClock) return;
    this.callerClock.lap(this.exchange ? "caller" : "caller (guards, optimizer)");
    addParts(this.mainParts, this.callerClock.parts);
    this.callerClock = null;
  }

  /** Stop every worker (idempotent). */
  async close(): Promise<void> {
    this.exchange?.stop();
    await Promise.all(
      this.slots.map((s) => {
        s.dead ??= "closed";
        return s.worker.terminate();
      }),
    );
  }

  private post(slot: Slot, k: number, step: GradStep): Promise<number> {
    if (slot.dead) return Promise.reject(workerError(k, slot.dead));
    return new Promise<number>((resolve, reject) => {
      slot.pending = { resolve, reject };
      slot.worker.postMessage(step, [step.x.buffer as ArrayBuffer, step.y.buffer as ArrayBuffer]);
    });
  }
}
