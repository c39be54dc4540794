/**
 * HeatDerivativeFilter: the GSNN filter bank's derivative members (docs/gsnn.md §Derivative
 * filters). For each input channel c and each requested derivative d = (m_1, …, m_D) the layer
 * outputs ∂^{m_d} e^{τ_dc²Δ} x_c (optionally scale-normalised by τ_dc^{|m|}) as channel c·D + d,
 * with one learned τ per (d, c) stored as log τ like HeatFilter's. Periodic axes take any order
 * up to 2; Dirichlet/Neumann axes even orders only (heat-derivative-ops.ts says why).
 * Probabilistic: input and output carry (mean, variance); the variance is filtered by each
 * derivative kernel's square (inputs independent across points, periodic axes only).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, type BoundaryCondition } from "../core/index.js";
import type { SpectralImplementation } from "../operators/index.js";
import { checkDerivativeOrders, heatDerivative, heatDerivativeLogTau, heatDerivativeVariance, type DerivativeOrder } from "./heat-derivative-ops.js";
import { joinMoments, splitMoments, oneTensor as single, lastDim, type LayerArgs as LayerBaseArgs } from "../operators/index.js";
import { filterAxes } from "./filter-axes.js";
import { defaultTauInit } from "./tau.js";

export interface HeatDerivativeFilterArgs extends LayerBaseArgs {
  /** Physical domain length per spatial axis (1 or 2 axes). */
  lengths: number[];
  /** Boundary condition per spatial axis, default periodic. */
  bc?: BoundaryCondition[];
  /** Derivatives per channel, default [[1], [2]] in 1-D and [[1,0],[0,1],[2,0],[0,2]] in 2-D. */
  orders?: number[][];
  /** Output τ^{|m|} ∂^m e^{τ²Δ} x (scale-normalised, bounded multiplier). Default true. */
  normalized?: boolean;
  /** Initial τ (all members and channels), default defaultTauInit's single value. */
  tauInit?: number;
  implementation?: SpectralImplementation;
  probabilistic?: boolean;
}

const fail = (name: string, value: unknown, why: string): never => {
  throw new InvalidArgumentError(name, value, why);
};

function defaultOrders(d: number): number[][] {
  return d === 1 ? [[1], [2]] : [[1, 0], [0, 1], [2, 0], [0, 2]];
}

export class HeatDerivativeFilter extends tf.layers.Layer {
  static className = "HeatDerivativeFilter";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly orders: number[][];
  readonly normalized: boolean;
  readonly tauInit: number;
  readonly implementation: SpectralImplementation;
  readonly probabilistic: boolean;
  private logTau: tf.LayerVariable | null = null;

  constructor(args: HeatDerivativeFilterArgs) {
    super(args);
    const bc = filterAxes(args.lengths, args.bc);
    const d = bc.length;
    const orders = args.orders ?? defaultOrders(d);
    checkDerivativeOrders(orders, bc);
    const tau = args.tauInit ?? defaultTauInit(1, args.lengths)[0]!;
    if (!(tau > 0) || !Number.isFinite(tau)) fail("tauInit", tau, "must be a finite number > 0");
    const impl = args.implementation ?? "auto";
    if (!["auto", "matmul", "fft"].includes(impl)) fail("implementation", impl, "must be auto, matmul or fft");
    const probabilistic = args.probabilistic ?? false;
    if (probabilistic && bc.some((b) => b !== "periodic"))
      fail("bc", bc, "must be periodic on every axis for the variance path (probabilistic)");
    this.lengths = [...args.lengths];
    this.bc = [...bc];
    this.orders = orders.map((m) => [...m]);
    this.normalized = args.normalized ?? true;
    this.tauInit = tau;
    this.implementation = impl;
    this.probabilistic = probabilistic;
  }

  private channels(inputShape: tf.Shape | tf.Shape[]): number {
    const c = lastDim(inputShape, this.name);
    if (this.probabilistic && c % 2 !== 0) throw new InvalidArgumentError(`${this.name} input channels`, c, "must be even (means then variances)");
    return this.probabilistic ? c / 2 : c;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== this.lengths.length + 2)
      throw new ShapeMismatchError(`${this.name} input`, shape.map((v) => v ?? -1), `[batch, ${this.lengths.map(() => "n").join(", ")}, channels]`);
    const C = this.channels(inputShape);
    this.logTau = this.addWeight("log_tau", [this.orders.length, C], "float32", tf.initializers.constant({ value: Math.log(this.tauInit) }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = [...((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape)];
    shape[shape.length - 1] = (this.probabilistic ? 2 : 1) * this.channels(inputShape) * this.orders.length;
    return shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const opts = { lengths: this.lengths, bc: this.bc, orders: this.orders, normalized: this.normalized, implementation: this.implementation };
      // Fused kernel on wasm/cpu (heatDerivativeLogTau), the tfjs-op path elsewhere.
      if (!this.probabilistic) return heatDerivativeLogTau(x, this.logTau!.read(), opts);
      const t = tf.exp(tf.mul(this.logTau!.read(), 2)); // τ², [D, C]
      const { mean, variance } = splitMoments(x);
      return joinMoments(heatDerivative(mean, t, opts), heatDerivativeVariance(variance, t, opts));
    });
  }

  /** Current τ values `[D, C]` row-major (a copy, read synchronously). */
  taus(): Float32Array {
    return tf.tidy(() => tf.exp(this.logTau!.read()).dataSync() as Float32Array);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      lengths: this.lengths,
      bc: this.bc,
      orders: this.orders,
      normalized: this.normalized,
      tauInit: this.tauInit,
      implementation: this.implementation,
      probabilistic: this.probabilistic,
    };
  }
}

tf.serialization.registerClass(HeatDerivativeFilter);
