/**
 * Plans (twiddles, Bluestein kernels, work buffers) are built once per length and reused. The
 * cache is a small LRU so a sweep over many lengths does not pin memory forever.
 */
import { createComplexPlan, type ComplexPlan } from "./complex-plan.js";
import { RealPlan } from "./real-plan.js";

const MAX_ENTRIES = 48;

class Lru<V> {
  private readonly map = new Map<number, V>();
  private lastKey = -1;
  private lastValue: V | undefined;
  constructor(private readonly make: (n: number) => V) {}
  get(n: number): V {
    // Batched transforms ask for the same length once per line: skip the LRU bookkeeping.
    if (n === this.lastKey) return this.lastValue!;
    let v = this.map.get(n);
    if (v !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.map.delete(n);
      this.map.set(n, v);
    } else {
      v = this.make(n);
      this.map.set(n, v);
      if (this.map.size > MAX_ENTRIES) this.map.delete(this.map.keys().next().value!);
    }
    this.lastKey = n;
    this.lastValue = v;
    return v;
  }
  clear(): void {
    this.map.clear();
    this.lastKey = -1;
    this.lastValue = undefined;
  }
}

const complexPlans = new Lru<ComplexPlan>(createComplexPlan);
const realPlans = new Lru<RealPlan>((n) => new RealPlan(n, getComplexPlan));

/** The cached complex plan for length n >= 1. */
export function getComplexPlan(n: number): ComplexPlan {
  return complexPlans.get(n);
}

/** The cached real-input plan for length n >= 1. */
export function getRealPlan(n: number): RealPlan {
  return realPlans.get(n);
}

/** Drop every cached plan (tests, or to release memory after a large job). */
export function clearFftPlans(): void {
  complexPlans.clear();
  realPlans.clear();
}
