/**
 * FFT-based spectral transform: fft.js kernels wrapped as tfjs ops with registered gradients
 * (tf.customGrad), on any backend (the data round-trip through JS is part of the cost).
 *
 * Gradients without autodiff through complex ops: with N = Π n_a and w_m the half-spectrum
 * weight of the last-axis mode (1 for DC/Nyquist, else 2), the forward map F and the inverse
 * map G satisfy Fᵀ = G ∘ diag(N/w) and Gᵀ = diag(w/N) ∘ F, so each op's gradient is the other
 * op applied to a rescaled cotangent (and is itself differentiable).
 */
import * as tf from "@tensorflow/tfjs";
import { halfSpectrumWeight } from "./basis.js";
import { checkInput, checkSpectrum } from "./check.js";
import { irfft1d, irfft2d, rfft1d, rfft2d } from "./fft-kernels.js";
import type { ModeLayout } from "./layout.js";
import type { AxisBasis, SpectralTransform, Spectrum } from "./types.js";

const isPow2 = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;

/** fft.js handles power-of-two lengths ≥ 2 and we only implement the Fourier basis. */
export function fftSupported(layout: { bases: readonly AxisBasis[]; spatialShape: readonly number[] }): boolean {
  return layout.bases.every((b) => b === "fourier") && layout.spatialShape.every(isPow2);
}

export class FftTransform implements SpectralTransform {
  readonly implementation = "fft" as const;
  readonly spatialShape: readonly number[];
  readonly bases: readonly AxisBasis[];
  readonly modes: readonly number[];
  readonly modeShape: readonly number[];
  readonly frequencies: readonly Int32Array[];
  private readonly N: number;
  private readonly fwdOp: (x: tf.Tensor) => tf.Tensor;
  private readonly invOp: (packed: tf.Tensor) => tf.Tensor;

  constructor(layout: ModeLayout) {
    this.spatialShape = layout.spatialShape;
    this.bases = layout.bases;
    this.modes = layout.modes;
    this.modeShape = layout.modeShape;
    this.frequencies = layout.frequencies;
    this.N = layout.spatialShape.reduce((a, b) => a * b, 1);
    // Ops carry re and im packed along the batch axis ([2B, ...]): customGrad has one output.
    this.fwdOp = tf.customGrad((...args) => ({
      value: this.rawForward(args[0] as tf.Tensor),
      gradFunc: (dy: tf.Tensor) => this.invOp(tf.mul(dy, this.weights(true))),
    })) as (x: tf.Tensor) => tf.Tensor;
    this.invOp = tf.customGrad((...args) => ({
      value: this.rawInverse(args[0] as tf.Tensor),
      gradFunc: (dy: tf.Tensor) => tf.mul(this.fwdOp(dy), this.weights(false)),
    })) as (p: tf.Tensor) => tf.Tensor;
  }

  forward(x: tf.Tensor): Spectrum {
    checkInput(x, this.spatialShape);
    const [re, im] = tf.tidy(() => {
      const packed = this.fwdOp(x);
      const B = x.shape[0]!;
      const size = [B, ...packed.shape.slice(1)];
      return [tf.slice(packed, 0, size), tf.slice(packed, [B, ...size.slice(1).map(() => 0)], size)];
    });
    return { re: re!, im: im! };
  }

  inverse(s: Spectrum): tf.Tensor {
    checkSpectrum(s, this.modeShape, true);
    return tf.tidy(() => this.invOp(tf.concat([s.re, s.im!], 0)));
  }

  /** N/w (for Fᵀ) or w/N (for Gᵀ) along the last spectral axis, broadcast over the rest. */
  private weights(forTranspose: boolean): tf.Tensor {
    const d = this.spatialShape.length;
    const n = this.spatialShape[d - 1]!;
    const M = this.modes[d - 1]!;
    const w = Float32Array.from({ length: M }, (_, m) => {
      const wm = halfSpectrumWeight(m, n);
      return forTranspose ? this.N / wm : wm / this.N;
    });
    return tf.tensor(w, [M, 1]);
  }

  private rawForward(x: tf.Tensor): tf.Tensor {
    const data = x.dataSync() as Float32Array;
    const B = x.shape[0]!;
    const C = x.shape[x.rank - 1]!;
    const d = this.spatialShape.length;
    const [re, im] =
      d === 1
        ? rfft1d(data, B, this.spatialShape[0]!, C, this.modes[0]!)
        : rfft2d(data, B, this.spatialShape[0]!, this.spatialShape[1]!, C, this.frequencies[0]!, this.modes[1]!);
    const out = new Float32Array(2 * re.length);
    out.set(re, 0);
    out.set(im, re.length);
    return tf.tensor(out, [2 * B, ...this.modeShape, C], "float32");
  }

  private rawInverse(packed: tf.Tensor): tf.Tensor {
    const data = packed.dataSync() as Float32Array;
    const B = packed.shape[0]! / 2;
    const C = packed.shape[packed.rank - 1]!;
    const half = data.length / 2;
    const re = data.subarray(0, half);
    const im = data.subarray(half);
    const d = this.spatialShape.length;
    const x =
      d === 1
        ? irfft1d(re, im, B, this.spatialShape[0]!, C, this.modes[0]!)
        : irfft2d(re, im, B, this.spatialShape[0]!, this.spatialShape[1]!, C, this.frequencies[0]!, this.modes[1]!);
    return tf.tensor(x, [B, ...this.spatialShape, C], "float32");
  }
}
