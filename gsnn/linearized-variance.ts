/**
 * Covariance-aware output variance by linearisation (the delta method; docs/gsnn.md
 * §Limitations): for input noise ε independent across points and channels with variances σ₀²,
 * Var y_o ≈ Σ_j (∂y_o/∂x_j)² σ₀²_j. The Jacobian carries every correlation the layers create
 * (between neighbouring points after a filter, between channels after a linear layer, between
 * a block's skip and filtered branches), which the layer-by-layer mean-field path drops. Exact
 * for a linear network; first order in σ₀ otherwise. Cost: one backward pass per output value,
 * batched as `chunk` copies of the sample with one output selected in each.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, requireInteger } from "../core/index.js";

export interface LinearizedVarianceOptions {
  /** Copies of a sample per backward pass (default 64). */
  chunk?: number;
}

/**
 * Output variance `[batch, ...spatial, Cout]` of a deterministic model at inputs `x`
 * `[batch, ...spatial, Cin]` whose channels carry independent white noise of variance
 * `inputVariance` (one number for every channel, or one per channel).
 */
export function linearizedVariance(
  model: tf.LayersModel,
  x: tf.Tensor,
  inputVariance: number | readonly number[],
  opts: LinearizedVarianceOptions = {},
): tf.Tensor {
  const cin = x.shape[x.rank - 1]!;
  const v0 = typeof inputVariance === "number" ? new Array<number>(cin).fill(inputVariance) : [...inputVariance];
  if (v0.length !== cin || v0.some((v) => !(v >= 0) || !Number.isFinite(v)))
    throw new InvalidArgumentError("inputVariance", inputVariance, `must be a number >= 0 or ${cin} of them (one per input channel)`);
  const chunk = requireInteger("chunk", opts.chunk ?? 64, 1);
  const B = x.shape[0]!;
  const out = tf.tidy(() => model.predict(tf.slice(x, [0], [1])) as tf.Tensor);
  const outShape = out.shape.slice(1);
  out.dispose();
  if (outShape.length !== x.rank - 1) throw new ShapeMismatchError("model output", outShape, "[...spatial, Cout] like the input");
  const P = outShape.reduce((p, q) => p * q, 1);
  const result = new Float32Array(B * P);
  const w = tf.tensor1d(v0);
  for (let b = 0; b < B; b++) {
    const xb = tf.slice(x, [b], [1]);
    for (let p0 = 0; p0 < P; p0 += chunk) {
      const m = Math.min(chunk, P - p0);
      const sel = new Float32Array(m * P);
      for (let i = 0; i < m; i++) sel[i * P + p0 + i] = 1;
      const v = tf.tidy(() => {
        const mask = tf.tensor(sel, [m, ...outShape]);
        const xs = tf.tile(xb, [m, ...x.shape.slice(1).map(() => 1)]);
        // Copy i's gradient is ∇_x y_{p0+i}: the copies are independent samples of the batch.
        const g = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(model.apply(z) as tf.Tensor, mask)))(xs);
        return tf.sum(tf.mul(tf.reshape(tf.square(g), [m, -1, cin]), w), [1, 2]).dataSync();
      });
      result.set(v, b * P + p0);
    }
    xb.dispose();
  }
  w.dispose();
  return tf.tensor(result, [B, ...outShape]);
}
