/**
 * The shared-memory all-reduce of a replicated data-parallel step (docs/training.md
 * §Data-parallel training): every thread writes its shard's gradient and loss into its slot,
 * raises its step counter (Atomics), waits for the others' counters, then forms the same
 * combined gradient, norm and update as every other thread. The arithmetic is plain JavaScript
 * in float64 over float32 slots in a fixed order, so every thread gets the same bits and the
 * weights never have to be published.
 *
 * Layout: `ctrl` (Int32) holds per thread the last step it published (−1 once it failed), then
 * per thread its live tensor count, then a stop flag; the gradient slots are double-buffered by
 * step parity, because a thread may publish step s + 1 while a slower one still combines step s
 * (it cannot reach s + 2 before every thread has finished s: it needs their s + 1 counters).
 */
import * as tf from "@tensorflow/tfjs";
import type { AdamW } from "../adamw.js";

export interface ExchangeBuffers {
  ctrl: SharedArrayBuffer;
  slots: SharedArrayBuffer;
}

export type WaitResult = "ok" | "timed-out" | "failed" | "stopped";

type HeapBackend = { typedArrayFromHeap(t: { shape: number[]; dtype: string; dataId: object }): Float32Array };

/** tfjs-wasm's view of a tensor's data in its heap (valid until the heap next grows), or null. */
function heapView(backend: object): ((t: tf.Tensor) => Float32Array) | null {
  if (!("typedArrayFromHeap" in backend)) return null;
  const b = backend as HeapBackend;
  return (t) => b.typedArrayFromHeap({ shape: t.shape, dtype: t.dtype, dataId: t.dataId });
}

export class GradientExchange {
  readonly ctrl: Int32Array;
  /** [parity][thread]: the gradient, flat in trainable-weight order, then the shard's loss. */
  private readonly slots: Float32Array[][];
  /** The combined (and clipped) gradient of the last `combine`. */
  readonly combined: Float32Array;

  constructor(
    bufs: ExchangeBuffers,
    readonly threads: number,
    readonly total: number,
  ) {
    this.ctrl = new Int32Array(bufs.ctrl);
    const slot = (p: number, k: number): Float32Array => new Float32Array(bufs.slots, 4 * (p * threads + k) * (total + 1), total + 1);
    this.slots = [0, 1].map((p) => Array.from({ length: threads }, (_, k) => slot(p, k)));
    this.combined = new Float32Array(total);
  }

  static allocate(threads: number, total: number): ExchangeBuffers {
    return { ctrl: new SharedArrayBuffer(4 * (2 * threads + 1)), slots: new SharedArrayBuffer(4 * 2 * threads * (total + 1)) };
  }

  /** Write thread `k`'s shard gradients (`null`: an empty shard) and loss for step `s`, then signal. */
  publish(k: number, s: number, grads: readonly tf.Tensor[] | null, loss: number): void {
    const slot = this.slots[s & 1]![k]!;
    if (grads) {
      let off = 0;
      // Synchronous reads straight into the slot (wasm and cpu hold tensors in host memory); on
      // wasm from a view of the heap, one copy instead of dataSync's copy out and then this one.
      const heap = heapView(tf.backend());
      for (const g of grads) {
        slot.set(heap && g.dtype === "float32" ? heap(g) : (g.dataSync() as Float32Array), off);
        off += g.size;
      }
    }
    slot[this.total] = loss;
    Atomics.store(this.ctrl, k, s);
    Atomics.notify(this.ctrl, k);
  }

  /** Thread `k` cannot publish (it failed): wake whoever waits on it. */
  fail(k: number): void {
    Atomics.store(this.ctrl, k, -1);
    Atomics.notify(this.ctrl, k);
  }

  /**
   * Block until thread `k` has published step `s`, at most `ms` milliseconds. It may already be
   * past `s` (the main thread starts step s + 1 as soon as it has every step-s gradient, while a
   * worker may not have looked yet); its step-s slot stays intact until it publishes s + 2.
   */
  waitFor(k: number, s: number, ms: number): WaitResult {
    for (;;) {
      const v = Atomics.load(this.ctrl, k);
      if (v < 0) return "failed";
      if (v >= s) return "ok";
      if (this.stopped) return "stopped";
      if (Atomics.wait(this.ctrl, k, v, ms) === "timed-out") return Atomics.load(this.ctrl, k) >= s ? "ok" : "timed-out";
    }
  }

  get stopped(): boolean {
    return Atomics.load(this.ctrl, 2 * this.threads) !== 0;
  }

  /** Tell every thread to leave its waits (the pool is closing). */
  stop(): void {
    Atomics.store(this.ctrl, 2 * this.threads, 1);
    for (let k = 0; k < this.threads; k++) Atomics.notify(this.ctrl, k);
  }

  setTensors(k: number, n: number): void {
    Atomics.store(this.ctrl, this.threads + k, n);
  }

  tensors(k: number): number {
    return Atomics.load(this.ctrl, this.threads + k);
  }

  /**
   * The batch's loss and gradient for step `s`: shard means weighted by `shares` (sample
   * fractions), summed in thread order; an empty shard (share 0) is skipped. Leaves the
   * gradient in `combined`, scaled to norm `clipNorm` when its norm (returned, before clipping)
   * exceeds it.
   */
  combine(s: number, shares: readonly number[], clipNorm?: number): { loss: number; norm: number } {
    const [out, n] = [this.combined, this.total];
    // Every thread takes the same path (the shares are the same): the same bits everywhere.
    const ws: number[] = [];
    const gs: Float32Array[] = [];
    let loss = 0;
    shares.forEach((share, k) => {
      if (share === 0) return;
      ws.push(share);
      gs.push(this.slots[s & 1]![k]!);
      loss += share * this.slots[s & 1]![k]![n]!;
    });
    const sq = gs.length === 2 ? sumTwo(out, gs[0]!, gs[1]!, ws[0]!, ws[1]!) : sumMany(out, gs, ws);
    const norm = Math.sqrt(sq);
    if (clipNorm !== undefined && norm > clipNorm) {
      const scale = clipNorm / norm;
      for (let i = 0; i < n; i++) out[i] = out[i]! * scale;
    }
    return { loss: Math.fround(loss), norm };
  }
}

/**
 * out = w0·a + w1·b element by element (float64, then rounded), returning Σ out² of the rounded
 * values (as sumMany): two threads, the common case, without the generic loop's inner loop
 * (GradientExchange.combine of the FNO-1D's 139,745 weights: 0.47–0.49 against 1.0–1.2 ms of
 * CPU, shared buffers, load 12–17).
 */
function sumTwo(out: Float32Array, a: Float32Array, b: Float32Array, w0: number, w1: number): number {
  let sq = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = w0 * a[i]! + w1 * b[i]!;
    sq += out[i]! * out[i]!;
  }
  return sq;
}

/** out = Σ_j ws[j]·gs[j] in j order (float64, then rounded), returning Σ out². */
function sumMany(out: Float32Array, gs: readonly Float32Array[], ws: readonly number[]): number {
  let sq = 0;
  for (let i = 0; i < out.length; i++) {
    let a = 0;
    for (let j = 0; j < ws.length; j++) a += ws[j]! * gs[j]![i]!;
    out[i] = a;
    sq += out[i]! * out[i]!;
  }
  return sq;
}

/**
 * One optimizer step from the combined gradient, the same on every thread: the gradient cut
 * into the weights' shapes (copies), then `opt`'s fused update.
 */
export function applyCombined(vars: readonly tf.Variable[], opt: AdamW, combined: Float32Array, lr: number): void {
  let o = 0;
  const grads = vars.map((v) => tf.tensor(combined.subarray(o, (o += v.size)), v.shape, "float32"));
  opt.apply(grads, lr);
  tf.dispose(grads);
}
