/** Order statistics of per-sample errors (the rows of a metrics table). */
import { InvalidArgumentError } from "../../core/index.js";

export interface Summary {
  count: number;
  mean: number;
  median: number;
  /** 95th percentile, linear interpolation between order statistics (numpy's default). */
  p95: number;
  max: number;
  min: number;
}

/** Quantile q ∈ [0, 1] of sorted values, numpy `method="linear"`: position q·(n−1). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const w = pos - lo;
  return sorted[lo]! + w * (sorted[hi]! - sorted[lo]!);
}

export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) throw new InvalidArgumentError("values", "[]", "must hold at least one value");
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  return { count: n, mean: sum / n, median: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), max: s[n - 1]!, min: s[0]! };
}
