/**
 * HeatFilter: the GSNN smoothing layer. Channel c is multiplied in spectral space by
 * exp(−τ_c²|k|²): the heat semigroup e^{τ²Δ} at time t = τ² with unit diffusivity (DESIGN §3,
 * docs/conventions.md §GSNN — not the seed text's e^{(τ²/2)Δ}). τ is stored as log τ, in
 * physical units: the wavenumbers come from the layer's domain lengths and the spectral basis is
 * built from the input's spatial size at call time, so one layer runs at any resolution.
 *
 * A bank of J filters per channel: `bankMode: "sum"` outputs Σ_j a_jc e^{τ_jc²Δ} x_c with
 * learnable a (C channels out); `"stack"` outputs every e^{τ_jc²Δ} x_c as channel c·J + j
 * (C·J channels out). Periodic (Fourier), Dirichlet (sine) and Neumann (cosine) axes.
 */
import * as tf from "@tensorflow/tfjs";
import { BOUNDARY_CONDITIONS, InvalidArgumentError, ShapeMismatchError, type BoundaryCondition } from "../core/index.js";
import {
  maxModes,
  spectralFilter,
  spectralTransform,
  wavenumbersSquared,
  type SpectralImplementation,
  type SpectralTransform,
} from "../operators/index.js";
import { heatBankMultiplier, squaredKernelMultiplier } from "./squared-kernel.js";
import { basesForBc, defaultTauInit } from "./tau.js";

export type HeatBankMode = "sum" | "stack";

export interface HeatFilterOptions {
  /** Physical domain length per spatial axis. */
  lengths: readonly number[];
  /** Boundary condition per spatial axis, default periodic. */
  bc?: readonly BoundaryCondition[];
  /** Kept modes per axis (spectral layout of operators/spectral); default all. */
  modes?: readonly number[];
  implementation?: SpectralImplementation;
}

/** The spectral transform and |k|² tensor (`[...modeShape, 1]`) for an input's spatial shape. */
function transformFor(spatial: readonly number[], opts: HeatFilterOptions): { t: SpectralTransform; k2: tf.Tensor } {
  const bc = opts.bc ?? new Array<BoundaryCondition>(spatial.length).fill("periodic");
  const bases = basesForBc(bc);
  // Clamp requested modes to what this resolution has, so a truncated layer still runs on a
  // coarser grid of the same domain.
  const modes = opts.modes?.map((m, a) => Math.min(m, maxModes(bases[a]!, spatial[a]!, a === spatial.length - 1)));
  const t = spectralTransform({ spatialShape: spatial, bases, modes, implementation: opts.implementation });
  const k2 = Float32Array.from(wavenumbersSquared(t, opts.lengths));
  return { t, k2: tf.tensor(k2, [...t.modeShape, 1]) };
}

/**
 * Functional heat filter of `x` `[batch, ...spatial, C]` with diffusion times `t = τ²`, shape
 * `[C]` (one filter per channel) or `[J, C]` (a bank). A bank is summed with `weights` `[J, C]`
 * (output C channels) or, with `weights = "stack"`, stacked (output C·J channels, c·J + j).
 * Differentiable w.r.t. x, t and weights.
 */
export function heatFilter(
  x: tf.Tensor,
  t: tf.Tensor,
  opts: HeatFilterOptions & { weights?: tf.Tensor | "stack" },
): tf.Tensor {
  const spatial = x.shape.slice(1, -1);
  const C = x.shape[x.rank - 1]!;
  if (opts.lengths.length !== spatial.length)
    throw new InvalidArgumentError("lengths", opts.lengths, `must have one entry per spatial axis of x (${spatial.length})`);
  if (t.rank < 1 || t.rank > 2 || t.shape[t.rank - 1] !== C) throw new ShapeMismatchError("t", t.shape, `[${C}] or [J, ${C}]`);
  const J = t.rank === 2 ? t.shape[0]! : 1;
  const w = opts.weights;
  if (w instanceof tf.Tensor && (w.rank !== 2 || w.shape[0] !== J || w.shape[1] !== C))
    throw new ShapeMismatchError("weights", w.shape, [J, C]);
  return tf.tidy(() => {
    const t2 = t.reshape([J, C]);
    const { t: tr, k2 } = transformFor(spatial, opts);
    const s = tr.forward(x);
    let re: tf.Tensor;
    let im: tf.Tensor | null;
    if (w === "stack") {
      // g [...modes, C, J]; the spectrum gains a trailing bank axis, then channels merge as c·J + j.
      const g = tf.exp(tf.neg(tf.mul(tf.expandDims(k2, -1), tf.transpose(t2))));
      const outShape = [...s.re.shape.slice(0, -1), C * J];
      re = tf.reshape(tf.mul(tf.expandDims(s.re, -1), g), outShape);
      im = s.im ? tf.reshape(tf.mul(tf.expandDims(s.im, -1), g), outShape) : null;
    } else {
      let m: tf.Tensor | null = null;
      for (let j = 0; j < J; j++) {
        let term = tf.exp(tf.neg(tf.mul(k2, tf.slice(t2, [j, 0], [1, C]).reshape([C]))));
        if (w) term = tf.mul(term, tf.slice(w, [j, 0], [1, C]).reshape([C]));
        m = m ? tf.add(m, term) : term;
      }
      re = tf.mul(s.re, m!);
      im = s.im ? tf.mul(s.im, m!) : null;
    }
    return tr.inverse({ re, im });
  });
}

/**
 * Variance through the heat filter: for inputs independent across grid points with variances
 * `v` `[batch, ...spatial, C]`, the variance of heatFilter(x, t, {weights}) is v filtered by the
 * multiplier of the squared kernel g² (not by the squared multiplier): Var y_i = Σ_j g_{i−j}² v_j
 * (DESIGN §3; squared-kernel.ts computes DFT(g²) exactly on the grid). Periodic axes only.
 * `t` and `weights` as in heatFilter (a summed bank; "stack" is not supported here).
 */
export function heatFilterVariance(
  v: tf.Tensor,
  t: tf.Tensor,
  opts: HeatFilterOptions & { weights?: tf.Tensor },
): tf.Tensor {
  const spatial = v.shape.slice(1, -1);
  const C = v.shape[v.rank - 1]!;
  if (opts.lengths.length !== spatial.length)
    throw new InvalidArgumentError("lengths", opts.lengths, `must have one entry per spatial axis of v (${spatial.length})`);
  if (t.rank < 1 || t.rank > 2 || t.shape[t.rank - 1] !== C) throw new ShapeMismatchError("t", t.shape, `[${C}] or [J, ${C}]`);
  const J = t.rank === 2 ? t.shape[0]! : 1;
  if (opts.weights && (opts.weights.rank !== 2 || opts.weights.shape[0] !== J || opts.weights.shape[1] !== C))
    throw new ShapeMismatchError("weights", opts.weights.shape, [J, C]);
  return tf.tidy(() => {
    const { t: tr, k2 } = transformFor(spatial, opts);
    const m = heatBankMultiplier(k2, t.reshape([J, C]), opts.weights ?? null);
    return spectralFilter(v, squaredKernelMultiplier(m, tr), tr);
  });
}

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface HeatFilterArgs extends LayerArgs {
  lengths: number[];
  bc?: BoundaryCondition[];
  /** Filters per channel (J), default 1. */
  tausPerChannel?: number;
  bankMode?: HeatBankMode;
  /** Initial τ of bank member j (shared by all channels), length J. Default: defaultTauInit. */
  tauInit?: number[];
  modes?: number[];
  implementation?: SpectralImplementation;
}

export class HeatFilter extends tf.layers.Layer {
  static className = "HeatFilter";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly tausPerChannel: number;
  readonly bankMode: HeatBankMode;
  readonly tauInit: number[];
  readonly modes: number[] | undefined;
  readonly implementation: SpectralImplementation;
  private logTau: tf.LayerVariable | null = null;
  private bankWeights: tf.LayerVariable | null = null;

  constructor(args: HeatFilterArgs) {
    super(args);
    const d = Array.isArray(args.lengths) ? args.lengths.length : 0;
    if (d < 1 || d > 2 || args.lengths.some((L) => !(L > 0) || !Number.isFinite(L)))
      throw new InvalidArgumentError("lengths", args.lengths, "must be 1 or 2 finite numbers > 0 (one per spatial axis)");
    const bc = args.bc ?? new Array<BoundaryCondition>(d).fill("periodic");
    if (!Array.isArray(bc) || bc.length !== d || bc.some((b) => !BOUNDARY_CONDITIONS.includes(b)))
      throw new InvalidArgumentError("bc", args.bc, `must give one of ${BOUNDARY_CONDITIONS.join(", ")} per axis (${d})`);
    const J = args.tausPerChannel ?? 1;
    if (!Number.isInteger(J) || J < 1) throw new InvalidArgumentError("tausPerChannel", J, "must be an integer >= 1");
    const mode = args.bankMode ?? "sum";
    if (mode !== "sum" && mode !== "stack") throw new InvalidArgumentError("bankMode", mode, "must be sum or stack");
    const tauInit = args.tauInit ?? defaultTauInit(J, args.lengths);
    if (!Array.isArray(tauInit) || tauInit.length !== J || tauInit.some((t) => !(t > 0) || !Number.isFinite(t)))
      throw new InvalidArgumentError("tauInit", args.tauInit, `must be ${J} finite numbers > 0`);
    if (args.modes !== undefined && (!Array.isArray(args.modes) || args.modes.length !== d || args.modes.some((m) => !Number.isInteger(m) || m < 1)))
      throw new InvalidArgumentError("modes", args.modes, `must be ${d} integers >= 1`);
    const impl = args.implementation ?? "auto";
    if (!["auto", "matmul", "fft"].includes(impl)) throw new InvalidArgumentError("implementation", impl, "must be auto, matmul or fft");
    this.lengths = [...args.lengths];
    this.bc = [...bc];
    this.tausPerChannel = J;
    this.bankMode = mode;
    this.tauInit = [...tauInit];
    this.modes = args.modes ? [...args.modes] : undefined;
    this.implementation = impl;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== this.lengths.length + 2)
      throw new ShapeMismatchError(`${this.name} input`, shape.map((v) => v ?? -1), `[batch, ${this.lengths.map(() => "n").join(", ")}, channels]`);
    const C = shape[shape.length - 1];
    if (C == null) throw new InvalidArgumentError(`${this.name} input channels`, C, "must be known when the layer is built");
    const J = this.tausPerChannel;
    const init = new Float32Array(J * C);
    for (let j = 0; j < J; j++) init.fill(Math.log(this.tauInit[j]!), j * C, (j + 1) * C);
    this.logTau = this.addWeight("log_tau", [J, C], "float32", tf.initializers.constant({ value: 0 }));
    this.logTau.write(tf.tensor(init, [J, C]));
    if (J > 1 && this.bankMode === "sum")
      this.bankWeights = this.addWeight("bank_weights", [J, C], "float32", tf.initializers.constant({ value: 1 / J }));
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
      const t = tf.exp(tf.mul(this.logTau!.read(), 2));
      const weights = this.bankMode === "stack" ? ("stack" as const) : (this.bankWeights?.read() ?? undefined);
      return heatFilter(x, t, { lengths: this.lengths, bc: this.bc, modes: this.modes, implementation: this.implementation, weights });
    });
  }

  /** Current τ, `[J, C]` (a new tensor: dispose it). */
  tau(): tf.Tensor2D {
    return tf.tidy(() => tf.exp(this.logTau!.read())) as tf.Tensor2D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const cfg: tf.serialization.ConfigDict = {
      lengths: this.lengths,
      bc: this.bc,
      tausPerChannel: this.tausPerChannel,
      bankMode: this.bankMode,
      tauInit: this.tauInit,
      implementation: this.implementation,
    };
    if (this.modes) cfg.modes = this.modes;
    return { ...super.getConfig(), ...cfg };
  }
}

tf.serialization.registerClass(HeatFilter);
