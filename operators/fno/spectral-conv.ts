/**
 * FNO spectral convolution (Li et al. 2021): transform, multiply the lowest modes by learned
 * complex channel-mixing matrices, transform back; all higher modes are dropped.
 *
 * Layout, chosen for the tfjs wasm backend (see fast-matmul.ts):
 * - each transform is ONE 2-D matMul with the basis on the left, the spatial axis moved to the
 *   front and everything else flattened into columns;
 * - the per-mode mixing is ONE batched matMul [modes, batch, 2·in] × [modes, 2·in, 2·out] with
 *   real and imaginary parts fused: [Xr Xi]·[[Wr, Wi], [−Wi, Wr]] = [Yr Yi];
 * - transposes only move the (small) mode-domain tensors, plus one in and one out per axis.
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
  const xt = tf.reshape(tf.transpose(x, [1, 0, 2]), [n, B * C]) as tf.Tensor2D;
  const X = constMatMul(t.forward.a, t.forward.at, xt); // [2m, B·C] = [re|im, m, B, C]
  const Xm = tf.reshape(tf.transpose(tf.reshape(X, [2, m, B, C]), [1, 2, 0, 3]), [m, B, 2 * C]);
  const Y = tf.matMul(Xm, w); // [m, B, 2O]
  const Yt = tf.reshape(tf.transpose(tf.reshape(Y, [m, B, 2, O]), [2, 0, 1, 3]), [2 * m, B * O]) as tf.Tensor2D;
  const y = constMatMul(t.inverse.a, t.inverse.at, Yt); // [n, B·O]
  return tf.transpose(tf.reshape(y, [n, B, O]), [1, 0, 2]) as tf.Tensor3D;
}

/** x [B, n1, n2, C] → [B, n1, n2, O]; w [2·m1·m2, 2C, 2O] fused, modes ordered (k1, k2). */
export function spectralConv2d(x: tf.Tensor4D, w: tf.Tensor3D, modes: readonly [number, number]): tf.Tensor4D {
  const [B, n1, n2, C] = x.shape;
  const O = w.shape[2] / 2;
  const [m1, m2] = modes;
  const K1 = 2 * m1;
  const t2 = realAxisTransform(n2, m2);
  const t1 = complexAxisTransform(n1, m1);
  // Last axis: [n2, B·n1·C] → [2m2, B·n1·C] = [re|im, m2, B, n1, C]
  const x2 = tf.reshape(tf.transpose(x, [2, 0, 1, 3]), [n2, B * n1 * C]) as tf.Tensor2D;
  const Z = tf.reshape(constMatMul(t2.forward.a, t2.forward.at, x2), [2, m2, B, n1, C]);
  // First axis acts on (re|im, n1) stacked: [2n1, m2·B·C] → [2K1, m2·B·C] = [re|im, K1, m2, B, C]
  const Z1 = tf.reshape(tf.transpose(Z, [0, 3, 1, 2, 4]), [2 * n1, m2 * B * C]) as tf.Tensor2D;
  const W = tf.reshape(constMatMul(t1.forward.a, t1.forward.at, Z1), [2, K1, m2, B, C]);
  const Xm = tf.reshape(tf.transpose(W, [1, 2, 3, 0, 4]), [K1 * m2, B, 2 * C]);
  const Y = tf.matMul(Xm, w); // [K1·m2, B, 2O]
  const Yt = tf.reshape(tf.transpose(tf.reshape(Y, [K1, m2, B, 2, O]), [3, 0, 1, 2, 4]), [2 * K1, m2 * B * O]) as tf.Tensor2D;
  const V = tf.reshape(constMatMul(t1.inverse.a, t1.inverse.at, Yt), [2, n1, m2, B, O]);
  const V2 = tf.reshape(tf.transpose(V, [0, 2, 3, 1, 4]), [2 * m2, B * n1 * O]) as tf.Tensor2D;
  const y = constMatMul(t2.inverse.a, t2.inverse.at, V2); // [n2, B·n1·O]
  return tf.transpose(tf.reshape(y, [n2, B, n1, O]), [1, 2, 0, 3]) as tf.Tensor4D;
}
