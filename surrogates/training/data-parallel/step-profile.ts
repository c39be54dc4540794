/**
 * Where a data-parallel step's time goes (docs/training.md §Data-parallel training): each
 * thread splits its step into named parts and records the wall and CPU milliseconds of each
 * (thread-cpu.ts); the pool sums them over steps for `npm run bench -- models --workers W
 * --profile`.
 */
import { threadTimes } from "./thread-cpu.js";

/** Milliseconds since the epoch on the performance clock: comparable across threads (message latency). */
export const now = (): number => performance.timeOrigin + performance.now();

/** Milliseconds per named part of one step: wall, CPU of this thread, waiting for a core. */
export type PartTimes = Record<string, { wall: number; cpu: number; queued: number }>;

export class StepClock {
  readonly parts: PartTimes = {};
  private wall = performance.now();
  private t = threadTimes();

  /** Close the part that ran since the last lap (or construction) under `name`. */
  lap(name: string): void {
    const [wall, t] = [performance.now(), threadTimes()];
    const p = (this.parts[name] ??= { wall: 0, cpu: 0, queued: 0 });
    p.wall += wall - this.wall;
    p.cpu += t.cpu - this.t.cpu;
    p.queued += t.queued - this.t.queued;
    [this.wall, this.t] = [wall, t];
  }
}

/** Add `b` into `a` part by part. */
export function addParts(a: PartTimes, b: PartTimes): void {
  for (const [k, v] of Object.entries(b)) {
    const p = (a[k] ??= { wall: 0, cpu: 0, queued: 0 });
    p.wall += v.wall;
    p.cpu += v.cpu;
    p.queued += v.queued;
  }
}
