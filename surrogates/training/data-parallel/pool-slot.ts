/**
 * A data-parallel worker thread as the pool sees it (gradient-pool.ts, docs/training.md
 * §Data-parallel training): its pending step, why it stopped, and what it reported; `watch`
 * routes its messages and failures.
 */
import type { Worker } from "node:worker_threads";
import { PdesError } from "../../../core/index.js";
import type { GradReply } from "./grad-worker.js";
import { addParts, now, type PartTimes } from "./step-profile.js";

export interface Slot {
  worker: Worker;
  grad: Float32Array;
  pending: { resolve: (loss: number) => void; reject: (e: Error) => void } | null;
  dead: string | null;
  /** Live tensors in the worker after its last step. */
  tensors: number;
  /** Its step parts summed over the profiled steps it has reported (`partSteps`). */
  parts: PartTimes;
  partSteps: number;
  /** Message latencies and the worker's idle time between steps, summed (`gradients` mode). */
  messages: MessageTimes;
}

/** Milliseconds summed over steps: main → worker and worker → main message latency, worker idle between steps. */
export interface MessageTimes {
  toWorker: number;
  toMain: number;
  idle: number;
}

export const noMessages = (): MessageTimes => ({ toWorker: 0, toMain: 0, idle: 0 });

/** Route a worker's replies and failures to its pending step; resolves once it is ready. */
export function watch(slot: Slot, k: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let started = false;
    const fail = (why: string): void => {
      if (slot.dead) return;
      slot.dead = why;
      const e = workerError(k, why);
      if (!started) reject(e);
      slot.pending?.reject(e);
      slot.pending = null;
    };
    slot.worker.on("message", (r: GradReply) => {
      if (r.kind === "ready") {
        started = true;
        resolve();
      } else if (r.kind === "grad") {
        const p = slot.pending;
        slot.pending = null;
        slot.tensors = r.tensors;
        if (r.parts) {
          addParts(slot.parts, r.parts);
          slot.partSteps++;
          slot.messages.toWorker += r.latency;
          slot.messages.toMain += now() - r.sent;
          slot.messages.idle += r.idle;
        }
        p?.resolve(r.loss);
      } else if (r.kind === "parts") {
        addParts(slot.parts, r.parts);
        slot.partSteps++;
      }
      else fail(r.message);
    });
    slot.worker.on("error", (e) => fail(e.message));
    slot.worker.on("exit", (code) => fail(`exited with code ${code}`));
  });
}

export function workerError(k: number, why: string): PdesError {
  return new PdesError("Io", `data-parallel worker ${k} stopped: ${why}`);
}
