/**
 * Covariance-aware output variance by linearisation (the delta method; docs/gsnn.md
 * §Uncertainty): for input noise ε with covariance Σ, Var y_o ≈ (J Σ Jᵀ)_oo, J = ∂y/∂x. The
 * Jacobian carries every correlation the layers create (between neighbouring points after a
 * filter, between channels after a linear layer, between a block's skip and filtered branches),
 * which the layer-by-layer mean-field path drops. Exact for a linear network; first order in
 * σ₀ otherwise.
 *
 * White noise (Σ diagonal, one variance per input channel): Var y_o = Σ_j (∂y_o/∂x_j)² σ₀²_j.
 * Stationary correlated noise on a periodic grid, ε = C ξ with C the Fourier multiplier √S(k)
 * (ξ white; Σ = C Cᵀ is diagonal in Fourier with the power spectrum S): Var y_o = ‖C ∇_x y_o‖²,
 * one spectral filter of each gradient row. Cost: one backward pass per output value, batched
 * as `chunk` rows (any samples, any outputs) per pass; no cheaper exact route exists without
 * forward-mode autodiff (tfjs has none), and random probes would make the variance noisy.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, requireInteger } from "../core/index.js";
import { spectralFilter, spectralTransform, wavenumbersSquared } from "../operators/index.js";

/** Shape of a stationary noise's power spectrum on a periodic grid (its scale is set by the variance). */
export interface NoiseSpectrum {
  /** Physical domain length per spatial axis (angular wavenumbers k = 2πm/L). */
  lengths: readonly number[];
  /** Relative power S(|k|²) ≥ 0; only its shape matters (normalised to the pointwise variance). */
  density: (k2: number) => number;
}

export interface LinearizedVarianceOptions {
  /** Gradient rows per backward pass (default 64). */
  chunk?: number;
  /** Linearise only the first `outputChannels` output channels (a probabilistic model's means). Default: all. */
  outputChannels?: number;
  /** Correlated noise: the pointwise variance is `inputVariance`, the correlation this spectrum's. Default white. */
  spectrum?: NoiseSpectrum;
}

/**
 * Gaussian correlation exp(−r²/(2ℓ²)) of length ℓ (physical units) as a power spectrum:
 * S(k) ∝ exp(−ℓ²|k|²/2).
 */
export function gaussianCorrelation(lengths: readonly number[], correlationLength: number): NoiseSpectrum {
  if (!(correlationLength > 0) || !Number.isFinite(correlationLength))
    throw new InvalidArgumentError("correlationLength", correlationLength, "must be a finite number > 0");
  return { lengths: [...lengths], density: (k2) => Math.exp(-0.5 * correlationLength * correlationLength * k2) };
}

/** The filter C = √S on this grid, scaled so that each point of C ξ has unit variance. */
function noiseFilter(spatial: readonly number[], s: NoiseSpectrum): { apply: (g: tf.Tensor) => tf.Tensor; dispose: () => void } {
  if (s.lengths.length !== spatial.length)
    throw new InvalidArgumentError("spectrum.lengths", s.lengths, `must have one entry per spatial axis (${spatial.length})`);
  const t = spectralTransform({ spatialShape: spatial, bases: spatial.map(() => "fourier" as const) });
  const k2 = wavenumbersSquared(t, s.lengths);
  const m = Float32Array.from(k2, (q) => {
    const v = s.density(q);
    if (!(v >= 0) || !Number.isFinite(v)) throw new InvalidArgumentError("spectrum.density", v, `must be finite and >= 0 (at |k|² = ${q})`);
    return Math.sqrt(v);
  });
  // Pointwise variance of C ξ: Σ_j c_j² for the kernel c = C δ, = (1/N) Σ_k S(k) over the full
  // DFT grid (Parseval), computed on the host so no synchronous read is needed.
  let norm = 0;
  let N = 1;
  const idx = spatial.map(() => 0);
  spatial.forEach((n) => (N *= n));
  for (let q = 0; q < N; q++) {
    let k2q = 0;
    spatial.forEach((n, a) => {
      const f = idx[a]! <= n / 2 ? idx[a]! : idx[a]! - n;
      k2q += ((2 * Math.PI * f) / s.lengths[a]!) ** 2;
    });
    norm += s.density(k2q);
    for (let a = spatial.length - 1; a >= 0 && ++idx[a]! === spatial[a]!; a--) idx[a] = 0;
  }
  norm /= N;
  if (!(norm > 0) || !Number.isFinite(norm)) throw new InvalidArgumentError("spectrum.density", "0 at every wavenumber", "must be > 0 somewhere on the grid");
  const scaled = tf.tidy(() => tf.div(tf.tensor(m, [...t.modeShape, 1]), Math.sqrt(norm)));
  return { apply: (g) => spectralFilter(g, scaled, t), dispose: () => scaled.dispose() };
}

interface Plan {
  B: number;
  P: number;
  rowsPerPass: number;
  resultShape: number[];
  /** The variances of rows r0 … r0 + m − 1 (a tensor the caller reads and disposes). */
  pass(r0: number): tf.Tensor;
  dispose(): void;
}

function plan(model: tf.LayersModel, x: tf.Tensor, inputVariance: number | readonly number[], opts: LinearizedVarianceOptions): Plan {
  const cin = x.shape[x.rank - 1]!;
  const v0 = typeof inputVariance === "number" ? new Array<number>(cin).fill(inputVariance) : [...inputVariance];
  if (v0.length !== cin || v0.some((v) => !(v >= 0) || !Number.isFinite(v)))
    throw new InvalidArgumentError("inputVariance", inputVariance, `must be a number >= 0 or ${cin} of them (one per input channel)`);
  const chunk = requireInteger("chunk", opts.chunk ?? 64, 1);
  const B = x.shape[0]!;
  const spatialIn = x.shape.slice(1, -1);
  const out = tf.tidy(() => model.predict(tf.slice(x, [0], [1])) as tf.Tensor);
  const outShape = out.shape.slice(1);
  out.dispose();
  if (outShape.length !== x.rank - 1) throw new ShapeMismatchError("model output", outShape, "[...spatial, Cout] like the input");
  const cfull = outShape[outShape.length - 1]!;
  const K = requireInteger("outputChannels", opts.outputChannels ?? cfull, 1, cfull);
  const full = outShape.reduce((p, q) => p * q, 1);
  const P = (full / cfull) * K;
  const filter = opts.spectrum ? noiseFilter(spatialIn, opts.spectrum) : null;
  const w = tf.tensor1d(v0);
  return {
    B,
    P,
    rowsPerPass: chunk,
    resultShape: [B, ...outShape.slice(0, -1), K],
    pass(r0) {
      const m = Math.min(chunk, B * P - r0);
      const sel = new Float32Array(m * full);
      const rows = new Int32Array(m);
      for (let i = 0; i < m; i++) {
        const r = r0 + i;
        const p = r % P;
        rows[i] = (r - p) / P;
        // Output p is point ⌊p/K⌋, channel p mod K of the full [..., cfull] output.
        sel[i * full + Math.floor(p / K) * cfull + (p % K)] = 1;
      }
      return tf.tidy(() => {
        const mask = tf.tensor(sel, [m, ...outShape]);
        const xs = tf.gather(x, tf.tensor1d(rows, "int32"));
        // Row i's gradient is ∇_x y_{r0+i} of its own sample: the copies are independent samples of the batch.
        let g = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(model.apply(z) as tf.Tensor, mask)))(xs);
        if (filter) g = filter.apply(g);
        return tf.sum(tf.mul(tf.reshape(tf.square(g), [m, -1, cin]), w), [1, 2]);
      });
    },
    dispose() {
      w.dispose();
      filter?.dispose();
    },
  };
}

/**
 * Output variance `[batch, ...spatial, K]` of a deterministic model (or of the first K output
 * channels of any differentiable model) at inputs `x` `[batch, ...spatial, Cin]` whose channels
 * carry Gaussian noise of pointwise variance `inputVariance` (one number for every channel, or
 * one per channel): white by default, correlated with `opts.spectrum`. Reads synchronously;
 * `linearizedVarianceAsync` for backends that cannot (webgpu in Node).
 */
export function linearizedVariance(
  model: tf.LayersModel,
  x: tf.Tensor,
  inputVariance: number | readonly number[],
  opts: LinearizedVarianceOptions = {},
): tf.Tensor {
  const pl = plan(model, x, inputVariance, opts);
  const result = new Float32Array(pl.B * pl.P);
  try {
    for (let r0 = 0; r0 < pl.B * pl.P; r0 += pl.rowsPerPass) {
      const v = pl.pass(r0);
      result.set(v.dataSync(), r0);
      v.dispose();
    }
  } finally {
    pl.dispose();
  }
  return tf.tensor(result, pl.resultShape);
}

/** `linearizedVariance` with asynchronous reads; resolves to the variances as a Float32Array in the same layout. */
export async function linearizedVarianceAsync(
  model: tf.LayersModel,
  x: tf.Tensor,
  inputVariance: number | readonly number[],
  opts: LinearizedVarianceOptions = {},
): Promise<{ data: Float32Array; shape: number[] }> {
  const pl = plan(model, x, inputVariance, opts);
  const result = new Float32Array(pl.B * pl.P);
  try {
    for (let r0 = 0; r0 < pl.B * pl.P; r0 += pl.rowsPerPass) {
      const v = pl.pass(r0);
      try {
        result.set((await v.data()) as Float32Array, r0);
      } finally {
        v.dispose();
      }
    }
  } finally {
    pl.dispose();
  }
  return { data: result, shape: pl.resultShape };
}
