/** Shared helpers for the finite-difference tests (not a test file itself). */
import type { Field } from "../../core/index.js";

/** Least-squares slope of log(err) against log(h) (as diffrax's test_ode_order). */
export function observedOrder(h: readonly number[], err: readonly number[]): number {
  const x = h.map(Math.log);
  const y = err.map(Math.log);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

/** Orders between consecutive refinements. */
export function pairwiseOrders(h: readonly number[], err: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < h.length; i++) out.push(Math.log(err[i - 1]! / err[i]!) / Math.log(h[i - 1]! / h[i]!));
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

/** Subtract the mean in place (returns the field for chaining). */
export function demean(f: Field): Field {
  const m = mean(f.data);
  for (let i = 0; i < f.data.length; i++) f.data[i] = f.data[i]! - m;
  return f;
}

/** A piecewise-constant 12:3 coefficient from the sign of a smooth random-looking field. */
export function thresholdCoefficient(n0: number, n1: number, seed: number): Float64Array {
  const a = new Float64Array(n0 * n1);
  const modes: [number, number, number, number][] = [];
  let s = seed * 9301 + 49297;
  const rnd = (): number => ((s = (s * 9301 + 49297) % 233280) / 233280);
  for (let k = 0; k < 12; k++) modes.push([1 + 6 * rnd(), 1 + 6 * rnd(), 2 * Math.PI * rnd(), rnd() - 0.5]);
  for (let i = 0; i < n0; i++)
    for (let j = 0; j < n1; j++) {
      const x = (i + 1) / (n0 + 1);
      const y = (j + 1) / (n1 + 1);
      let g = 0;
      for (const [kx, ky, ph, amp] of modes) g += amp * Math.cos(Math.PI * (kx * x + ky * y) + ph);
      a[i * n1 + j] = g >= 0 ? 12 : 3;
    }
  return a;
}
