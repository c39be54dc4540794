/**
 * Test data for the kernel and RBF operators: pairs from the dataset problems (heat1d,
 * poisson1d: GRF inputs, exact spectral solutions), generated in memory from (seed, i).
 */
import { getProblem } from "../../datasets/index.js";

export interface Pairs {
  X: Float64Array;
  Y: Float64Array;
  n: number;
  res: number;
}

export function problemPairs(problem: string, n: number, seed: number, res = 64): Pairs {
  const p = getProblem(problem).resolve({ resolution: res });
  const X = new Float64Array(n * res);
  const Y = new Float64Array(n * res);
  for (let i = 0; i < n; i++) p.sample(seed, i, X.subarray(i * res, (i + 1) * res), Y.subarray(i * res, (i + 1) * res));
  return { X, Y, n, res };
}

/** Mean over samples of ‖pred − y‖/‖y‖ (rows of length `per`). */
export function meanRelL2(pred: ArrayLike<number>, y: ArrayLike<number>, per: number): number {
  const n = y.length / per;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let e = 0;
    let r = 0;
    for (let j = i * per; j < (i + 1) * per; j++) {
      e += (pred[j]! - y[j]!) ** 2;
      r += y[j]! ** 2;
    }
    s += Math.sqrt(e / r);
  }
  return s / n;
}
