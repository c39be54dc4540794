/**
 * GaussianHeatFilter: the GSNN smoothing step on (mean, variance) pairs. Channel c's mean is
 * filtered by M_c(k) = Σ_j a_jc exp(−τ_jc²|k|²) (a heat-kernel bank; with one τ per channel
 * simply e^{τ_c²Δ}, DESIGN §3), its variance by the squared kernel's multiplier
 * (gsnn/squared-kernel.ts), then an optional injected variance s² ≥ 0 is added ("smoothing
 * injection"). τ is stored as log τ (positive) in physical units, the wavenumbers come from the
 * layer's domain lengths and the input's size at call time: the layer runs at any resolution.
 * The mean path is the functional heat filter of gsnn/heat-filter.ts (the deterministic
 * HeatFilter layer's); this layer adds the variance path.
 */
import * as tf from "@tensorflow/tfjs";
import { BOUNDARY_CONDITIONS, InvalidArgumentError, type BoundaryCondition } from "../core/index.js";
import { joinMoments, lastDim, single, splitMoments, type LayerBaseArgs } from "./moment-tensor.js";
import { spectralFilter } from "../operators/index.js";
import { heatFilter } from "./heat-filter.js";
import { fullTransform, heatBankMultiplier, squaredKernelMultiplier, wavenumbersSquaredTensor } from "./squared-kernel.js";

export type VarianceInjection = "none" | "fixed" | "learned";

export interface GaussianHeatFilterArgs extends LayerBaseArgs {
  /** Physical domain length per spatial axis. */
  lengths: number[];
  /** Boundary condition per spatial axis (the variance path needs periodic). */
  bc: BoundaryCondition[];
  probabilistic?: boolean;
  /** Initial τ range: the J·C initial τ are log-spaced over [tauMin, tauMax]. */
  tauMin: number;
  tauMax: number;
  /** Heat kernels per channel (J). Default 1. */
  tausPerChannel?: number;
  /** Injected variance s²: none, a fixed value, or learned (s² = exp(param), init value). */
  injection?: VarianceInjection;
  injectedVariance?: number;
}

export class GaussianHeatFilter extends tf.layers.Layer {
  static className = "GaussianHeatFilter";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly probabilistic: boolean;
  readonly tauMin: number;
  readonly tauMax: number;
  readonly tausPerChannel: number;
  readonly injection: VarianceInjection;
  readonly injectedVariance: number;
  private logTau: tf.LayerVariable | null = null;
  private bank: tf.LayerVariable | null = null;
  private logS2: tf.LayerVariable | null = null;

  constructor(args: GaussianHeatFilterArgs) {
    super(args);
    if (!Array.isArray(args.lengths) || args.lengths.some((L) => !(L > 0) || !Number.isFinite(L)))
      throw new InvalidArgumentError("lengths", args.lengths, "must be an array of finite numbers > 0");
    if (!Array.isArray(args.bc) || args.bc.length !== args.lengths.length || args.bc.some((b) => !BOUNDARY_CONDITIONS.includes(b)))
      throw new InvalidArgumentError("bc", args.bc, "must give one boundary condition per axis of lengths");
    if (!(args.tauMin > 0) || !(args.tauMax >= args.tauMin) || !Number.isFinite(args.tauMax))
      throw new InvalidArgumentError("tauMax", [args.tauMin, args.tauMax], "must satisfy 0 < tauMin <= tauMax < Infinity");
    const J = args.tausPerChannel ?? 1;
    if (!Number.isInteger(J) || J < 1) throw new InvalidArgumentError("tausPerChannel", J, "must be an integer >= 1");
    const inj = args.injection ?? "none";
    if (!["none", "fixed", "learned"].includes(inj)) throw new InvalidArgumentError("injection", inj, "must be none, fixed or learned");
    const s2 = args.injectedVariance ?? (inj === "learned" ? 1e-4 : 0);
    if (!(s2 >= 0) || !Number.isFinite(s2) || (inj === "learned" && s2 === 0))
      throw new InvalidArgumentError("injectedVariance", s2, inj === "learned" ? "must be > 0 when learned" : "must be >= 0");
    this.lengths = [...args.lengths];
    this.bc = [...args.bc];
    this.probabilistic = args.probabilistic ?? false;
    this.tauMin = args.tauMin;
    this.tauMax = args.tauMax;
    this.tausPerChannel = J;
    this.injection = inj;
    this.injectedVariance = s2;
    if (this.probabilistic && this.bc.some((b) => b !== "periodic"))
      throw new InvalidArgumentError("bc", this.bc, "must be periodic on every axis for the variance path (probabilistic)");
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const c2 = lastDim(inputShape, this.name);
    const C = this.probabilistic ? c2 / 2 : c2;
    const J = this.tausPerChannel;
    const n = J * C;
    const init = new Float32Array(n);
    // Log-spaced over the whole bank so channels start at different length scales.
    for (let i = 0; i < n; i++) {
      const f = n === 1 ? 0.5 : i / (n - 1);
      init[i] = Math.log(this.tauMin) + f * (Math.log(this.tauMax) - Math.log(this.tauMin));
    }
    // Channel-major: channel c gets τ indices c·J..c·J+J−1, stored [J, C].
    const logTau = new Float32Array(n);
    for (let c = 0; c < C; c++) for (let j = 0; j < J; j++) logTau[j * C + c] = init[c * J + j]!;
    this.logTau = this.addWeight("log_tau", [J, C], "float32", tf.initializers.zeros());
    const v = tf.tensor2d(logTau, [J, C]);
    this.logTau.write(v);
    v.dispose();
    if (J > 1) this.bank = this.addWeight("bank", [J, C], "float32", tf.initializers.constant({ value: 1 / J }));
    if (this.probabilistic && this.injection === "learned")
      this.logS2 = this.addWeight("log_s2", [C], "float32", tf.initializers.constant({ value: Math.log(this.injectedVariance) }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  /** Current τ values `[J, C]` (a copy). */
  taus(): Float32Array {
    return tf.tidy(() => tf.exp(this.logTau!.read()).dataSync() as Float32Array);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const times = tf.exp(tf.mul(2, this.logTau!.read())); // τ², [J, C]
      const bank = this.bank ? this.bank.read() : undefined;
      const smooth = (t: tf.Tensor): tf.Tensor =>
        heatFilter(t, times, { lengths: this.lengths, bc: this.bc, ...(bank ? { weights: bank } : {}) });
      if (!this.probabilistic) return smooth(x);
      const { mean, variance } = splitMoments(x);
      const t = fullTransform(x.shape.slice(1, -1), this.bc);
      const m = heatBankMultiplier(wavenumbersSquaredTensor(t, this.lengths), times, bank ?? null);
      let v = spectralFilter(variance, squaredKernelMultiplier(m, t), t);
      if (this.injection === "learned") v = tf.add(v, tf.exp(this.logS2!.read()));
      else if (this.injection === "fixed" && this.injectedVariance > 0) v = tf.add(v, this.injectedVariance);
      return joinMoments(smooth(mean), v);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      lengths: this.lengths,
      bc: this.bc,
      probabilistic: this.probabilistic,
      tauMin: this.tauMin,
      tauMax: this.tauMax,
      tausPerChannel: this.tausPerChannel,
      injection: this.injection,
      injectedVariance: this.injectedVariance,
    };
  }
}
tf.serialization.registerClass(GaussianHeatFilter);
