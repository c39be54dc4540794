/**
 * heatDerivativeFilter(x, logTau, opts): the GSNN's heat-kernel derivative filters as one fused
 * kernel per direction on wasm and cpu (derivative-filter-kernel.ts). For x [B, ...spatial, C]
 * and logTau [D, C] (ℓ = log τ per derivative and channel) the output is [B, ...spatial, C·D],
 * channel c·D + d = (τ^{|m_d|}) ∂^{m_d} e^{τ²Δ} x_c with τ = e^{ℓ_dc}: the multiplier
 * (i k)^m e^{−τ²|k|²} on periodic (Fourier) axes, odd orders included, and even orders on sine
 * (Dirichlet) and cosine (Neumann) axes (all Fourier or all sine/cosine, as the spectral
 * transforms). Differentiable w.r.t. x and logTau.
 *
 * The reference path, and the fallback on other backends, is the GSNN's heatDerivative (tfjs
 * ops around operators/spectral's transforms); this op exists only where the fused kernels run
 * (docs/operators-spectral.md §Fused kernels).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, UnsupportedError } from "../../core/index.js";
import type { AxisBasis } from "../spectral/index.js";
import { DERIVATIVE_FILTER, DERIVATIVE_FILTER_GRAD, registerDerivativeFilterKernels } from "./derivative-filter-kernel.js";
import { fusedKernelsAvailable } from "./runtime.js";

export interface HeatDerivativeFilterOptions {
  /** Physical domain length per spatial axis. */
  lengths: readonly number[];
  /** Spectral basis per spatial axis (fourier: periodic, sine: Dirichlet, cosine: Neumann). */
  bases: readonly AxisBasis[];
  /** D derivative orders, one entry per spatial axis each, total order 0 … 2; odd orders on Fourier axes only. */
  orders: readonly (readonly number[])[];
  /** Multiply derivative d by τ^{|m_d|} (scale-normalised). Default false. */
  normalized?: boolean;
}

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

function validate(x: tf.Tensor, logTau: tf.Tensor, opts: HeatDerivativeFilterOptions): void {
  const spatial = x.shape.slice(1, -1);
  const d = spatial.length;
  if (d < 1 || d > 2) throw new ShapeMismatchError("x", x.shape, "[batch, n, C] or [batch, n1, n2, C]");
  const { lengths, bases, orders } = opts;
  if (bases.length !== d || bases.some((b) => !["fourier", "sine", "cosine"].includes(b)))
    throw new InvalidArgumentError("bases", bases, `must be ${d} of fourier, sine, cosine`);
  // As operators/spectral's transforms (the reference path): no Fourier axis beside a real one.
  if (d === 2 && (bases[0] === "fourier") !== (bases[1] === "fourier"))
    throw new InvalidArgumentError("bases", bases, "must be all fourier or all sine/cosine (mixed grids are not supported)");
  if (lengths.length !== d || !lengths.every((L) => L > 0 && Number.isFinite(L))) throw new InvalidArgumentError("lengths", lengths, `must be ${d} positive lengths`);
  if (!Array.isArray(orders) || orders.length === 0) throw new InvalidArgumentError("orders", orders, "must be a non-empty array of per-axis derivative orders");
  orders.forEach((m, i) => {
    if (!Array.isArray(m) || m.length !== d || m.some((v) => !Number.isInteger(v) || v < 0) || m.reduce((s, v) => s + v, 0) > 2)
      throw new InvalidArgumentError(`orders[${i}]`, m, `must be ${d} integers >= 0 with total order <= 2`);
    m.forEach((v, a) => {
      if (v % 2 === 1 && bases[a] !== "fourier") throw new InvalidArgumentError(`orders[${i}]`, m, `odd order along a ${bases[a]} axis (only Fourier axes take odd orders)`);
    });
  });
  const C = x.shape[x.rank - 1]!;
  if (logTau.rank !== 2 || logTau.shape[0] !== orders.length || logTau.shape[1] !== C) throw new ShapeMismatchError("logTau", logTau.shape, [orders.length, C]);
  if (x.dtype !== "float32" || logTau.dtype !== "float32") throw new InvalidArgumentError("dtype", [x.dtype, logTau.dtype], "must be float32");
}

/** Validates and filters; see the module comment. Throws UnsupportedError off wasm/cpu. */
export function heatDerivativeFilter(x: tf.Tensor, logTau: tf.Tensor, opts: HeatDerivativeFilterOptions): tf.Tensor {
  validate(x, logTau, opts);
  if (!fusedKernelsAvailable("filter") || !fusedKernelsAvailable("derivative"))
    throw new UnsupportedError(`heatDerivativeFilter runs where the fused kernels do (wasm, cpu, family on); backend ${tf.getBackend()}: use the GSNN's heatDerivative`);
  registerDerivativeFilterKernels();
  const D = opts.orders.length;
  const attrs = { bases: opts.bases.join(","), lengths: [...opts.lengths], orders: opts.orders.flat(), D, normalized: opts.normalized ?? false } as unknown as tf.NamedAttrMap;
  const op = tf.customGrad(((...args: Args) => {
    const [xi, li, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, spec] = tf.engine().runKernel(DERIVATIVE_FILTER, { x: xi, logTau: li }, attrs) as tf.Tensor[];
    save([li, spec!]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(DERIVATIVE_FILTER_GRAD, { dy, spec: saved[1]!, logTau: saved[0]! }, attrs) as tf.Tensor[],
    };
  }) as CustomGradientFunc) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  if (D === 1) return op(x, logTau);
  // Channel c·D + d filters x_c: the kernel filters a channel-repeated copy (its gradient sums back).
  return tf.tidy(() => {
    const C = x.shape[x.rank - 1]!;
    // (stack, not tile: tfjs has no tile gradient beyond rank 4)
    const tiled = tf.reshape(tf.stack(new Array<tf.Tensor>(D).fill(x), -1), [...x.shape.slice(0, -1), C * D]);
    return op(tiled, logTau);
  });
}
