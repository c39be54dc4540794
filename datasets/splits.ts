/**
 * Splitting samples: contiguous ranges (`splitRange`, for held-out test stores and the like;
 * samples are iid in i, so contiguous splits are unbiased) and the seeded random train /
 * validation split the trainer uses (`splitIndices`).
 */
import { InvalidArgumentError, requireInteger } from "../core/index.js";

export interface SampleRange {
  readonly start: number;
  readonly end: number;
}

export interface Splits {
  readonly train: SampleRange;
  readonly val: SampleRange;
  readonly test: SampleRange;
}

/**
 * Contiguous splits train | val | test of n samples. Sizes are fractions (summing to ≤ 1) or
 * integer counts (summing to ≤ n).
 */
export function splitRange(n: number, sizes: { train: number; val: number; test: number } = { train: 0.8, val: 0.1, test: 0.1 }): Splits {
  requireInteger("n", n, 1);
  const vals = [sizes.train, sizes.val, sizes.test];
  const counts = vals.every((v) => Number.isInteger(v) && v >= 0) && vals.some((v) => v > 1);
  let c: number[];
  if (counts) {
    if (vals.reduce((a, b) => a + b, 0) > n) throw new InvalidArgumentError("sizes", sizes, `must sum to at most n = ${n}`);
    c = vals;
  } else {
    if (vals.some((v) => !(v >= 0 && v <= 1)) || vals.reduce((a, b) => a + b, 0) > 1 + 1e-12)
      throw new InvalidArgumentError("sizes", sizes, "must be fractions in [0, 1] summing to at most 1, or integer counts");
    c = [Math.floor(vals[0]! * n), Math.floor(vals[1]! * n), Math.floor(vals[2]! * n)];
  }
  const t = c[0]!;
  const v = t + c[1]!;
  return { train: { start: 0, end: t }, val: { start: t, end: v }, test: { start: v, end: v + c[2]! } };
}

/** Seeded split: the first `nVal` of a shuffled index list validate, the rest train (both sorted). */
export function splitIndices(count: number, validationFraction: number, shuffle: (a: number[]) => void): { train: number[]; val: number[] } {
  const idx = Array.from({ length: count }, (_, i) => i);
  shuffle(idx);
  let nVal = Math.round(count * validationFraction);
  if (validationFraction > 0 && nVal === 0 && count > 1) nVal = 1;
  if (nVal >= count) nVal = count - 1;
  return { val: idx.slice(0, nVal).sort((a, b) => a - b), train: idx.slice(nVal).sort((a, b) => a - b) };
}
