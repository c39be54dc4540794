/**
 * spectralMix(x, wr, wi): the FNO's per-mode complex channel mixing, y_k = x_k·(Wr_k + iWi_k)
 * for every mode k, with x [M, B, 2C] (real parts then imaginary parts of the C channels),
 * wr, wi [M, C, O] → y [M, B, 2O]. On wasm and cpu one fused SIMD kernel each way (mix-wat.ts)
 * replaces tfjs's batched matMul, whose transposed and batched forms have no fast path on wasm;
 * elsewhere (or when O is not a multiple of 4) the reference: a batched matMul with the fused
 * real weight [[Wr, Wi], [−Wi, Wr]]. Differentiable w.r.t. x, wr and wi.
 */
import * as tf from "@tensorflow/tfjs";
import { MIX_WAT } from "./mix-wat.js";
import { fusedKernelsAvailable, kernelRuntime } from "./runtime.js";

export const SPECTRAL_MIX = "PdesSpectralMix";
export const SPECTRAL_MIX_GRAD = "PdesSpectralMixGrad";

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
type KernelArgs = { inputs: Record<string, TensorInfo>; backend: object };
type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];
const source = (): string => `(module ${MIX_WAT})`;

function forward({ inputs, backend }: KernelArgs): TensorInfo {
  const { x, wr, wi } = inputs as { x: TensorInfo; wr: TensorInfo; wi: TensorInfo };
  const [M, B, C2] = x.shape as [number, number, number];
  const O = wr.shape[2]!;
  const rt = kernelRuntime("spectral-mix", source, backend);
  const p = [rt.input(x, "mix:x"), rt.input(wr, "mix:wr"), rt.input(wi, "mix:wi")];
  const y = rt.output([M, B, 2 * O], "mix:y");
  rt.exports.mix!(p[0]!, p[1]!, p[2]!, y.ptr, M, B, C2 / 2, O);
  return rt.finish([y.info])[0]!;
}

function backward({ inputs, backend }: KernelArgs): TensorInfo[] {
  const { dy, x, wr, wi } = inputs as { dy: TensorInfo; x: TensorInfo; wr: TensorInfo; wi: TensorInfo };
  const [M, B, C2] = x.shape as [number, number, number];
  const C = C2 / 2;
  const O = wr.shape[2]!;
  const rt = kernelRuntime("spectral-mix", source, backend);
  const p = [rt.input(dy, "mix:dy"), rt.input(x, "mix:x"), rt.input(wr, "mix:wr"), rt.input(wi, "mix:wi")];
  const dx = rt.output(x.shape, "mix:dx");
  const dwr = rt.output(wr.shape, "mix:dwr");
  const dwi = rt.output(wi.shape, "mix:dwi");
  rt.exports.mix_dx!(p[0]!, p[2]!, p[3]!, dx.ptr, M, B, C, O);
  rt.exports.mix_dw!(p[1]!, p[0]!, dwr.ptr, dwi.ptr, M, B, C, O);
  return rt.finish([dx.info, dwr.info, dwi.info]);
}

let op: ((x: tf.Tensor, wr: tf.Tensor, wi: tf.Tensor) => tf.Tensor) | null = null;

function fusedOp(): (x: tf.Tensor, wr: tf.Tensor, wi: tf.Tensor) => tf.Tensor {
  if (!op) {
    for (const backendName of ["wasm", "cpu"]) {
      tf.registerKernel({ kernelName: SPECTRAL_MIX, backendName, kernelFunc: forward as unknown as tf.KernelFunc });
      tf.registerKernel({ kernelName: SPECTRAL_MIX_GRAD, backendName, kernelFunc: backward as unknown as tf.KernelFunc });
    }
    op = tf.customGrad(((...args: Args) => {
      const [x, wr, wi, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([x, wr, wi]);
      return {
        value: tf.engine().runKernel(SPECTRAL_MIX, { x, wr, wi }) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          tf.engine().runKernel(SPECTRAL_MIX_GRAD, { dy, x: saved[0]!, wr: saved[1]!, wi: saved[2]! }) as tf.Tensor[],
      };
    }) as CustomGradientFunc) as (x: tf.Tensor, wr: tf.Tensor, wi: tf.Tensor) => tf.Tensor;
  }
  return op;
}

/** The reference: batched matMul with the fused real weight [[Wr, Wi], [−Wi, Wr]] [M, 2C, 2O]. */
export function spectralMixReference(x: tf.Tensor3D, wr: tf.Tensor3D, wi: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const w = tf.concat([tf.concat([wr, wi], 2), tf.concat([tf.neg(wi), wr], 2)], 1) as tf.Tensor3D;
    return tf.matMul(x, w);
  });
}

export function spectralMix(x: tf.Tensor3D, wr: tf.Tensor3D, wi: tf.Tensor3D): tf.Tensor3D {
  if (!fusedKernelsAvailable("mix") || wr.shape[2] % 4 !== 0) return spectralMixReference(x, wr, wi);
  return fusedOp()(x, wr, wi) as tf.Tensor3D;
}
