// The check of webgpu-gelu.test.ts, run in surrogates/__tests__/webgpu-checks-child.ts (SwiftShader
// environment): the fused GELU on webgpu against the tfjs-op reference on the cpu backend, value
// and gradient, and the dispatches of one value-and-gradient pass.
import * as tf from "@tensorflow/tfjs";
import { attachWebGpuCounter, selectBackend } from "../../core/index.js";
import { gelu, geluReference, geluTanh, geluTanhReference } from "../index.js";

const xs = Float32Array.from({ length: 4001 }, (_, i) => -12 + (24 * i) / 4000);
const w = Float32Array.from(xs, (_, i) => Math.cos(i));

async function valueAndGrad(f: (x: tf.Tensor) => tf.Tensor): Promise<[Float32Array, Float32Array]> {
  const x = tf.tensor1d(xs);
  const y = f(x);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), tf.tensor1d(w))))(x);
  const out: [Float32Array, Float32Array] = [(await y.data()) as Float32Array, (await g.data()) as Float32Array];
  tf.dispose([x, y, g]);
  return out;
}

function maxAbs(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Largest differences from the cpu reference (exact and tanh forms) and the counters of one pass. */
export async function geluCheck(): Promise<Record<string, unknown>> {
  await selectBackend("cpu", { quiet: true });
  const refExact = await valueAndGrad(geluReference);
  const refTanh = await valueAndGrad(geluTanhReference);
  await selectBackend("webgpu", { quiet: true });
  const exact = await valueAndGrad(gelu);
  const tanh = await valueAndGrad(geluTanh);
  const x = tf.randomNormal([64, 32]);
  await x.data();
  const ctr = attachWebGpuCounter();
  const g = tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x);
  await g.data();
  const counts = ctr.snapshot();
  ctr.detach();
  tf.dispose([x, g]);
  return {
    exact: { value: maxAbs(exact[0], refExact[0]), grad: maxAbs(exact[1], refExact[1]) },
    tanh: { value: maxAbs(tanh[0], refTanh[0]), grad: maxAbs(tanh[1], refTanh[1]) },
    counts,
  };
}
