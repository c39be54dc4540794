/**
 * buildGsnn: the GSNN model builder (operators/model.ts interface). Graph, for 1D or 2D grids:
 *
 *   x ─ GridCoordinates ─ [InputMoments] ─ lift ─ L × block ─ projection ─(+)─ y
 *   └──────────────────── [InputMoments] ─ LinearSpectralPath ────────────┘
 *   block(h) = act( HeatFilter(Mix(h)) + Skip(h) ), all in (mean, variance) when probabilistic
 *   with derivativeFilters (deterministic): z = Mix(h), f = HeatFilter(z), dz = τ^|m|∂^m e^{τ²Δ}z,
 *   block(h) = act( f + Lin([dz, f·∂z]) + Skip(h) ), so a block can form u·u_x and ν u_xx
 *   with coefficientProducts, Lin also takes f·e, e = Lin(x, coordinates) (docs/gsnn-claims.md)
 *
 * With the linear path the projection's last layer starts at zero, so the untrained model is
 * the path alone; fit the path in closed form (fitLinearPath) before and after training the
 * deep part. On a grid with another point layout than its boundary conditions' default, the
 * graph runs on the default grid inside it between LayoutEmbed and LayoutRestore
 * (layout-embedding.ts). Docs: docs/gsnn.md.
 */
import * as tf from "@tensorflow/tfjs";
import {
  InvalidArgumentError,
  UnsupportedError,
  defaultLayoutEmbedding,
  hasDefaultLayout,
  requireInteger,
  requireNonNegative,
  type Grid,
} from "../core/index.js";
import { countParameters, type ModelContext, type ModelInfo } from "../operators/index.js";
import { GaussianActivation } from "./gaussian-activation.js";
import { HeatFilter, type DirichletFilter, type VarianceInjection } from "./heat-filter.js";
import { HeatDerivativeFilter } from "./heat-derivative-filter.js";
import { ResolventFilter } from "./resolvent-filter.js";
import { DomainModes } from "./domain-modes.js";
import { ColeHopfFilter } from "./cole-hopf-filter.js";
import { GaussianProduct } from "./gaussian-product.js";
import { GaussianLinear } from "./gaussian-linear.js";
import { GridCoordinates, InputMoments } from "./input-layers.js";
import { LayoutEmbed, LayoutRestore, embeddingCounts } from "./layout-embedding.js";
import { LinearSpectralPath } from "./linear-path.js";
import { OutputGate } from "./output-gate.js";
import { GSNN_ACTIVATIONS, type GsnnActivation } from "./moment-activations.js";
import { gridWavenumberRange, linearPathTimes } from "./grid-scales.js";

export interface GsnnConfig {
  /** Channels of the hidden (mean) state. Default 32. */
  width?: number;
  /** Number of blocks L. Default 4. */
  depth?: number;
  activation?: GsnnActivation;
  /** Heat kernels per channel in each block's filter. Default 1. */
  tausPerChannel?: number;
  /**
   * Initial τ of the block filters: "logspaced" spreads them over [1/k_max, 1/k_min] of the
   * training grid (every length scale from the grid spacing to the domain); "wide" over
   * [1/k_max, π/k_min], so some channels start smoother than the lowest mode (e^{−π²} at k_min:
   * measured much faster on burgers1d, whose solution at T is far smoother than its input;
   * docs/gsnn-claims.md §Architecture); or an explicit range.
   */
  tauInit?: "logspaced" | "wide" | { min: number; max: number };
  /** Mean and variance outputs (2·outChannels channels). Default false. */
  probabilistic?: boolean;
  /** Noise variance σ₀² on the input channels (probabilistic only). Default 0. */
  inputVariance?: number;
  injection?: VarianceInjection;
  injectedVariance?: number;
  /** Number of heat filters in the linear spectral path (0 = no path). Default 12. */
  linearPathTaus?: number;
  /** Let Adam train the linear path's weights too (default false: least squares only). */
  linearPathTrainable?: boolean;
  /**
   * Nonlinear blocks: each block adds heat-kernel derivative filters (first and second order per
   * axis, scale-normalised) and the products f_c·∂z_c of its filtered channels with their first
   * derivatives, mixed back by a linear layer (docs/gsnn.md §Derivative filters). Deterministic
   * models only. Default false.
   */
  derivativeFilters?: boolean;
  /**
   * How the blocks' heat filters treat Dirichlet axes: "sine" (zero walls) or "reflect" (even
   * reflection, zero wall flux: hidden features need not vanish at the walls; docs/gsnn.md
   * §Walls of hidden features). The linear path always uses the sine basis. Default "sine".
   */
  hiddenDirichlet?: DirichletFilter;
  /**
   * Initial τ of the derivative filters: "shared" (one value, √(τ_min·τ_max), for every channel)
   * or "block" (channel c starts at the τ of its block's heat filter, so ∂z is the derivative of
   * the filtered channel f at the same scale and f·∂z ≈ ½∂(f²)). Default "shared".
   */
  derivativeTauInit?: "shared" | "block";
  /** Highest derivative order of the derivative filters: 1 (∂ only) or 2 (∂ and ∂², default). */
  derivativeOrder?: 1 | 2;
  /** How many blocks (the first ones) get the derivative branch. Default: all. */
  derivativeBlocks?: number;
  /**
   * Each block also multiplies its filtered channels f_c by a coefficient embedding e_c of the
   * model input (e = Lin(x, coordinates), computed once), mixed back by the block's nonlinear
   * linear layer: a·∇u-like terms for Darcy, u0·f for Burgers (docs/gsnn.md §Nonlinear maps).
   * Deterministic models only. Default false.
   */
  coefficientProducts?: boolean;
  /**
   * Boundary conditions of the block filters: "grid" (the grid's own: sine/cosine bases on
   * Dirichlet/Neumann axes) or "periodic" (every axis wrapped over its n points, as the FNO
   * treats a non-periodic grid without padding; derivative filters then take odd orders and
   * products f·∂z too). Deterministic models only. Default "grid".
   */
  filterBoundary?: "grid" | "periodic";
  /**
   * The blocks' spectral filter: "heat" (e^{τ²Δ}), "resolvent" (m²/(m² + |k|²), an inverse
   * Laplacian above k ≈ m: resolvent-filter.ts) or "both" (the heat filter plus a resolvent
   * filter of a second mix of the block input). Deterministic models only. Default "heat".
   */
  blockFilter?: "heat" | "resolvent" | "both";
  /**
   * K > 0: each block also adds a linear map of its input's projections onto the K lowest
   * cosine modes per axis (K = 1: the domain means), the modes the sine basis of Dirichlet axes
   * lacks (domain-modes.ts). Deterministic models only. Default 0.
   */
  domainModes?: number;
  /**
   * K > 0: each block (the first coleHopfBlocks) also adds a Cole–Hopf branch of K channels,
   * Lin(ColeHopfFilter(Lin(h))): exp of the antiderivative, heat filter and translation with
   * learned τ and shift, then ∂ log (cole-hopf-filter.ts; viscous Burgers' exact solution
   * operator). 1-D periodic filters, deterministic models only. Default 0.
   */
  coleHopf?: number;
  /** How many blocks (the first ones) get the Cole–Hopf branch. Default: all. */
  coleHopfBlocks?: number;
  /**
   * K > 0: a Cole–Hopf path of K channels from the input channels straight to the output,
   * Lin(ColeHopfFilter(Lin(x))), added to the deep part's output, whose last layer then starts
   * at zero: it can hold viscous Burgers' exact map with no activation in between
   * (cole-hopf-filter.ts). Same limits as coleHopf. Default 0.
   */
  coleHopfPath?: number;
  /**
   * Fit the Cole–Hopf path's channel 0 (gain, τ, shift, input offset, output map) to the training
   * set by search before gradient training (fitColeHopfPath, cole-hopf-fit.ts; the trainer's
   * closed-form hook and bench gsnn-nonlinear call it). Needs coleHopfPath > 0 and
   * linearPathTaus 0. Default false.
   */
  coleHopfFit?: boolean;
  /**
   * false: gradient training leaves the Cole–Hopf path's layers (mix, filter, output weights)
   * where they are, e.g. where coleHopfFit set them; only the deep part trains, on the residual.
   * Needs coleHopfPath > 0. Default true.
   */
  coleHopfPathTrainable?: boolean;
  /**
   * H > 0: the domain modes also pass each sample's mode coefficients through one GELU layer of
   * H units (a nonlinear functional of the block input's low modes; domain-modes.ts). Needs
   * domainModes > 0. Default 0.
   */
  domainModesHidden?: number;
  /** Hidden width of the projection. Default 128. */
  projectionWidth?: number;
  /** Seed of the weight initializers. */
  seed?: number;
}

const DEFAULTS = {
  width: 32,
  depth: 4,
  activation: "gelu" as GsnnActivation,
  tausPerChannel: 1,
  probabilistic: false,
  inputVariance: 0,
  injection: "none" as VarianceInjection,
  linearPathTaus: 12,
  projectionWidth: 128,
};

export function buildGsnn(config: GsnnConfig, modelCtx: ModelContext): tf.LayersModel {
  const c = { ...DEFAULTS, ...config };
  // Another point layout: the model works on the default-layout grid inside it (layout-embedding.ts).
  const edges = hasDefaultLayout(modelCtx.grid) ? undefined : embeddingCounts(modelCtx.grid);
  if (!hasDefaultLayout(modelCtx.grid) && !edges) defaultLayoutEmbedding(modelCtx.grid); // throws, naming the axis
  const ctx = edges ? { ...modelCtx, grid: defaultLayoutEmbedding(modelCtx.grid).grid } : modelCtx;
  const d = ctx.grid.shape.length;
  if (d < 1 || d > 2) throw new InvalidArgumentError("grid.shape", ctx.grid.shape, "must have 1 or 2 axes for a GSNN");
  requireInteger("width", c.width, 1);
  requireInteger("depth", c.depth, 0);
  requireInteger("tausPerChannel", c.tausPerChannel, 1);
  requireInteger("linearPathTaus", c.linearPathTaus, 0);
  requireInteger("projectionWidth", c.projectionWidth, 1);
  requireInteger("inChannels", ctx.inChannels, 1);
  requireInteger("outChannels", ctx.outChannels, 1);
  requireNonNegative("inputVariance", c.inputVariance);
  if (!GSNN_ACTIVATIONS.includes(c.activation))
    throw new InvalidArgumentError("activation", c.activation, `must be one of ${GSNN_ACTIVATIONS.join(", ")}`);
  if (c.derivativeFilters && c.probabilistic)
    throw new UnsupportedError("derivativeFilters with probabilistic: the nonlinear block has no variance path yet (use a deterministic GSNN)");
  if (c.coefficientProducts && c.probabilistic)
    throw new UnsupportedError("coefficientProducts with probabilistic: the nonlinear block has no variance path yet (use a deterministic GSNN)");
  const derivTauInit = c.derivativeTauInit ?? "shared";
  if (derivTauInit !== "shared" && derivTauInit !== "block")
    throw new InvalidArgumentError("derivativeTauInit", c.derivativeTauInit, 'must be "shared" or "block"');
  if (c.probabilistic && ctx.grid.bc.some((b) => b !== "periodic"))
    throw new InvalidArgumentError("probabilistic", true, "needs a periodic grid (the variance path is exact on periodic axes only)");
  const { kMin, kMax } = gridWavenumberRange(ctx.grid);
  const tauRange =
    c.tauInit === undefined || c.tauInit === "logspaced"
      ? { min: 1 / kMax, max: 1 / kMin }
      : c.tauInit === "wide"
        ? { min: 1 / kMax, max: Math.PI / kMin }
        : c.tauInit;
  if (typeof tauRange !== "object" || !(tauRange.min > 0) || !(tauRange.max >= tauRange.min))
    throw new InvalidArgumentError("tauInit", c.tauInit, `must be "logspaced", "wide" or {min, max} with 0 < min <= max`);

  const blockFilter = c.blockFilter ?? "heat";
  if (!["heat", "resolvent", "both"].includes(blockFilter))
    throw new InvalidArgumentError("blockFilter", c.blockFilter, 'must be "heat", "resolvent" or "both"');
  if (blockFilter !== "heat" && c.probabilistic) throw new UnsupportedError(`blockFilter ${blockFilter} with probabilistic (the resolvent filter has no variance path)`);
  const domainModes = requireInteger("domainModes", c.domainModes ?? 0, 0);
  const domainModesHidden = requireInteger("domainModesHidden", c.domainModesHidden ?? 0, 0);
  if (domainModesHidden > 0 && domainModes === 0) throw new InvalidArgumentError("domainModesHidden", domainModesHidden, "needs domainModes > 0");
  if (domainModes > 0 && c.probabilistic) throw new UnsupportedError("domainModes with probabilistic (the domain projections have no variance path)");
  const coleHopf = requireInteger("coleHopf", c.coleHopf ?? 0, 0);
  const coleHopfBlocks = requireInteger("coleHopfBlocks", c.coleHopfBlocks ?? c.depth, 0);
  const coleHopfPath = requireInteger("coleHopfPath", c.coleHopfPath ?? 0, 0);
  if (coleHopfPath > 0 && c.probabilistic) throw new UnsupportedError("coleHopfPath with probabilistic (the Cole–Hopf path has no variance path)");
  if (c.coleHopfFit !== undefined && typeof c.coleHopfFit !== "boolean") throw new InvalidArgumentError("coleHopfFit", c.coleHopfFit, "must be true or false");
  if (c.coleHopfFit && coleHopfPath === 0) throw new InvalidArgumentError("coleHopfFit", true, "needs coleHopfPath > 0 (it fits the Cole–Hopf path)");
  if (c.coleHopfFit && c.linearPathTaus > 0)
    throw new InvalidArgumentError("coleHopfFit", true, `needs linearPathTaus 0 (got ${c.linearPathTaus}): the fit sets the model's output to the path alone`);
  if (c.coleHopfPathTrainable !== undefined && typeof c.coleHopfPathTrainable !== "boolean")
    throw new InvalidArgumentError("coleHopfPathTrainable", c.coleHopfPathTrainable, "must be true or false");
  if (c.coleHopfPathTrainable === false && coleHopfPath === 0) throw new InvalidArgumentError("coleHopfPathTrainable", false, "needs coleHopfPath > 0");
  if (coleHopf > 0 && c.probabilistic) throw new UnsupportedError("coleHopf with probabilistic (the Cole–Hopf branch has no variance path)");
  const filterBoundary = c.filterBoundary ?? "grid";
  if (filterBoundary !== "grid" && filterBoundary !== "periodic")
    throw new InvalidArgumentError("filterBoundary", c.filterBoundary, 'must be "grid" or "periodic"');
  if (filterBoundary === "periodic" && c.probabilistic)
    throw new UnsupportedError("filterBoundary periodic with probabilistic (use the grid's boundary conditions)");
  const lengths = [...ctx.grid.lengths];
  const gridBc = [...ctx.grid.bc];
  // The filters' boundary conditions; the coordinates keep the grid's.
  const bc = filterBoundary === "periodic" ? gridBc.map(() => "periodic" as const) : gridBc;
  // Gains |γ| over [k_min/2, 2k_min]: exponents γ∫v of order one for v of unit size (the inputs are
  // standardised); burgers1d's true γ = −1/(2ν) = −5 lies inside for L = 1 (cole-hopf-filter.ts).
  const coleHopfInit = { length: lengths[0]!, tauMin: tauRange.min, tauMax: tauRange.max, gainMin: kMin / 2, gainMax: 2 * kMin };
  if ((coleHopf > 0 || coleHopfPath > 0) && (d !== 1 || bc[0] !== "periodic"))
    throw new UnsupportedError(`coleHopf or coleHopfPath on a [${bc.join(", ")}] grid: the Cole–Hopf branch needs one periodic axis (filterBoundary "periodic" wraps a non-periodic one)`);
  const p = c.probabilistic;
  const seed = (k: number): number | null => (c.seed === undefined ? null : (c.seed * 7919 + k) >>> 0);
  let k = 0;
  const lin = (units: number, extra: { useBias?: boolean; zero?: boolean; name?: string } = {}) =>
    new GaussianLinear({
      units,
      probabilistic: p,
      useBias: extra.useBias ?? true,
      kernelInitializer: extra.zero ? "zeros" : "glorotUniform",
      seed: seed(k++),
      ...(extra.name ? { name: extra.name } : {}),
    });
  const act = () => new GaussianActivation({ activation: c.activation, probabilistic: p });
  // Derivatives of z on the block's heat-filter scales; first-order ones (odd on periodic axes,
  // absent on Dirichlet/Neumann ones) multiply the filtered channels.
  const maxOrder = c.derivativeOrder ?? 2;
  if (maxOrder !== 1 && maxOrder !== 2) throw new InvalidArgumentError("derivativeOrder", c.derivativeOrder, "must be 1 or 2");
  const derivBlocks = c.derivativeBlocks ?? c.depth;
  requireInteger("derivativeBlocks", derivBlocks, 0);
  const orders = (d === 1 ? [[1], [2]] : [[1, 0], [0, 1], [2, 0], [0, 2]]).filter((m) => m[0]! + (m[1] ?? 0) <= maxOrder);
  const usable = orders.filter((m) => m.every((v, a) => v % 2 === 0 || bc[a] === "periodic"));
  const firsts = usable.map((m, i) => (m.reduce((s, v) => s + v, 0) === 1 ? i : -1)).filter((i) => i >= 0);
  // The block's nonlinear terms: derivatives of z (and products f·∂z) and products f·e with the
  // coefficient embedding e, mixed back to the width by one linear layer.
  const nonlinearBranch = (b: number, z: tf.SymbolicTensor, f: tf.SymbolicTensor, coef: tf.SymbolicTensor | null): tf.SymbolicTensor => {
    const parts: tf.SymbolicTensor[] = [];
    if (c.derivativeFilters && b < derivBlocks && usable.length > 0) {
      const D = usable.length;
      const dz = new HeatDerivativeFilter({ name: `block${b}_deriv`, lengths, bc, orders: usable, tauInit: Math.sqrt(tauRange.min * tauRange.max) }).apply(z) as tf.SymbolicTensor;
      parts.push(dz);
      if (firsts.length > 0) {
        const both = tf.layers.concatenate().apply([f, dz]) as tf.SymbolicTensor;
        const pairs: [number, number][] = [];
        for (let ch = 0; ch < c.width; ch++) for (const i of firsts) pairs.push([ch, c.width + ch * D + i]);
        parts.push(new GaussianProduct({ name: `block${b}_product`, pairs }).apply(both) as tf.SymbolicTensor);
      }
    }
    if (coef) {
      const both = tf.layers.concatenate().apply([f, coef]) as tf.SymbolicTensor;
      const pairs = Array.from({ length: c.width }, (_, ch): [number, number] => [ch, c.width + ch]);
      parts.push(new GaussianProduct({ name: `block${b}_coef_product`, pairs }).apply(both) as tf.SymbolicTensor);
    }
    const all = parts.length > 1 ? (tf.layers.concatenate().apply(parts) as tf.SymbolicTensor) : parts[0]!;
    return lin(c.width, { useBias: false, name: `block${b}_nonlinear` }).apply(all) as tf.SymbolicTensor;
  };

  const modelInput = tf.input({ shape: [...ctx.grid.shape.map(() => null), ctx.inChannels] });
  const input = edges ? (new LayoutEmbed({ ...edges, name: "layout_embed" }).apply(modelInput) as tf.SymbolicTensor) : modelInput;
  let h = new GridCoordinates({ lengths, bc: gridBc }).apply(input) as tf.SymbolicTensor;
  if (p) h = new InputMoments({ inputVariance: c.inputVariance, noisyChannels: ctx.inChannels }).apply(h) as tf.SymbolicTensor;
  const coef = c.coefficientProducts ? (lin(c.width, { name: "coefficient_embed" }).apply(h) as tf.SymbolicTensor) : null;
  h = lin(c.width, { name: "lift" }).apply(h) as tf.SymbolicTensor;
  for (let b = 0; b < c.depth; b++) {
    const mixed = lin(c.width, { name: `block${b}_mix` }).apply(h) as tf.SymbolicTensor;
    // Masses over [k_min/2, k_max]: from an inverse Laplacian on every mode to a near identity.
    const resolvent = (z: tf.SymbolicTensor) =>
      new ResolventFilter({ name: `block${b}_resolvent`, lengths, bc, massMin: kMin / 2, massMax: kMax }).apply(z) as tf.SymbolicTensor;
    let filtered = blockFilter === "resolvent" ? resolvent(mixed) : (new HeatFilter({
      name: `block${b}_heat`,
      lengths,
      bc,
      probabilistic: p,
      tauMin: tauRange.min,
      tauMax: tauRange.max,
      tausPerChannel: c.tausPerChannel,
      injection: c.injection,
      ...(c.injectedVariance === undefined ? {} : { injectedVariance: c.injectedVariance }),
      ...(c.hiddenDirichlet === undefined ? {} : { dirichlet: c.hiddenDirichlet }),
    }).apply(mixed) as tf.SymbolicTensor);
    if (blockFilter === "both")
      filtered = tf.layers.add().apply([filtered, resolvent(lin(c.width, { name: `block${b}_mix_resolvent` }).apply(h) as tf.SymbolicTensor)]) as tf.SymbolicTensor;
    const skip = lin(c.width, { useBias: false, name: `block${b}_skip` }).apply(h) as tf.SymbolicTensor;
    // Adding (mean, variance) tensors adds means and variances: independence of the paths is
    // assumed (docs/gsnn.md §Variance).
    const terms = [filtered, skip];
    if ((c.derivativeFilters && b < derivBlocks && usable.length > 0) || coef) terms.push(nonlinearBranch(b, mixed, filtered, coef));
    if (coleHopf > 0 && b < coleHopfBlocks) {
      const v = lin(coleHopf, { name: `block${b}_cole_hopf_mix` }).apply(h) as tf.SymbolicTensor;
      const o = new ColeHopfFilter({ name: `block${b}_cole_hopf`, ...coleHopfInit }).apply(v) as tf.SymbolicTensor;
      terms.push(lin(c.width, { useBias: false, name: `block${b}_cole_hopf_out` }).apply(o) as tf.SymbolicTensor);
    }
    if (domainModes > 0)
      terms.push(new DomainModes({ name: `block${b}_domain_modes`, lengths, bc: gridBc, modes: domainModes, units: c.width, hidden: domainModesHidden, seed: seed(k++) }).apply(h) as tf.SymbolicTensor);
    h = act().apply(tf.layers.add().apply(terms) as tf.SymbolicTensor) as tf.SymbolicTensor;
  }
  h = act().apply(lin(c.projectionWidth, { name: "project_hidden" }).apply(h) as tf.SymbolicTensor) as tf.SymbolicTensor;
  // With a path beside it (linear or Cole–Hopf) the deep part starts at zero: the model starts as the path.
  let out = lin(ctx.outChannels, { zero: c.linearPathTaus > 0 || coleHopfPath > 0, name: "project_out" }).apply(h) as tf.SymbolicTensor;
  if (coleHopfPath > 0) {
    // From the input channels alone (no coordinates): the map is translation-equivariant.
    const fixed = <T extends tf.layers.Layer>(l: T): T => {
      if (c.coleHopfPathTrainable === false) l.trainable = false;
      return l;
    };
    const v = fixed(lin(coleHopfPath, { name: "cole_hopf_path_mix" })).apply(input) as tf.SymbolicTensor;
    const o = fixed(new ColeHopfFilter({ name: "cole_hopf_path", ...coleHopfInit })).apply(v) as tf.SymbolicTensor;
    const path = fixed(lin(ctx.outChannels, { useBias: false, name: "cole_hopf_path_out" })).apply(o) as tf.SymbolicTensor;
    out = tf.layers.add().apply([out, path]) as tf.SymbolicTensor;
  }
  if (c.linearPathTaus > 0) {
    let xin = input;
    if (p) xin = new InputMoments({ inputVariance: c.inputVariance, noisyChannels: ctx.inChannels }).apply(xin) as tf.SymbolicTensor;
    const path = new LinearSpectralPath({
      name: "linear_path",
      lengths,
      bc: gridBc,
      outChannels: ctx.outChannels,
      times: linearPathTimes(ctx.grid, c.linearPathTaus),
      probabilistic: p,
      trainableCoeffs: c.linearPathTrainable ?? false,
    }).apply(xin) as tf.SymbolicTensor;
    out = new OutputGate({ name: "deep_gate", probabilistic: p }).apply(out) as tf.SymbolicTensor;
    out = tf.layers.add().apply([out, path]) as tf.SymbolicTensor;
  }
  // The restored Dirichlet points hold the wall value in normalised units (setWallValues).
  if (edges) out = new LayoutRestore({ ...edges, wallValues: true, name: "layout_restore" }).apply(out) as tf.SymbolicTensor;
  const model = tf.model({ inputs: modelInput, outputs: out, name: "gsnn" });
  if (c.derivativeFilters && usable.length > 0 && derivTauInit === "block") matchDerivativeTaus(model, Math.min(c.depth, derivBlocks));
  return model;
}

/** Start each block's derivative τ at its heat filter's per-channel τ (derivativeTauInit "block"). */
function matchDerivativeTaus(model: tf.LayersModel, depth: number): void {
  for (let b = 0; b < depth; b++) {
    const heat = model.getLayer(`block${b}_heat`) as HeatFilter;
    const deriv = model.getLayer(`block${b}_deriv`) as HeatDerivativeFilter;
    tf.tidy(() => {
      // HeatFilter's log τ is [J, C] (J kernels per channel): each channel's first kernel.
      const logTau = heat.getWeights()[0]!;
      const D = deriv.getWeights()[0]!.shape[0]!;
      deriv.setWeights([tf.tile(tf.slice(logTau, [0, 0], [1, -1]), [D, 1])]);
    });
  }
}

/** ModelInfo of a GSNN built by buildGsnn (or loaded from its saved form). */
export function gsnnInfo(model: tf.LayersModel): ModelInfo {
  const probabilistic = model.layers.some((l) => l instanceof GaussianLinear && l.probabilistic);
  return { kind: "gsnn", parameterCount: countParameters(model), probabilistic, resolutionInvariant: true };
}
