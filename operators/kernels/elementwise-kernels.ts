/**
 * tfjs kernels (wasm and cpu backends) for the elementwise module of elementwise-wat.ts:
 * GELU forward and backward (exact or tanh form) and the one-pass Adam/AdamW update.
 *
 * The SIMD loops run on whole groups of 4 floats; a tail of 1–3 floats goes through a 4-float
 * scratch copy (zero padded), so no kernel reads or writes past a tensor's allocation.
 */
import * as tf from "@tensorflow/tfjs";
import { ELEMENTWISE_WAT } from "./elementwise-wat.js";
import { kernelRuntime, type KernelRuntime } from "./runtime.js";

export const GELU = "PdesGelu";
export const GELU_GRAD = "PdesGeluGrad";
export const ADAM = "PdesAdam";

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
type KernelArgs<A> = { inputs: Record<string, TensorInfo>; backend: object; attrs: A };
const source = (): string => `(module ${ELEMENTWISE_WAT})`;
const sizeOf = (t: { shape: number[] }): number => t.shape.reduce((p, q) => p * q, 1);

/**
 * Runs `fn(ptrs, n4)` on the first n4 = 4⌊n/4⌋ floats of each buffer, then on the tail through
 * 4-float scratch slots (inputs copied in, the `outs` buffers copied back).
 */
function withTail(rt: KernelRuntime, ptrs: number[], n: number, outs: number[], fn: (p: number[], n: number) => void): void {
  const n4 = n & ~3;
  if (n4 > 0) fn(ptrs, n4);
  const r = n - n4;
  if (r === 0) return;
  const slots = ptrs.map((_, i) => rt.region(`tail:${i}`, 16));
  let heap = rt.f32();
  ptrs.forEach((p, i) => {
    heap.fill(0, slots[i]! / 4, slots[i]! / 4 + 4);
    heap.set(heap.subarray(p / 4 + n4, p / 4 + n), slots[i]! / 4);
  });
  fn(slots, 4);
  heap = rt.f32();
  for (const i of outs) heap.set(heap.subarray(slots[i]! / 4, slots[i]! / 4 + r), ptrs[i]! / 4 + n4);
}

function geluKernel({ inputs, backend, attrs }: KernelArgs<{ approximate: boolean }>): TensorInfo {
  const { x } = inputs as { x: TensorInfo };
  const rt = kernelRuntime("elementwise", source, backend);
  const n = sizeOf(x);
  const xp = rt.input(x, "gelu:x");
  const y = rt.output(x.shape, "gelu:y");
  const f = attrs.approximate ? rt.exports.gelu_tanh! : rt.exports.gelu!;
  withTail(rt, [xp, y.ptr], n, [1], (p, m) => f(p[0]!, p[1]!, m));
  return rt.finish([y.info])[0]!;
}

function geluGradKernel({ inputs, backend, attrs }: KernelArgs<{ approximate: boolean }>): TensorInfo {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const rt = kernelRuntime("elementwise", source, backend);
  const n = sizeOf(x);
  const xp = rt.input(x, "gelu:x");
  const dyp = rt.input(dy, "gelu:dy");
  const dx = rt.output(x.shape, "gelu:dx");
  const f = attrs.approximate ? rt.exports.gelu_tanh_grad! : rt.exports.gelu_grad!;
  withTail(rt, [xp, dyp, dx.ptr], n, [2], (p, m) => f(p[0]!, p[1]!, p[2]!, m));
  return rt.finish([dx.info])[0]!;
}

export interface AdamAttrs {
  count: number;
  beta1: number;
  beta2: number;
  /** Bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ. */
  c1: number;
  c2: number;
  epsilon: number;
  lr: number;
  weightDecay: number;
}

/**
 * Inputs w_i, g_i, m_i, v_i for i < count; outputs the new w_0..w_{k−1}, then m_0.., then v_0..
 * One call per optimizer step.
 */
function adamKernel({ inputs, backend, attrs }: KernelArgs<AdamAttrs>): TensorInfo[] {
  const rt = kernelRuntime("elementwise", source, backend);
  const ws: TensorInfo[] = [];
  const ms: TensorInfo[] = [];
  const vs: TensorInfo[] = [];
  for (let i = 0; i < attrs.count; i++) {
    const w = inputs[`w${i}`]!;
    const n = sizeOf(w);
    const p = ["w", "g", "m", "v"].map((x) => rt.input(inputs[`${x}${i}`]!, `adam:${x}${i}`));
    const o = ["w", "m", "v"].map((x) => rt.output(w.shape, `adam:${x}o${i}`));
    withTail(rt, [...p, ...o.map((q) => q.ptr)], n, [4, 5, 6], (q, c) =>
      rt.exports.adam!(q[0]!, q[1]!, q[2]!, q[3]!, q[4]!, q[5]!, q[6]!, c, attrs.beta1, attrs.beta2, 1 - attrs.beta1, 1 - attrs.beta2, 1 / attrs.c1, 1 / attrs.c2, attrs.epsilon, attrs.lr, attrs.weightDecay),
    );
    ws.push(o[0]!.info);
    ms.push(o[1]!.info);
    vs.push(o[2]!.info);
  }
  return rt.finish([...ws, ...ms, ...vs]);
}

let registered = false;

/** Registers GELU and Adam for the wasm and cpu backends (idempotent). */
export function registerElementwiseKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ["wasm", "cpu"]) {
    tf.registerKernel({ kernelName: GELU, backendName, kernelFunc: geluKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: GELU_GRAD, backendName, kernelFunc: geluGradKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: ADAM, backendName, kernelFunc: adamKernel as unknown as tf.KernelFunc });
  }
}
