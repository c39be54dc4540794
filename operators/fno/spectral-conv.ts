/**
 * FNO spectral convolution (Li et al. 2021): transform, multiply the lowest modes by learned
 * complex channel-mixing matrices, transform back; all higher modes are dropped.
 *
 * Layout, chosen for the tfjs wasm backend (see fast-matmul.ts):
 * - each transform is ONE 2-D matMul with the activations on the left (everything but the
 *   transformed axis flattened into rows) and the constant basis on the right, where the wasm
 *   kernel's weight packing is cached;
 * - the per-mode mixing is ONE batched matMul [modes, batch, 2·in] × [modes, 2·in, 2·out] with
 *   real and imaginary parts fused: [Xr Xi]·[[Wr, Wi], [−Wi, Wr]] = [Yr Yi];
 * - transposes only move the (small) mode-domain tensors, plus one in and one out per layer.
 * 2-D: half spectrum (modes[1]) on the last axis, frequencies 0..m−1 and −m..−1 on the first.
 */
import * as tf from "@tensorflow/tfjs";
import { complexAxisTransform, realAxisTransform } from "./dft-basis.js";
import { constLeftMatMul, constMatMul } from "../index.js";
import { spectralMix } from "../index.js";

/**
 * Spectral weights: the fused real form [M, 2C, 2O] (fuseComplexWeights), mixed by one batched
 * matMul, or the real and imaginary parts [M, C, O], mixed by spectralMix (one fused kernel each
 * way on wasm/cpu, docs/operators-spectral.md §Fused kernels).
 */
export type SpectralWeights = tf.Tensor3D | { re: tf.Tensor3D; im: tf.Tensor3D };

const outChannels = (w: SpectralWeights): number => (w instanceof tf.Tensor ? w.shape[2] / 2 : w.re.shape[2]);
const mix = (x: tf.Tensor3D, w: SpectralWeights): tf.Tensor3D => (w instanceof tf.Tensor ? tf.matMul(x, w) : spectralMix(x, w.re, w.im));

/** [M, 2C, 2O] from the real and imaginary weights [M, C, O]. */
export function fuseComplexWeights(wr: tf.Tensor3D, wi: tf.Tensor3D): tf.Tensor3D {
  const top = tf.concat([wr, wi], 2);
  const bottom = tf.concat([tf.neg(wi), wr], 2);
  return tf.concat([top, bottom], 1) as tf.Tensor3D;
}

/** x [B, n, C] → [B, n, O]; w [modes, 2C, 2O] fused or {re, im} [modes, C, O]. */
export function spectralConv1d(x: tf.Tensor3D, w: SpectralWeights, modes: number): tf.Tensor3D {
  const [B, n, C] = x.shape;
  const O = outChannels(w);
  const m = modes;
  const t = realAxisTransform(n, m);
  // Rows (b, c), columns the spatial axis: [B·C, n]·Fᵀ → [B·C, 2m] = [B, C, re|im, m]
  const xt = tf.reshape(tf.transpose(x, [0, 2, 1]), [B * C, n]) as tf.Tensor2D;
  const X = constMatMul(xt, t.forward.at, t.forward.a);
  const Xm = tf.reshape(tf.transpose(tf.reshape(X, [B, C, 2, m]), [3, 0, 2, 1]), [m, B, 2 * C]);
  const Y = mix(Xm as tf.Tensor3D, w); // [m, B, 2O] = [m, B, re|im, O]
  const Yt = tf.reshape(tf.transpose(tf.reshape(Y, [m, B, 2, O]), [1, 3, 2, 0]), [B * O, 2 * m]) as tf.Tensor2D;
  const y = constMatMul(Yt, t.inverse.at, t.inverse.a); // [B·O, n]
  return tf.transpose(tf.reshape(y, [B, O, n]), [0, 2, 1]) as tf.Tensor3D;
}

/**
 * x [B, n1, n2, C] → [B, n1, n2, O]; w [2·m1·m2, 2C, 2O] fused or {re, im} [2·m1·m2, C, O],
 * modes ordered (k1, k2).
 * Unlike 1-D, the bases multiply from the left here: every transpose then keeps the channel
 * axis innermost and reduces to rank 3 or 4 (with the basis on the right, 5-D transposes that
 * move the innermost axis cost more than the packing they save).
 */
export function spectralConv2d(x: tf.Tensor4D, w: SpectralWeights, modes: readonly [number, number]): tf.Tensor4D {
  const [B, n1, n2, C] = x.shape;
  const O = outChannels(w);
  const [m1, m2] = modes;
  const K1 = 2 * m1;
  const t2 = realAxisTransform(n2, m2);
  const t1 = complexAxisTransform(n1, m1);
  // Adjacent axes that stay together are merged first: tfjs-wasm transposes of rank ≤ 3 are
  // far faster than its generic 5-D path.
  // Last axis: [n2, B·n1·C] → [2m2, B·n1·C] = [re|im, m2, B, n1, C]
  const x2 = tf.reshape(tf.transpose(tf.reshape(x, [B * n1, n2, C]), [1, 0, 2]), [n2, B * n1 * C]) as tf.Tensor2D;
  const Z = tf.reshape(constLeftMatMul(t2.forward.a, t2.forward.at, x2), [2, m2 * B, n1, C]);
  // First axis acts on (re|im, n1) stacked: [2n1, m2·B·C] → [2K1, m2·B·C] = [re|im, K1, m2, B, C]
  const Z1 = tf.reshape(tf.transpose(Z, [0, 2, 1, 3]), [2 * n1, m2 * B * C]) as tf.Tensor2D;
  const W = tf.reshape(constLeftMatMul(t1.forward.a, t1.forward.at, Z1), [2, K1 * m2 * B, C]);
  const Xm = tf.reshape(tf.transpose(W, [1, 0, 2]), [K1 * m2, B, 2 * C]);
  const Y = mix(Xm as tf.Tensor3D, w); // [K1·m2, B, 2O] = [K1·m2·B, re|im, O]
  const Yt = tf.reshape(tf.transpose(tf.reshape(Y, [K1 * m2 * B, 2, O]), [1, 0, 2]), [2 * K1, m2 * B * O]) as tf.Tensor2D;
  const V = tf.reshape(constLeftMatMul(t1.inverse.a, t1.inverse.at, Yt), [2, n1, m2 * B, O]);
  const V2 = tf.reshape(tf.transpose(V, [0, 2, 1, 3]), [2 * m2, B * n1 * O]) as tf.Tensor2D;
  const y = constLeftMatMul(t2.inverse.a, t2.inverse.at, V2); // [n2, B·n1·O]
  return tf.reshape(tf.transpose(tf.reshape(y, [n2, B * n1, O]), [1, 0, 2]), [B, n1, n2, O]) as tf.Tensor4D;
}
