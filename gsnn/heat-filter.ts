/**
 * HeatFilter: the GSNN smoothing layer (docs/operators-spectral.md §HeatFilter, docs/gsnn.md).
 * Channel c's mean is filtered by M_c(k) = Σ_j a_jc exp(−τ_jc²|k|²): a bank of J heat kernels
 * e^{τ²Δ} (one τ per channel: simply e^{τ_c²Δ}). τ is stored as log τ (positive, Adam steps are
 * relative) in physical units; the spectral basis is built from the input's size at call time,
 * so one layer runs at any resolution. Periodic (Fourier), Dirichlet (sine) and Neumann
 * (cosine) axes; `dirichlet: "reflect"` filters Dirichlet axes by even reflection about the
 * walls instead of the sine basis's odd one (for hidden features, which do not vanish there:
 * reflect-extension.ts).
 *
 * - `bankMode: "sum"` outputs Σ_j a_jc e^{τ_jc²Δ} x_c with learnable a; `"stack"` outputs every
 *   e^{τ_jc²Δ} x_c as channel c·J + j (C·J channels out).
 * - `probabilistic`: input and output carry (mean, variance) as `[..., 2C]`; the variance is
 *   filtered by the squared kernel's multiplier (exact for inputs independent across points,
 *   periodic axes only), then an injected variance s² ≥ 0 is added (none, fixed or learned).
 * - Initial τ: `tauInit` (one per bank member, shared by the channels), or `tauMin`/`tauMax`
 *   (the J·C τ log-spaced over the range, so channels start at different length scales), or
 *   defaultTauInit.
 *
 * Saved models of the former GaussianHeatFilter class load through gaussian-heat-filter.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, type BoundaryCondition } from "../core/index.js";
import type { SpectralImplementation } from "../operators/index.js";
import { heatFilter, heatFilterLogTau, heatFilterVariance, type HeatBankMode } from "./heat-filter-ops.js";
import { joinMoments, splitMoments } from "../operators/index.js";
import { filterAxes } from "./filter-axes.js";
import { cropReflected, reflectDirichlet, reflectedAxes } from "./reflect-extension.js";
import { defaultTauInit } from "./tau.js";

export type VarianceInjection = "none" | "fixed" | "learned";

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface HeatFilterArgs extends LayerArgs {
  /** Physical domain length per spatial axis (1 or 2 axes). */
  lengths: number[];
  /** Boundary condition per spatial axis, default periodic. */
  bc?: BoundaryCondition[];
  /** Filters per channel (J), default 1. */
  tausPerChannel?: number;
  bankMode?: HeatBankMode;
  /** Initial τ of bank member j (shared by all channels), length J. */
  tauInit?: number[];
  /** Initial τ range instead of tauInit: the J·C τ log-spaced over [tauMin, tauMax]. */
  tauMin?: number;
  tauMax?: number;
  modes?: number[];
  implementation?: SpectralImplementation;
  /** (mean, variance) in and out, `[..., 2C]`. Default false. */
  probabilistic?: boolean;
  /** Injected variance s²: none, a fixed value, or learned (s² = exp(param), init value). */
  injection?: VarianceInjection;
  injectedVariance?: number;
  /** How Dirichlet axes are filtered: "sine" (zero walls, default) or "reflect" (zero wall flux). */
  dirichlet?: DirichletFilter;
}

export type DirichletFilter = "sine" | "reflect";

const fail = (name: string, value: unknown, why: string): never => {
  throw new InvalidArgumentError(name, value, why);
};

export class HeatFilter extends tf.layers.Layer {
  static className = "HeatFilter";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly tausPerChannel: number;
  readonly bankMode: HeatBankMode;
  readonly tauInit: number[] | undefined;
  readonly tauMin: number | undefined;
  readonly tauMax: number | undefined;
  readonly modes: number[] | undefined;
  readonly implementation: SpectralImplementation;
  readonly probabilistic: boolean;
  readonly injection: VarianceInjection;
  readonly injectedVariance: number;
  readonly dirichlet: DirichletFilter;
  private logTau: tf.LayerVariable | null = null;
  private bankWeights: tf.LayerVariable | null = null;
  private logS2: tf.LayerVariable | null = null;

  constructor(args: HeatFilterArgs) {
    super(args);
    const bc = filterAxes(args.lengths, args.bc);
    const d = bc.length;
    const J = args.tausPerChannel ?? 1;
    if (!Number.isInteger(J) || J < 1) fail("tausPerChannel", J, "must be an integer >= 1");
    const mode = args.bankMode ?? "sum";
    if (mode !== "sum" && mode !== "stack") fail("bankMode", mode, "must be sum or stack");
    const range = args.tauMin !== undefined || args.tauMax !== undefined;
    if (range && args.tauInit !== undefined) fail("tauInit", args.tauInit, "cannot be given together with tauMin/tauMax");
    if (range && (!(args.tauMin! > 0) || !(args.tauMax! >= args.tauMin!) || !Number.isFinite(args.tauMax)))
      fail("tauMax", [args.tauMin, args.tauMax], "must satisfy 0 < tauMin <= tauMax < Infinity");
    if (args.tauInit !== undefined && (!Array.isArray(args.tauInit) || args.tauInit.length !== J || args.tauInit.some((t) => !(t > 0) || !Number.isFinite(t))))
      fail("tauInit", args.tauInit, `must be ${J} finite numbers > 0`);
    if (args.modes !== undefined && (!Array.isArray(args.modes) || args.modes.length !== d || args.modes.some((m) => !Number.isInteger(m) || m < 1)))
      fail("modes", args.modes, `must be ${d} integers >= 1`);
    const impl = args.implementation ?? "auto";
    if (!["auto", "matmul", "fft"].includes(impl)) fail("implementation", impl, "must be auto, matmul or fft");
    const probabilistic = args.probabilistic ?? false;
    if (probabilistic && bc.some((b) => b !== "periodic"))
      fail("bc", bc, "must be periodic on every axis for the variance path (probabilistic)");
    if (probabilistic && mode === "stack") fail("bankMode", mode, "must be sum for the variance path (probabilistic)");
    const inj = args.injection ?? "none";
    if (!["none", "fixed", "learned"].includes(inj)) fail("injection", inj, "must be none, fixed or learned");
    const s2 = args.injectedVariance ?? (inj === "learned" ? 1e-4 : 0);
    if (!(s2 >= 0) || !Number.isFinite(s2) || (inj === "learned" && s2 === 0))
      fail("injectedVariance", s2, inj === "learned" ? "must be > 0 when learned" : "must be >= 0");
    const dirichlet = args.dirichlet ?? "sine";
    if (dirichlet !== "sine" && dirichlet !== "reflect") fail("dirichlet", dirichlet, "must be sine or reflect");
    if (dirichlet === "reflect" && args.modes !== undefined) fail("modes", args.modes, 'must be left out with dirichlet: "reflect"');
    this.dirichlet = dirichlet;
    this.lengths = [...args.lengths];
    this.bc = [...bc];
    this.tausPerChannel = J;
    this.bankMode = mode;
    this.tauInit = range ? undefined : [...(args.tauInit ?? defaultTauInit(J, args.lengths))];
    this.tauMin = range ? args.tauMin : undefined;
    this.tauMax = range ? args.tauMax : undefined;
    this.modes = args.modes ? [...args.modes] : undefined;
    this.implementation = impl;
    this.probabilistic = probabilistic;
    this.injection = inj;
    this.injectedVariance = s2;
  }

  /** Name of the bank-weight variable (the legacy GaussianHeatFilter saved it as "bank"). */
  protected bankWeightName(): string {
    return "bank_weights";
  }

  /** Initial log τ, `[J, C]` row-major. */
  private initialLogTau(C: number): Float32Array {
    const J = this.tausPerChannel;
    const out = new Float32Array(J * C);
    if (this.tauInit) {
      for (let j = 0; j < J; j++) out.fill(Math.log(this.tauInit[j]!), j * C, (j + 1) * C);
      return out;
    }
    // Log-spaced over the whole bank, channel-major: channel c gets the values c·J … c·J+J−1.
    const n = J * C;
    const lo = Math.log(this.tauMin!);
    const hi = Math.log(this.tauMax!);
    for (let c = 0; c < C; c++)
      for (let j = 0; j < J; j++) out[j * C + c] = lo + (n === 1 ? 0.5 : (c * J + j) / (n - 1)) * (hi - lo);
    return out;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== this.lengths.length + 2)
      throw new ShapeMismatchError(`${this.name} input`, shape.map((v) => v ?? -1), `[batch, ${this.lengths.map(() => "n").join(", ")}, channels]`);
    const c = shape[shape.length - 1];
    if (c == null) throw new InvalidArgumentError(`${this.name} input channels`, c, "must be known when the layer is built");
    if (this.probabilistic && c % 2 !== 0) throw new InvalidArgumentError(`${this.name} input channels`, c, "must be even (means then variances)");
    const C = this.probabilistic ? c / 2 : c;
    const J = this.tausPerChannel;
    this.logTau = this.addWeight("log_tau", [J, C], "float32", tf.initializers.zeros());
    tf.tidy(() => {
      this.logTau!.write(tf.tensor2d(this.initialLogTau(C), [J, C]));
    });
    if (J > 1 && this.bankMode === "sum")
      this.bankWeights = this.addWeight(this.bankWeightName(), [J, C], "float32", tf.initializers.constant({ value: 1 / J }));
    if (this.probabilistic && this.injection === "learned")
      this.logS2 = this.addWeight("log_s2", [C], "float32", tf.initializers.constant({ value: Math.log(this.injectedVariance) }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = [...((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape)];
    const C = shape[shape.length - 1];
    if (this.bankMode === "stack" && C != null) shape[shape.length - 1] = C * this.tausPerChannel;
    return shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const opts = { lengths: this.lengths, bc: this.bc, modes: this.modes, implementation: this.implementation };
      const reflect = this.dirichlet === "reflect" && this.bc.includes("dirichlet");
      // One τ per channel, deterministic: τ² and the multiplier are formed inside the fused
      // kernel (one kernel per direction; docs/operators.md §Where a step's fixed cost goes).
      if (this.tausPerChannel === 1 && !this.probabilistic && !reflect) return heatFilterLogTau(x, this.logTau!.read(), opts);
      const t = tf.exp(tf.mul(this.logTau!.read(), 2)); // τ², [J, C]
      if (reflect) {
        const spatial = x.shape.slice(1, -1);
        const ext = { ...opts, ...reflectedAxes(this.bc, this.lengths) };
        const bank = this.bankWeights?.read();
        const w = this.bankMode === "stack" ? { weights: "stack" as const } : bank ? { weights: bank } : {};
        return cropReflected(heatFilter(reflectDirichlet(x, this.bc), t, { ...ext, ...w }), this.bc, spatial);
      }
      if (this.bankMode === "stack") return heatFilter(x, t, { ...opts, weights: "stack" });
      const bank = this.bankWeights?.read();
      const w = bank ? { weights: bank } : {};
      if (!this.probabilistic) return heatFilter(x, t, { ...opts, ...w });
      const { mean, variance } = splitMoments(x);
      let v = heatFilterVariance(variance, t, { ...opts, ...w });
      if (this.injection === "learned") v = tf.add(v, tf.exp(this.logS2!.read()));
      else if (this.injection === "fixed" && this.injectedVariance > 0) v = tf.add(v, this.injectedVariance);
      return joinMoments(heatFilter(mean, t, { ...opts, ...w }), v);
    });
  }

  /** Current τ, `[J, C]` (a new tensor: dispose it). */
  tau(): tf.Tensor2D {
    return tf.tidy(() => tf.exp(this.logTau!.read())) as tf.Tensor2D;
  }

  /** Current τ values `[J, C]` row-major (a copy, read synchronously). */
  taus(): Float32Array {
    return tf.tidy(() => tf.exp(this.logTau!.read()).dataSync() as Float32Array);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const cfg: tf.serialization.ConfigDict = {
      lengths: this.lengths,
      bc: this.bc,
      tausPerChannel: this.tausPerChannel,
      bankMode: this.bankMode,
      implementation: this.implementation,
      probabilistic: this.probabilistic,
      injection: this.injection,
      injectedVariance: this.injectedVariance,
    };
    if (this.tauInit) cfg.tauInit = this.tauInit;
    else {
      cfg.tauMin = this.tauMin!;
      cfg.tauMax = this.tauMax!;
    }
    if (this.modes) cfg.modes = this.modes;
    if (this.dirichlet !== "sine") cfg.dirichlet = this.dirichlet;
    return { ...super.getConfig(), ...cfg };
  }
}

tf.serialization.registerClass(HeatFilter);
