/**
 * A cheaper linearised variance for white input noise on a 1-D grid (docs/gsnn.md
 * §Uncertainty, "low input modes"): Var y_o = Σ_φ σ² (J φ)_o² over any orthonormal basis φ of
 * the input, so over the real Fourier basis; keeping only the modes |m| ≤ M and taking J φ by
 * central differences of the model at x ± σφ (one noise standard deviation along φ, a
 * sigma-point secant) costs 2(2M + 1) forward passes per sample and input channel instead of one
 * backward pass per output value. Two approximations, both measured against the exact gradients
 * where it is used: the modes above M are dropped (a lower bound; small where the map smooths,
 * as a heat-kernel network does), and the secant replaces the tangent (exact for a linear map; at
 * M = n/2 the basis is complete and only the secant differs).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, requireInteger } from "../core/index.js";

export interface ModesVarianceOptions {
  /** Highest Fourier mode kept (0 … n/2; n/2 = the complete basis). */
  modes: number;
  /** Perturbed inputs per forward pass (default 64; rounded down to even). */
  chunk?: number;
  /** Only the first `outputChannels` output channels (a probabilistic model's means). Default: all. */
  outputChannels?: number;
}

/** The orthonormal real Fourier vectors of length n with |m| ≤ M: [count, n]. */
export function realFourierBasis(n: number, M: number): Float32Array[] {
  const out: Float32Array[] = [Float32Array.from({ length: n }, () => 1 / Math.sqrt(n))];
  const top = Math.min(M, Math.ceil(n / 2) - 1);
  const a = Math.sqrt(2 / n);
  for (let m = 1; m <= top; m++) {
    out.push(Float32Array.from({ length: n }, (_, j) => a * Math.cos((2 * Math.PI * m * j) / n)));
    out.push(Float32Array.from({ length: n }, (_, j) => a * Math.sin((2 * Math.PI * m * j) / n)));
  }
  if (n % 2 === 0 && M >= n / 2 && n > 1) out.push(Float32Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 1 : -1) / Math.sqrt(n)));
  return out;
}

/**
 * Output variance `[batch, n, K]` of `model` at inputs `x` `[batch, n, Cin]` carrying white
 * Gaussian noise of pointwise variance `inputVariance` (one number or one per channel), from the
 * input's Fourier modes up to `opts.modes` (see the file comment for the approximations).
 */
export async function linearizedVarianceModes(
  model: tf.LayersModel,
  x: tf.Tensor,
  inputVariance: number | readonly number[],
  opts: ModesVarianceOptions,
): Promise<{ data: Float32Array; shape: number[] }> {
  if (x.rank !== 3) throw new ShapeMismatchError("x", x.shape, "[batch, n, channels] (one spatial axis)");
  const [B, n, cin] = x.shape as [number, number, number];
  const v0 = typeof inputVariance === "number" ? new Array<number>(cin).fill(inputVariance) : [...inputVariance];
  if (v0.length !== cin || v0.some((v) => !(v >= 0) || !Number.isFinite(v)))
    throw new InvalidArgumentError("inputVariance", inputVariance, `must be a number >= 0 or ${cin} of them (one per input channel)`);
  const M = requireInteger("modes", opts.modes, 0, Math.floor(n / 2));
  const chunk = Math.max(2, requireInteger("chunk", opts.chunk ?? 64, 2) & ~1);
  const probe = tf.tidy(() => model.predict(tf.slice(x, [0], [1])) as tf.Tensor);
  const outShape = probe.shape.slice(1);
  probe.dispose();
  if (outShape.length !== 2 || outShape[0] !== n) throw new ShapeMismatchError("model output", outShape, `[${n}, Cout]`);
  const K = requireInteger("outputChannels", opts.outputChannels ?? outShape[1]!, 1, outShape[1]!);
  const basis = realFourierBasis(n, M);
  // Directions (channel c, vector q) with h = σ_c; each as the pair x + hφ, x − hφ.
  const dirs: { c: number; q: number; h: number }[] = [];
  v0.forEach((v, c) => v > 0 && basis.forEach((_, q) => dirs.push({ c, q, h: Math.sqrt(v) })));
  const result = new Float32Array(B * n * K);
  for (let b = 0; b < B; b++) {
    const xb = tf.slice(x, [b], [1]);
    let acc = tf.zeros([n, K]);
    try {
      for (let d0 = 0; d0 < dirs.length; d0 += chunk / 2) {
        const ds = dirs.slice(d0, d0 + chunk / 2);
        const pert = new Float32Array(2 * ds.length * n * cin);
        ds.forEach(({ c, q, h }, i) => {
          const phi = basis[q]!;
          for (let j = 0; j < n; j++) {
            pert[((2 * i) * n + j) * cin + c] = h * phi[j]!;
            pert[((2 * i + 1) * n + j) * cin + c] = -h * phi[j]!;
          }
        });
        const next = tf.tidy(() => {
          const y = model.apply(tf.add(xb, tf.tensor(pert, [2 * ds.length, n, cin]))) as tf.Tensor;
          const yk = K === outShape[1] ? y : tf.slice(y, [0, 0, 0], [-1, -1, K]);
          const pairs = tf.reshape(yk, [ds.length, 2, n, K]);
          const diff = tf.sub(tf.slice(pairs, [0, 0], [-1, 1]), tf.slice(pairs, [0, 1], [-1, 1]));
          // ((f₊ − f₋)/(2h))² σ² with h = σ: (f₊ − f₋)² / 4.
          return tf.add(acc, tf.mul(tf.sum(tf.square(diff), [0, 1]), 0.25));
        });
        acc.dispose();
        acc = next;
      }
      result.set((await acc.data()) as Float32Array, b * n * K);
    } finally {
      acc.dispose();
      xb.dispose();
    }
  }
  return { data: result, shape: [B, n, K] };
}
