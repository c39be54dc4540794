/**
 * Truncated DFT bases as float32 matrices, so the spectral convolution is plain matMuls
 * (tfjs has no complex kernels on wasm and no FFT gradient). Conventions: docs/conventions.md
 * §Fourier (forward e^{−2πi jk/n}, inverse carries 1/n). Cached per backend and size: they are
 * rebuilt from the input size at call time, which is what lets an FNO run on another resolution.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../core/index.js";
// The matrices are operators/spectral's (same area); only the float32 copies with transposes
// for the hand-written gradients (fast-matmul.ts) and their cache are the FNO's own.
import { fourierComplexForward, fourierComplexInverse, fourierHalfForward, fourierHalfInverse } from "../spectral/basis.js";

/** A constant transform A and its transpose (the gradient uses Aᵀ, see fast-matmul.ts). */
export interface BasisPair {
  a: tf.Tensor2D;
  at: tf.Tensor2D;
}

export interface AxisTransform {
  forward: BasisPair;
  inverse: BasisPair;
}

const cache = new Map<string, AxisTransform>();

/**
 * Real axis, half spectrum: frequencies 0..m−1 (m ≤ ⌊n/2⌋+1).
 * forward [2m, n]: rows (Re X_k) then (Im X_k); inverse [n, 2m] back to real values, with the
 * weight 2 on modes that stand for a ± pair (1 on k = 0 and on the Nyquist mode).
 */
export function realAxisTransform(n: number, m: number): AxisTransform {
  if (m < 1 || m > Math.floor(n / 2) + 1)
    throw new InvalidArgumentError("modes", m, `must be in [1, ${Math.floor(n / 2) + 1}] for an axis of ${n} points`);
  return cached(`r:${n}:${m}`, () => ({
    forward: pair(Float32Array.from(fourierHalfForward(n, m)), 2 * m, n),
    inverse: pair(Float32Array.from(fourierHalfInverse(n, m)), n, 2 * m),
  }));
}

/**
 * Complex axis with frequencies 0..m−1 and −m..−1 (2m ≤ n), acting on stacked (Re; Im) blocks:
 * forward [4m, 2n] = [[C, S], [−S, C]], inverse [2n, 4m] = (1/n)[[Cᵀ, −Sᵀ], [Sᵀ, Cᵀ]] with
 * C[k, j] = cos(2π f_k j / n), S = sin(...).
 */
export function complexAxisTransform(n: number, m: number): AxisTransform {
  if (m < 1 || 2 * m > n) throw new InvalidArgumentError("modes", m, `must be in [1, ${Math.floor(n / 2)}] for an axis of ${n} points`);
  return cached(`c:${n}:${m}`, () => {
    const K = 2 * m;
    const freqs = Int32Array.from({ length: K }, (_, r) => (r < m ? r : r - K));
    return {
      forward: pair(Float32Array.from(fourierComplexForward(n, freqs)), 2 * K, 2 * n),
      inverse: pair(Float32Array.from(fourierComplexInverse(n, freqs)), 2 * n, 2 * K),
    };
  });
}

function pair(data: Float32Array, rows: number, cols: number): BasisPair {
  const t = new Float32Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = data[i * cols + j]!;
  return { a: tf.keep(tf.tensor2d(data, [rows, cols])), at: tf.keep(tf.tensor2d(t, [cols, rows])) };
}

function cached(key: string, make: () => AxisTransform): AxisTransform {
  // Tensors live on the backend that made them: key by backend so a switch rebuilds them.
  const k = `${tf.getBackend()}:${key}`;
  let v = cache.get(k);
  if (!v) {
    v = make();
    cache.set(k, v);
  }
  return v;
}

/** Free the cached bases (tests that count tensors, or after a backend switch). */
export function clearDftBasisCache(): void {
  for (const v of cache.values()) tf.dispose([v.forward.a, v.forward.at, v.inverse.a, v.inverse.at]);
  cache.clear();
}
