// Child of webgpu-backend.test.ts (runs with the SwiftShader environment): backend selection and
// the tfjs-webgpu fixes of core/webgpu-tuning.ts. Prints one JSON line.
import * as tf from "@tensorflow/tfjs";
import { attachWebGpuCounter, selectBackend } from "../index.js";

const auto = await selectBackend("auto", { quiet: true });
const explicit = await selectBackend("webgpu", { quiet: true });

// AddN over more tensors than one shader may bind (the global gradient norm of a model).
const parts = Array.from({ length: 23 }, (_, i) => tf.mul(tf.range(0, 1500), i + 1));
const sum = await tf.addN(parts).data();
let addNError = 0;
for (let j = 0; j < 1500; j++) addNError = Math.max(addNError, Math.abs(sum[j]! - j * 276) / Math.max(1, j * 276));

// Uploads: values written from JS reach the GPU intact, without creating a buffer per upload.
const ctr = attachWebGpuCounter();
const x = tf.randomNormal([2000], 0, 1, "float32", 3);
const want = await x.data();
/** x + 1 + 2 + ... + 40, each addend uploaded from JS; returns the largest error. */
const chain = async (): Promise<number> => {
  let y = x;
  for (let i = 1; i <= 40; i++) {
    const c = tf.tensor1d(new Float32Array(2000).fill(i));
    const z = tf.add(y, c);
    c.dispose();
    if (y !== x) y.dispose();
    y = z;
  }
  const got = await y.data();
  y.dispose();
  let e = 0;
  for (let j = 0; j < 2000; j++) e = Math.max(e, Math.abs(got[j]! - (want[j]! + 820)));
  return e;
};
await chain(); // fills the buffer pools
ctr.reset();
const uploadError = await chain();
const counts = ctr.snapshot();
ctr.detach();

console.log(
  JSON.stringify({
    auto: { preference: auto.preference, skipped: auto.skipped },
    explicit: { preference: explicit.preference, name: explicit.name, adapter: explicit.adapter },
    backendAfter: tf.getBackend(),
    addNError,
    uploadError,
    counts,
  }),
);
