/**
 * CPU time of the calling thread, for the data-parallel step profile (docs/training.md
 * §Data-parallel training). Node 20 has no per-thread CPU clock (`process.cpuUsage` sums every
 * thread), so this reads Linux's /proc/thread-self/schedstat: nanoseconds on CPU and waiting in
 * the run queue. The kernel refreshes the running thread's figure at scheduler ticks, so one
 * reading may lag by up to a tick (a few ms); differences averaged over many steps are unbiased.
 * Elsewhere (no /proc) both read NaN.
 */
import { readFileSync } from "node:fs";

let usable: boolean | null = null;

/** Milliseconds this thread has run and has waited for a core, or NaN without schedstat. */
export function threadTimes(): { cpu: number; queued: number } {
  if (usable === false) return { cpu: NaN, queued: NaN };
  try {
    const [run, wait] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ");
    usable = true;
    return { cpu: Number(run) / 1e6, queued: Number(wait) / 1e6 };
  } catch {
    usable = false;
    return { cpu: NaN, queued: NaN };
  }
}
