/**
 * The functional heat filter and its variance path (docs/operators-spectral.md §HeatFilter):
 * channel c is multiplied in spectral space by exp(−τ_c²|k|²), the heat semigroup e^{τ²Δ} at
 * time t = τ² with unit diffusivity (docs/conventions.md §GSNN — not the seed text's
 * e^{(τ²/2)Δ}). The wavenumbers come from the physical `lengths` and the spectral basis from
 * the input's spatial size at call time, so one set of τ runs at any resolution.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, type BoundaryCondition } from "../core/index.js";
import {
  fusedKernelsAvailable,
  heatSymmetricFilter,
  maxModes,
  modeClasses,
  spectralFilter,
  spectralTransform,
  symmetricFilter,
  type AxisBasis,
  type SpectralImplementation,
  type SpectralTransform,
} from "../operators/index.js";
import { fullTransform, heatBankMultiplier, squaredKernelMultiplier, wavenumbersSquaredTensor } from "./squared-kernel.js";
import { basesForBc } from "./tau.js";

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
  return { t, k2: wavenumbersSquaredTensor(t, opts.lengths) };
}

/**
 * Mode classes kept per axis for `modes` in the transforms' convention (a first Fourier axis
 * keeps |f| < m, or everything once 2m ≥ n), and |k|² on that class grid, row-major: the
 * multiplier layout of the fused symmetricFilter. Cached per grid (the layers call it every step).
 */
function classK2(spatial: readonly number[], bases: readonly AxisBasis[], opts: Pick<HeatFilterOptions, "lengths" | "modes">): { classes: number[]; k2: Float32Array } {
  const key = `${spatial.join("x")}|${bases.join(",")}|${opts.lengths.join(",")}|${opts.modes?.join(",") ?? ""}`;
  const hit = classK2Cache.get(key);
  if (hit) return hit;
  const d = spatial.length;
  const M = spatial.map((n, a) => {
    const all = modeClasses(bases[a]!, n);
    const m = opts.modes?.[a];
    if (m === undefined) return all;
    if (bases[a] === "fourier" && a < d - 1) return 2 * Math.min(m, Math.ceil(n / 2)) >= n ? all : m;
    return Math.min(m, all);
  });
  const k2 = M.map((count, a) => {
    const c = (bases[a] === "fourier" ? 2 * Math.PI : Math.PI) / opts.lengths[a]!;
    return Float32Array.from({ length: count }, (_, i) => (c * (bases[a] === "sine" ? i + 1 : i)) ** 2);
  });
  let out = k2[0]!;
  if (d === 2) {
    out = new Float32Array(M[0]! * M[1]!);
    for (let i = 0; i < M[0]!; i++) for (let j = 0; j < M[1]!; j++) out[i * M[1]! + j] = k2[0]![i]! + k2[1]![j]!;
  }
  const r = { classes: M, k2: out };
  if (classK2Cache.size > 64) classK2Cache.clear();
  classK2Cache.set(key, r);
  return r;
}
const classK2Cache = new Map<string, { classes: number[]; k2: Float32Array }>();

/** classK2 as a tensor `[...classes, 1]` (also the resolvent filter's |k|², resolvent-filter.ts). */
export function classGrid(spatial: readonly number[], bases: readonly AxisBasis[], opts: Pick<HeatFilterOptions, "lengths" | "modes">): tf.Tensor {
  const { classes, k2 } = classK2(spatial, bases, opts);
  return tf.tensor(k2, [...classes, 1]);
}

/**
 * The heat filter with one τ per channel given as log τ `[1, C]` (or `[C]`): on wasm and cpu
 * one fused kernel per direction that also forms the multiplier and the gradient w.r.t. log τ
 * (operators heatSymmetricFilter); the same values as heatFilter(x, exp(2·logTau)) to float32
 * round-off. Other backends and the "matmul"/"fft" implementations take heatFilter.
 */
export function heatFilterLogTau(x: tf.Tensor, logTau: tf.Tensor, opts: HeatFilterOptions): tf.Tensor {
  const spatial = x.shape.slice(1, -1);
  if ((opts.implementation ?? "auto") !== "auto" || !fusedKernelsAvailable("filter") || !fusedKernelsAvailable("heat"))
    return tf.tidy(() => heatFilter(x, tf.exp(tf.mul(logTau, 2)), opts));
  if (opts.lengths.length !== spatial.length)
    throw new InvalidArgumentError("lengths", opts.lengths, `must have one entry per spatial axis of x (${spatial.length})`);
  const bases = basesForBc(opts.bc ?? new Array<BoundaryCondition>(spatial.length).fill("periodic"));
  const { classes } = classK2(spatial, bases, opts);
  return heatSymmetricFilter(x, logTau, opts.lengths, classes, bases);
}

/** Validates x / t / weights; returns the bank size J. */
function checkArgs(x: tf.Tensor, t: tf.Tensor, opts: HeatFilterOptions & { weights?: tf.Tensor | "stack" }, what: string): number {
  const spatial = x.shape.slice(1, -1);
  const C = x.shape[x.rank - 1]!;
  if (opts.lengths.length !== spatial.length)
    throw new InvalidArgumentError("lengths", opts.lengths, `must have one entry per spatial axis of ${what} (${spatial.length})`);
  if (t.rank < 1 || t.rank > 2 || t.shape[t.rank - 1] !== C) throw new ShapeMismatchError("t", t.shape, `[${C}] or [J, ${C}]`);
  const J = t.rank === 2 ? t.shape[0]! : 1;
  const w = opts.weights;
  if (w instanceof tf.Tensor && (w.rank !== 2 || w.shape[0] !== J || w.shape[1] !== C))
    throw new ShapeMismatchError("weights", w.shape, [J, C]);
  return J;
}

/**
 * Heat filter of `x` `[batch, ...spatial, C]` with diffusion times `t = τ²`, shape `[C]` (one
 * filter per channel) or `[J, C]` (a bank). A bank is summed with `weights` `[J, C]` (output C
 * channels; without weights a plain sum) or, with `weights = "stack"`, stacked (output C·J
 * channels, c·J + j). Differentiable w.r.t. x, t and weights. `implementation` "auto" (default)
 * runs the fused symmetricFilter (operators/kernels); "matmul" or "fft" force the spectral
 * transforms of operators/spectral (the reference path).
 */
export function heatFilter(
  x: tf.Tensor,
  t: tf.Tensor,
  opts: HeatFilterOptions & { weights?: tf.Tensor | "stack" },
): tf.Tensor {
  const J = checkArgs(x, t, opts, "x");
  const C = x.shape[x.rank - 1]!;
  const w = opts.weights;
  return tf.tidy(() => {
    const t2 = t.reshape([J, C]);
    const spatial = x.shape.slice(1, -1);
    if ((opts.implementation ?? "auto") === "auto") {
      // The fused filter (one kernel per call on wasm/cpu; the transforms elsewhere).
      const bases = basesForBc(opts.bc ?? new Array<BoundaryCondition>(spatial.length).fill("periodic"));
      const k2c = classGrid(spatial, bases, opts);
      if (w !== "stack") return symmetricFilter(x, heatBankMultiplier(k2c, t2, w ?? null), bases);
      const xs = tf.reshape(tf.tile(tf.expandDims(x, -1), [...x.shape.map(() => 1), J]), [...x.shape.slice(0, -1), C * J]);
      const g = tf.exp(tf.neg(tf.mul(tf.expandDims(k2c, -1), tf.transpose(t2)))); // [...classes, C, J]
      return symmetricFilter(xs, tf.reshape(g, [...k2c.shape.slice(0, -1), C * J]), bases);
    }
    const { t: tr, k2 } = transformFor(spatial, opts);
    if (w !== "stack") return spectralFilter(x, heatBankMultiplier(k2, t2, w ?? null), tr);
    // g [...modes, C, J]; the spectrum gains a trailing bank axis, then channels merge as c·J + j.
    const s = tr.forward(x);
    const g = tf.exp(tf.neg(tf.mul(tf.expandDims(k2, -1), tf.transpose(t2))));
    const outShape = [...s.re.shape.slice(0, -1), C * J];
    const re = tf.reshape(tf.mul(tf.expandDims(s.re, -1), g), outShape);
    const im = s.im ? tf.reshape(tf.mul(tf.expandDims(s.im, -1), g), outShape) : null;
    return tr.inverse({ re, im });
  });
}

/**
 * Variance through the heat filter: for inputs independent across grid points with variances
 * `v` `[batch, ...spatial, C]`, the variance of heatFilter(x, t, {weights}) is v filtered by the
 * multiplier of the squared kernel g² (not by the squared multiplier): Var y_i = Σ_j g_{i−j}² v_j
 * (squared-kernel.ts computes DFT(g²) exactly on the grid; docs/gsnn.md §Variance smoothing).
 * Periodic axes only. `t` and `weights` as in heatFilter (a summed bank; "stack" is not
 * supported). With truncated `modes` the kernel g is the truncated filter's and its square is
 * applied with every mode.
 */
export function heatFilterVariance(
  v: tf.Tensor,
  t: tf.Tensor,
  opts: HeatFilterOptions & { weights?: tf.Tensor },
): tf.Tensor {
  const J = checkArgs(v, t, opts, "v");
  const C = v.shape[v.rank - 1]!;
  return tf.tidy(() => {
    const spatial = v.shape.slice(1, -1);
    const { t: tr, k2 } = transformFor(spatial, opts);
    const m = heatBankMultiplier(k2, t.reshape([J, C]), opts.weights ?? null);
    const full = fullTransform(spatial, opts.bc ?? new Array<BoundaryCondition>(spatial.length).fill("periodic"));
    return spectralFilter(v, squaredKernelMultiplier(m, tr, full), full);
  });
}
