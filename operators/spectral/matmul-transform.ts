/**
 * Spectral transforms as matMuls with cached bases: works on every backend (wasm has no complex
 * kernels) and tfjs autodiff goes through it. Cost ∝ n·(kept modes) per axis, so it is the
 * right choice for truncated transforms (FNO) and small grids.
 */
import * as tf from "@tensorflow/tfjs";
import {
  complexForwardTensor,
  complexInverseTensor,
  halfForwardPart,
  halfForwardTensor,
  halfInversePart,
  halfInverseTensor,
  realForwardTensor,
  realInverseTensor,
} from "./basis.js";
import type { ModeLayout } from "./layout.js";
import type { AxisBasis, SpectralTransform, Spectrum } from "./types.js";
import { checkInput, checkSpectrum } from "./check.js";

export class MatmulTransform implements SpectralTransform {
  readonly implementation = "matmul" as const;
  readonly spatialShape: readonly number[];
  readonly bases: readonly AxisBasis[];
  readonly modes: readonly number[];
  readonly modeShape: readonly number[];
  readonly frequencies: readonly Int32Array[];
  private readonly fourier: boolean;

  constructor(layout: ModeLayout) {
    this.spatialShape = layout.spatialShape;
    this.bases = layout.bases;
    this.modes = layout.modes;
    this.modeShape = layout.modeShape;
    this.frequencies = layout.frequencies;
    this.fourier = layout.bases[0] === "fourier";
  }

  forward(x: tf.Tensor): Spectrum {
    checkInput(x, this.spatialShape);
    // tf.tidy's container type has no null, so the parts travel as an array.
    const [re, im] = tf.tidy((): tf.Tensor[] => {
      const B = x.shape[0]!;
      const C = x.shape[x.rank - 1]!;
      if (this.spatialShape.length === 1) {
        const n = this.spatialShape[0]!;
        if (!this.fourier) return [tf.matMul(realForwardTensor(this.real(0), n, this.frequencies[0]!), x)];
        const M = this.modes[0]!;
        const z = tf.matMul(halfForwardTensor(n, M), x);
        return [tf.slice(z, [0, 0, 0], [B, M, C]), tf.slice(z, [0, M, 0], [B, M, C])];
      }
      const [n1, n2] = this.spatialShape as [number, number];
      const [K1, M2] = this.modeShape as [number, number];
      const xr = tf.reshape(x, [B * n1, n2, C]);
      if (!this.fourier) {
        const y = tf.reshape(tf.matMul(realForwardTensor(this.real(1), n2, this.frequencies[1]!), xr), [B, n1, M2 * C]);
        const z = tf.matMul(realForwardTensor(this.real(0), n1, this.frequencies[0]!), y);
        return [tf.reshape(z, [B, K1, M2, C])];
      }
      // Last axis: half spectrum (re and im separately), then a complex transform along the
      // first axis on the rows stacked as [re; im].
      const yr = tf.reshape(tf.matMul(halfForwardPart(n2, M2, 0), xr), [B, n1, M2 * C]);
      const yi = tf.reshape(tf.matMul(halfForwardPart(n2, M2, 1), xr), [B, n1, M2 * C]);
      const z = tf.matMul(complexForwardTensor(n1, this.frequencies[0]!), tf.concat([yr, yi], 1));
      return [
        tf.reshape(tf.slice(z, [0, 0, 0], [B, K1, M2 * C]), [B, K1, M2, C]),
        tf.reshape(tf.slice(z, [0, K1, 0], [B, K1, M2 * C]), [B, K1, M2, C]),
      ];
    });
    return { re: re!, im: im ?? null };
  }

  inverse(s: Spectrum): tf.Tensor {
    checkSpectrum(s, this.modeShape, this.fourier);
    return tf.tidy(() => {
      const { re } = s;
      const B = re.shape[0]!;
      const C = re.shape[re.rank - 1]!;
      if (this.spatialShape.length === 1) {
        const n = this.spatialShape[0]!;
        if (!this.fourier) return tf.matMul(realInverseTensor(this.real(0), n, this.frequencies[0]!), re);
        return tf.matMul(halfInverseTensor(n, this.modes[0]!), tf.concat([re, s.im!], 1));
      }
      const [n1, n2] = this.spatialShape as [number, number];
      const [K1, M2] = this.modeShape as [number, number];
      if (!this.fourier) {
        const y = tf.matMul(realInverseTensor(this.real(0), n1, this.frequencies[0]!), tf.reshape(re, [B, K1, M2 * C]));
        const x = tf.matMul(realInverseTensor(this.real(1), n2, this.frequencies[1]!), tf.reshape(y, [B * n1, M2, C]));
        return tf.reshape(x, [B, n1, n2, C]);
      }
      const z = tf.concat([tf.reshape(re, [B, K1, M2 * C]), tf.reshape(s.im!, [B, K1, M2 * C])], 1);
      const y = tf.matMul(complexInverseTensor(n1, this.frequencies[0]!), z);
      const yr = tf.reshape(tf.slice(y, [0, 0, 0], [B, n1, M2 * C]), [B * n1, M2, C]);
      const yi = tf.reshape(tf.slice(y, [0, n1, 0], [B, n1, M2 * C]), [B * n1, M2, C]);
      const x = tf.add(tf.matMul(halfInversePart(n2, M2, 0), yr), tf.matMul(halfInversePart(n2, M2, 1), yi));
      return tf.reshape(x, [B, n1, n2, C]);
    });
  }

  private real(axis: number): "sine" | "cosine" {
    return this.bases[axis] as "sine" | "cosine";
  }
}
