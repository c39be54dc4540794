/**
 * FFT-based spectral transform: fft.js kernels wrapped as tfjs ops with registered gradients
 * (tf.customGrad), on any backend (the data round-trip through JS is part of the cost).
 *
 * Gradients without autodiff through complex ops: the forward map F and the inverse map G
 * satisfy Fᵀ = G ∘ diag(c) and Gᵀ = diag(1/c) ∘ F, with c the outer product over axes of
 * n/w_m (Fourier last axis, w = 1 for DC/Nyquist, else 2), n (Fourier first axis), (n+1)/2
 * (DST-I) and n/w_m (DCT-II, w_0 = 1, else 2). So each op's gradient is the other op applied to
 * a rescaled cotangent (and is itself differentiable).
 */
import * as tf from "@tensorflow/tfjs";
import { halfSpectrumWeight } from "./basis.js";
import { checkInput, checkSpectrum } from "./check.js";
import { irfft1d, irfft2d, rfft1d, rfft2d } from "./fft-kernels.js";
import { realAxisForward, realAxisInverse } from "./fft-real-kernels.js";
import type { ModeLayout } from "./layout.js";
import type { AxisBasis, SpectralTransform, Spectrum } from "./types.js";

const isPow2 = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;

/** fft.js needs power-of-two lengths: n itself (Fourier, DCT-II) or n + 1 (DST-I). */
export function fftSupported(layout: { bases: readonly AxisBasis[]; spatialShape: readonly number[] }): boolean {
  return layout.spatialShape.every((n, a) => isPow2(layout.bases[a] === "sine" ? n + 1 : n));
}

export class FftTransform implements SpectralTransform {
  readonly implementation = "fft" as const;
  readonly spatialShape: readonly number[];
  readonly bases: readonly AxisBasis[];
  readonly modes: readonly number[];
  readonly modeShape: readonly number[];
  readonly frequencies: readonly Int32Array[];
  private readonly fourier: boolean;
  private readonly fwdOp: (x: tf.Tensor) => tf.Tensor;
  private readonly invOp: (packed: tf.Tensor) => tf.Tensor;

  constructor(layout: ModeLayout) {
    this.spatialShape = layout.spatialShape;
    this.bases = layout.bases;
    this.modes = layout.modes;
    this.modeShape = layout.modeShape;
    this.frequencies = layout.frequencies;
    this.fourier = layout.bases[0] === "fourier";
    // Fourier ops carry re and im packed along the batch axis ([2B, ...]): customGrad has one
    // output. Real bases have a real spectrum and need no packing.
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
    if (!this.fourier) return { re: this.fwdOp(x), im: null };
    const [re, im] = tf.tidy(() => {
      const packed = this.fwdOp(x);
      const B = x.shape[0]!;
      const size = [B, ...packed.shape.slice(1)];
      return [tf.slice(packed, 0, size), tf.slice(packed, [B, ...size.slice(1).map(() => 0)], size)];
    });
    return { re: re!, im: im! };
  }

  inverse(s: Spectrum): tf.Tensor {
    checkSpectrum(s, this.modeShape, this.fourier);
    if (!this.fourier) return this.invOp(s.re);
    return tf.tidy(() => this.invOp(tf.concat([s.re, s.im!], 0)));
  }

  /** c (for Fᵀ) or 1/c (for Gᵀ) as a `[...modeShape, 1]` tensor (see the module comment). */
  private weights(forTranspose: boolean): tf.Tensor {
    const d = this.spatialShape.length;
    const factors = this.frequencies.map((f, a) => {
      const n = this.spatialShape[a]!;
      return Float64Array.from(f, (m) => {
        switch (this.bases[a]) {
          case "sine":
            return (n + 1) / 2;
          case "cosine":
            return n / (m === 0 ? 1 : 2);
          default:
            return a === d - 1 ? n / halfSpectrumWeight(m, n) : n;
        }
      });
    });
    const [f0, f1] = factors as [Float64Array, Float64Array | undefined];
    const w = new Float32Array(this.modeShape.reduce((p, q) => p * q, 1));
    for (let i = 0; i < f0.length; i++)
      for (let j = 0; j < (f1?.length ?? 1); j++) {
        const c = f0[i]! * (f1 ? f1[j]! : 1);
        w[i * (f1?.length ?? 1) + j] = forTranspose ? c : 1 / c;
      }
    return tf.tensor(w, [...this.modeShape, 1]);
  }

  private rawForward(x: tf.Tensor): tf.Tensor {
    const data = x.dataSync() as Float32Array;
    const B = x.shape[0]!;
    const C = x.shape[x.rank - 1]!;
    const d = this.spatialShape.length;
    if (!this.fourier) {
      const [n1, n2] = this.spatialShape as [number, number | undefined];
      const [M1, M2] = this.modeShape as [number, number | undefined];
      const b = this.bases as ("sine" | "cosine")[];
      const out =
        n2 === undefined
          ? realAxisForward(data, B, n1, C, b[0]!, M1)
          : realAxisForward(realAxisForward(data, B * n1, n2, C, b[1]!, M2!), B, n1, M2! * C, b[0]!, M1);
      return tf.tensor(out, [B, ...this.modeShape, C], "float32");
    }
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
    if (!this.fourier) {
      const B = packed.shape[0]!;
      const C = packed.shape[packed.rank - 1]!;
      const [n1, n2] = this.spatialShape as [number, number | undefined];
      const [M1, M2] = this.modeShape as [number, number | undefined];
      const b = this.bases as ("sine" | "cosine")[];
      const x =
        n2 === undefined
          ? realAxisInverse(data, B, n1, C, b[0]!, M1)
          : realAxisInverse(realAxisInverse(data, B, n1, M2! * C, b[0]!, M1), B * n1, n2, C, b[1]!, M2!);
      return tf.tensor(x, [B, ...this.spatialShape, C], "float32");
    }
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
