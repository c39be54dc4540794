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
  maxModes,
  spectralFilter,
  spectralTransform,
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
 * channels, c·J + j). Differentiable w.r.t. x, t and weights.
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
    const { t: tr, k2 } = transformFor(x.shape.slice(1, -1), opts);
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
