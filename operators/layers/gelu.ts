/**
 * GELU with hand-written gradients. On the wasm and cpu backends `gelu`/`geluTanh` run one
 * fused SIMD kernel each way (operators/kernels, docs/operators-spectral.md §Fused kernels), on
 * webgpu one dispatch each way (operators/webgpu, docs/gpu.md);
 * elsewhere, and as the tests' reference, the tfjs-op forms `geluReference`/`geluTanhReference`
 * (fewer kernel launches than autodiff through erf/tanh).
 *
 * - `gelu`: exact, x·Φ(x) with Φ the standard normal CDF (PyTorch's default `F.gelu`, used by
 *   the FNO paper's scripts).
 * - `geluTanh`: the tanh approximation x·½(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's
 *   `approximate="tanh"`), written as x·σ(2u) because sigmoid is a fast kernel on wasm while erf
 *   and tanh are not. Absolute deviation from the exact GELU below 5e-4 (checked in tests).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../core/index.js";
import { fusedGelu, fusedKernelsAvailable } from "../kernels/index.js";
import { webgpuGeluAvailable } from "../webgpu/index.js";

export type GeluKind = "gelu" | "gelu_tanh";

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const C = 2 * Math.sqrt(2 / Math.PI);
const A = 0.044715;

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

export const geluReference = tf.customGrad(((...args: Args) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const phi = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, SQRT1_2))));
  save([x, phi]);
  return {
    value: tf.mul(x, phi),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, cdf] = saved as [tf.Tensor, tf.Tensor];
      const pdf = tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(-0.5, tf.square(xs))));
      return tf.mul(dy, tf.add(cdf, tf.mul(xs, pdf)));
    },
  };
}) as CustomGradientFunc) as (x: tf.Tensor) => tf.Tensor;

export const geluTanhReference = tf.customGrad(((...args: Args) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const x2 = tf.square(x);
  const s = tf.sigmoid(tf.mul(tf.mul(x, C), tf.add(1, tf.mul(x2, A))));
  save([x, x2, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, xs2, ss] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      // d/dx [x σ(u)] = σ + x σ(1−σ) u',  u' = C(1 + 3A x²)
      const du = tf.mul(C, tf.add(1, tf.mul(xs2, 3 * A)));
      const g = tf.add(ss, tf.mul(tf.mul(xs, tf.mul(ss, tf.sub(1, ss))), du));
      return tf.mul(dy, g);
    },
  };
}) as CustomGradientFunc) as (x: tf.Tensor) => tf.Tensor;

/** Exact GELU x·Φ(x) (fused kernel on wasm/cpu). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return fusedKernelsAvailable("gelu") || webgpuGeluAvailable() ? fusedGelu(x, false) : geluReference(x);
}

/** tanh-form GELU (fused kernel on wasm/cpu). */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  return fusedKernelsAvailable("gelu") || webgpuGeluAvailable() ? fusedGelu(x, true) : geluTanhReference(x);
}

/**
 * tfjs camel-cases string values when it loads a layer config ("gelu_tanh" → "geluTanh"),
 * so layers normalise their activation name through this.
 */
export function activationName<T extends string>(name: T | "geluTanh"): T | "gelu_tanh" {
  return name === "geluTanh" ? "gelu_tanh" : name;
}

export function applyActivation(x: tf.Tensor, kind: GeluKind | "relu" | "linear"): tf.Tensor {
  switch (kind) {
    case "gelu":
      return gelu(x);
    case "gelu_tanh":
      return geluTanh(x);
    case "relu":
      return tf.relu(x);
    case "linear":
      return x;
    default:
      throw new InvalidArgumentError("activation", kind, 'must be one of "gelu", "gelu_tanh", "relu", "linear"');
  }
}
