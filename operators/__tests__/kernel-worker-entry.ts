/**
 * Runs every fused kernel once on fixed inputs and returns the results (values and gradients):
 * in the test's main thread and, through kernels-worker.test.ts, inside worker_threads that each
 * start their own tfjs and wasm backend.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { parentPort } from "node:worker_threads";
import { fusedAdamStep, gelu, linear2d, spectralMix, symmetricFilter } from "../index.js";

export async function runAllKernels(backend: string): Promise<number[][]> {
  await tf.setBackend(backend);
  await tf.ready();
  return tf.tidy(() => {
    const x = tf.randomNormal([2, 24, 3], 0, 1, "float32", 1);
    const m = tf.randomUniform([13, 3], 0, 1, "float32", 2);
    const filt = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(symmetricFilter(a, b, ["fourier"]))))([x, m]);
    const x2 = tf.randomNormal([2, 6, 5, 2], 0, 1, "float32", 3);
    const m2 = tf.randomUniform([6, 5, 2], 0, 1, "float32", 4);
    const filt2 = symmetricFilter(x2, m2, ["sine", "cosine"]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(gelu(a), a)))(x);
    const w = tf.randomNormal([3, 8], 0, 1, "float32", 5) as tf.Tensor2D;
    const lin = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(linear2d(a as tf.Tensor2D, b as tf.Tensor2D))))([tf.reshape(x, [48, 3]), w]);
    const xm = tf.randomNormal([4, 2, 6], 0, 1, "float32", 6) as tf.Tensor3D;
    const wr = tf.randomNormal([4, 3, 4], 0, 1, "float32", 7) as tf.Tensor3D;
    const wi = tf.randomNormal([4, 3, 4], 0, 1, "float32", 8) as tf.Tensor3D;
    const mix = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.square(spectralMix(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D))))([xm, wr, wi]);
    const adam = fusedAdamStep([w, m], [tf.onesLike(w), tf.onesLike(m)], [tf.zerosLike(w), tf.zerosLike(m)], [tf.zerosLike(w), tf.zerosLike(m)], {
      beta1: 0.9, beta2: 0.999, c1: 0.1, c2: 0.001, epsilon: 1e-8, lr: 0.01, weightDecay: 0.1,
    });
    return [...filt, filt2, g, ...lin, ...mix, ...adam.weights, ...adam.m, ...adam.v].map((t) => Array.from(t.dataSync()));
  });
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (backend: string) => {
    runAllKernels(backend).then(
      (r) => port.postMessage({ ok: true, r }),
      (e: unknown) => port.postMessage({ ok: false, error: String(e) }),
    );
  });
}
