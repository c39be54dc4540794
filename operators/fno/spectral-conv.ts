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
import { constMatMul } from "./fast-matmul.js";

/** [M, 2C, 2O] from the real and imaginary weights [M, C, O]. */
export function fuseComplexWeights(wr: tf.Tensor3D, wi: tf.Tensor3D): tf.Tensor3D {
  const top = tf.concat([wr, wi], 2);
  const bottom = tf.concat([tf.neg(wi), wr], 2);
  return tf.concat([top, bottom], 1) as tf.Tensor3D;
}

/** x [B, n, C] → [B, n, O]; w [modes, 2C, 2O] fused. */
export function spectralConv1d(x: tf.Tensor3D, w: tf.Tensor3D, modes: number): tf.Tensor3D {
  const [B, n, C] = x.shape;
  const O = w.shape[2] / 2;
  const m = modes;
  const t = realAxisTransform(n, m);
  // Rows (b, c), columns the spatial axis: [B·C, n]·Fᵀ → [B·C, 2m] = [B, C, re|im, m]
  const xt = tf.reshape(tf.transpose(x, [0, 2, 1]), [B * C, n]) as tf.Tensor2D;
  const X = constMatMul(xt, t.forward.at, t.forward.a);
  const Xm = tf.reshape(tf.transpose(tf.reshape(X, [B, C, 2, m]), [3, 0, 2, 1]), [m, B, 2 * C]);
  const Y = tf.matMul(Xm, w); // [m, B, 2O] = [m, B, re|im, O]
  const Yt = tf.reshape(tf.transpose(tf.reshape(Y, [m, B, 2, O]), [1, 3, 2, 0]), [B * O, 2 * m]) as tf.Tensor2D;
  const y = constMatMul(Yt, t.inverse.at, t.inverse.a); // [B·O, n]
  return tf.transpose(tf.reshape(y, [B, O, n]), [0, 2, 1]) as tf.Tensor3D;
}

/** x [B, n1, n2, C] → [B, n1, n2, O]; w [2·m1·m2, 2C, 2O] fused, modes ordered (k1, k2). */
export function spectralConv2d(x: tf.Tensor4D, w: tf.Tensor3D, modes: readonly [number, number]): tf.Tensor4D {
  const [B, n1, n2, C] = x.shape;
  const O = w.shape[2] / 2;
  const [m1, m2] = modes;
  const K1 = 2 * m1;
  const t2 = realAxisTransform(n2, m2);
  const t1 = complexAxisTransform(n1, m1);
  // Last axis: [B·n1·C, n2]·F2ᵀ → [B, n1, C, re|im, m2]
  const x2 = tf.reshape(tf.transpose(x, [0, 1, 3, 2]), [B * n1 * C, n2]) as tf.Tensor2D;
  const Z = tf.reshape(constMatMul(x2, t2.forward.at, t2.forward.a), [B, n1, C, 2, m2]);
  // First axis on (re|im, n1) stacked: [B·C·m2, 2n1]·Gᵀ → [B, C, m2, re|im, K1]
  const Z1 = tf.reshape(tf.transpose(Z, [0, 2, 4, 3, 1]), [B * C * m2, 2 * n1]) as tf.Tensor2D;
  const W = tf.reshape(constMatMul(Z1, t1.forward.at, t1.forward.a), [B, C, m2, 2, K1]);
  const Xm = tf.reshape(tf.transpose(W, [4, 2, 0, 3, 1]), [K1 * m2, B, 2 * C]);
  const Y = tf.matMul(Xm, w); // [K1·m2, B, 2O] = [K1, m2, B, re|im, O]
  const Yt = tf.reshape(tf.transpose(tf.reshape(Y, [K1, m2, B, 2, O]), [2, 4, 1, 3, 0]), [B * O * m2, 2 * K1]) as tf.Tensor2D;
  const V = tf.reshape(constMatMul(Yt, t1.inverse.at, t1.inverse.a), [B, O, m2, 2, n1]);
  const V2 = tf.reshape(tf.transpose(V, [0, 4, 1, 3, 2]), [B * n1 * O, 2 * m2]) as tf.Tensor2D;
  const y = constMatMul(V2, t2.inverse.at, t2.inverse.a); // [B·n1·O, n2]
  return tf.transpose(tf.reshape(y, [B, n1, O, n2]), [0, 1, 3, 2]) as tf.Tensor4D;
}
