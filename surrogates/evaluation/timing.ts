/**
 * Wall-clock timing of inference (or of a solver) per sample. Warm-up calls absorb JIT and
 * kernel compilation; the median of the repeats is reported, because a shared machine adds
 * one-sided noise that a mean would carry.
 */
import { requireInteger } from "../../core/index.js";

export interface TimingOptions {
  /** Untimed calls first. Default 1. */
  warmup?: number;
  /** Timed calls. Default 3. */
  repeats?: number;
}

export interface Timing {
  /** Median over repeats of (call time / samples per call), milliseconds. */
  msPerSample: number;
  /** Fastest repeat, milliseconds per sample. */
  minMsPerSample: number;
  repeats: number;
}

export async function timePerSample(call: () => unknown, samplesPerCall: number, opts: TimingOptions = {}): Promise<Timing> {
  requireInteger("samplesPerCall", samplesPerCall, 1);
  const warmup = requireInteger("warmup", opts.warmup ?? 1, 0);
  const repeats = requireInteger("repeats", opts.repeats ?? 3, 1);
  for (let i = 0; i < warmup; i++) await call();
  const t: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await call();
    t.push((performance.now() - t0) / samplesPerCall);
  }
  t.sort((a, b) => a - b);
  const mid = t.length >> 1;
  const median = t.length % 2 ? t[mid]! : 0.5 * (t[mid - 1]! + t[mid]!);
  return { msPerSample: median, minMsPerSample: t[0]!, repeats };
}
