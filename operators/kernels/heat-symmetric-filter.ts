/**
 * heatSymmetricFilter(x, logTau, lengths, classes, bases): the symmetric filter (symmetric-filter.ts) with the
 * heat multiplier m[k, c] = exp(−τ_c²·|k|²_k), τ_c = exp(logTau_c), formed inside the kernel:
 * the GSNN heat filter's common case (one τ per channel) as one kernel per direction instead of
 * the ~10 small tfjs ops that build m and its gradient (docs/operators.md §Where a step's fixed
 * cost goes). Differentiable w.r.t. x and logTau:
 *   d logTau_c = Σ_k dm[k, c] · (−|k|²_k · m[k, c]) · 2τ_c²,
 * with dm the filter's multiplier gradient. m is computed in double precision and rounded, so
 * it agrees with the float32 tfjs chain to its round-off.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import type { AxisBasis } from "../spectral/index.js";
import { fusedKernelsAvailable } from "./runtime.js";
import { filterForward, filterGrad, filterRuntime, geometry, readSmall, type TensorInfo } from "./symmetric-filter-kernel.js";
import { symmetricFilter } from "./symmetric-filter.js";
import { modeClasses } from "./filter-geometry.js";

export const HEAT_FILTER = "PdesHeatFilter";
export const HEAT_FILTER_GRAD = "PdesHeatFilterGrad";

interface Attrs {
  bases: string;
  lengths: number[];
  classes: number[];
  /** The shape of logTau ([C] or [1, C]), for its gradient. */
  tauShape: number[];
}

/** Class f of an axis has k = κ(f + s): Fourier κ = 2π/L, s = 0; sine κ = π/L, s = 1; cosine κ = π/L, s = 0. */
const axisWave = (basis: AxisBasis, length: number): { kappa: number; shift: number } => ({
  kappa: (basis === "fourier" ? 2 * Math.PI : Math.PI) / length,
  shift: basis === "sine" ? 1 : 0,
});

/** |k|² of every mode class kept, row-major over `classes`: the multiplier layout of symmetricFilter. */
export function heatClassK2(bases: readonly AxisBasis[], lengths: readonly number[], classes: readonly number[]): Float32Array {
  const k2 = classes.map((count, a) => {
    const { kappa, shift } = axisWave(bases[a]!, lengths[a]!);
    return Array.from({ length: count }, (_, f) => (kappa * (f + shift)) ** 2);
  });
  if (classes.length === 1) return Float32Array.from(k2[0]!);
  return Float32Array.from({ length: classes[0]! * classes[1]! }, (_, i) => k2[0]![Math.floor(i / classes[1]!)]! + k2[1]![i % classes[1]!]!);
}

/**
 * m[k, c] = exp(−t_c|k|²) ([classes, C] row-major) and t_c = exp(2ℓ_c), in double precision.
 * The multiplier is separable, e^{−t(k₁² + k₂²)} = e^{−tk₁²}·e^{−tk₂²}, and along an axis
 * e^{−tκ²(f+s)²} follows from its predecessor by the ratio r_f = e^{−tκ²(2(f+s)+1)}, itself
 * multiplied by e^{−2tκ²} per step: three exps per channel and axis instead of one per mode
 * (the exps were most of this kernel's fixed cost; relative error ≲ f·1e−16).
 */
function heatMultiplierOf(attrs: Attrs, logTau: Float32Array): { m: Float32Array; t: Float64Array } {
  const C = logTau.length;
  const bases = attrs.bases.split(",") as AxisBasis[];
  const t = new Float64Array(C);
  for (let c = 0; c < C; c++) t[c] = Math.exp(2 * logTau[c]!);
  // One axis: the values go straight into the float32 multiplier (the same rounding as a copy).
  const one = attrs.classes.length === 1;
  const axes = attrs.classes.map((M, a) => {
    const { kappa, shift } = axisWave(bases[a]!, attrs.lengths[a]!);
    const e = one ? new Float32Array(M * C) : new Float64Array(M * C);
    for (let c = 0; c < C; c++) {
      const u = t[c]! * kappa * kappa;
      let v = Math.exp(-u * shift * shift);
      let r = Math.exp(-u * (2 * shift + 1));
      const q2 = Math.exp(-2 * u);
      for (let f = 0; f < M; f++) {
        e[f * C + c] = v;
        v *= r;
        r *= q2;
      }
    }
    return e;
  });
  const e0 = axes[0]!;
  if (one) return { m: e0 as Float32Array, t };
  const e1 = axes[1]!;
  const [M0, M1] = attrs.classes as [number, number];
  const m = new Float32Array(M0 * M1 * C);
  for (let i = 0; i < M0; i++) for (let j = 0; j < M1; j++) for (let c = 0; c < C; c++) m[(i * M1 + j) * C + c] = e0[i * C + c]! * e1[j * C + c]!;
  return { m, t };
}

/** Recent multipliers by (geometry, log τ): the backward call finds its forward's. */
const recent: { key: string; l: Float32Array; m: Float32Array; t: Float64Array }[] = [];
const RECENT = 16;

/**
 * heatMultiplierOf, reusing the result for the same attributes and the same log τ bits: within a
 * training step every filter's backward finds the multiplier its forward built (the exps and
 * loops were a fifth of the kernels' JS per step at small batches; docs/operators.md §Where a
 * step's fixed cost goes). The entries are never written after they are made.
 */
function heatMultiplier(attrs: Attrs, logTau: Float32Array): { m: Float32Array; t: Float64Array } {
  const key = `${attrs.bases}|${attrs.lengths.join(",")}|${attrs.classes.join(",")}`;
  for (let i = 0; i < recent.length; i++) {
    const e = recent[i]!;
    if (e.key !== key || e.l.length !== logTau.length) continue;
    let same = true;
    for (let c = 0; c < logTau.length && same; c++) same = Object.is(e.l[c], logTau[c]);
    if (same) return e;
  }
  const r = heatMultiplierOf(attrs, logTau);
  recent.unshift({ key, l: logTau.slice(), ...r });
  if (recent.length > RECENT) recent.pop();
  return r;
}

function forwardKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: object; attrs: Attrs }): TensorInfo[] {
  const { x, logTau } = inputs as { x: TensorInfo; logTau: TensorInfo };
  const rt = filterRuntime(backend);
  const g = geometry(rt, x.shape, attrs.bases.split(",") as AxisBasis[], attrs.classes);
  const l = readSmall(rt, logTau, "heatf:l");
  const { m } = heatMultiplier(attrs, l);
  // log τ rides at the end of the saved spectrum: one saved tensor (one tfjs clone) per call.
  return rt.finish(filterForward(rt, g, m, x, l));
}

function gradKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: object; attrs: Attrs }): TensorInfo[] {
  const { dy, spec } = inputs as { dy: TensorInfo; spec: TensorInfo };
  const rt = filterRuntime(backend);
  const g = geometry(rt, dy.shape, attrs.bases.split(",") as AxisBasis[], attrs.classes);
  const C = dy.shape[dy.shape.length - 1]!;
  const size = spec.shape[0]!;
  const sp = rt.input(spec, "symf:spec-in") / 4;
  const { m, t } = heatMultiplier(attrs, rt.f32().slice(sp + size - C, sp + size));
  const { dx, dm } = filterGrad(rt, g, m, dy, spec);
  const k2 = heatK2(attrs);
  const acc = new Float64Array(C);
  for (let k = 0, i = 0; k < k2.length; k++) {
    const kk = k2[k]!;
    for (let c = 0; c < C; c++, i++) acc[c]! += dm[i]! * m[i]! * kk;
  }
  const dl = rt.output(attrs.tauShape, "heatf:dl");
  const out = rt.f32();
  for (let c = 0; c < C; c++) out[dl.ptr / 4 + c] = -2 * t[c]! * acc[c]!;
  return rt.finish([dx, dl.info]);
}

const k2Cache = new Map<string, Float32Array>();
/** heatClassK2 of a kernel's attributes, cached. */
function heatK2(attrs: Attrs): Float32Array {
  const key = `${attrs.bases}|${attrs.lengths.join(",")}|${attrs.classes.join(",")}`;
  let k2 = k2Cache.get(key);
  if (!k2) {
    if (k2Cache.size > 64) k2Cache.clear();
    k2 = heatClassK2(attrs.bases.split(",") as AxisBasis[], attrs.lengths, attrs.classes);
    k2Cache.set(key, k2);
  }
  return k2;
}

let registered = false;

/** Registers the heat filter kernels for the wasm and cpu backends (idempotent). */
export function registerHeatFilterKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ["wasm", "cpu"]) {
    tf.registerKernel({ kernelName: HEAT_FILTER, backendName, kernelFunc: forwardKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: HEAT_FILTER_GRAD, backendName, kernelFunc: gradKernel as unknown as tf.KernelFunc });
  }
}

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/** The reference path: m built from logTau by tfjs ops, then the symmetric filter. */
export function heatSymmetricFilterReference(x: tf.Tensor, logTau: tf.Tensor, lengths: readonly number[], classes: readonly number[], bases: readonly AxisBasis[]): tf.Tensor {
  return tf.tidy(() => {
    const C = x.shape[x.rank - 1]!;
    const k2 = heatClassK2(bases, lengths, classes);
    const t = tf.exp(tf.mul(tf.reshape(logTau, [C]), 2));
    const m = tf.exp(tf.neg(tf.mul(tf.tensor(k2, [...classes, 1]), t)));
    return symmetricFilter(x, m, bases);
  });
}

/**
 * Filter every channel c of x `[B, ...spatial, C]` by exp(−τ_c²|k|²) with τ_c = exp(logTau_c)
 * (`logTau` `[C]` or `[1, C]`), |k| the angular wavenumber of each mode class kept (`classes`
 * per axis, the multiplier layout of symmetricFilter) on a domain of physical `lengths`: k = 2πf/L
 * on Fourier axes, π(f+1)/L on sine, πf/L on cosine axes. One fused kernel per direction on wasm
 * and cpu; elsewhere (or with the filter family switched off) the reference path.
 */
export function heatSymmetricFilter(x: tf.Tensor, logTau: tf.Tensor, lengths: readonly number[], classes: readonly number[], bases: readonly AxisBasis[]): tf.Tensor {
  const spatial = x.shape.slice(1, -1);
  const d = spatial.length;
  if (d < 1 || d > 2) throw new ShapeMismatchError("x", x.shape, "[batch, n, C] or [batch, n1, n2, C]");
  if (bases.length !== d) throw new InvalidArgumentError("bases", bases, `must have one entry per spatial axis (${d})`);
  const C = x.shape[x.rank - 1]!;
  if (logTau.size !== C || logTau.rank > 2 || (logTau.rank === 2 && logTau.shape[0] !== 1)) throw new ShapeMismatchError("logTau", logTau.shape, `[${C}] or [1, ${C}]`);
  if (lengths.length !== d || !lengths.every((L) => L > 0 && Number.isFinite(L))) throw new InvalidArgumentError("lengths", lengths, `must be ${d} positive lengths`);
  if (classes.length !== d) throw new InvalidArgumentError("classes", classes, `must have one entry per spatial axis (${d})`);
  spatial.forEach((n, a) => {
    const max = modeClasses(bases[a]!, n);
    if (!(classes[a]! >= 1 && classes[a]! <= max)) throw new InvalidArgumentError(`classes[${a}]`, classes[a], `must be in [1, ${max}] for a ${bases[a]} axis of ${n} points`);
  });
  if (x.dtype !== "float32" || logTau.dtype !== "float32") throw new InvalidArgumentError("dtype", [x.dtype, logTau.dtype], "must be float32");
  if (!fusedKernelsAvailable("filter") || !fusedKernelsAvailable("heat")) return heatSymmetricFilterReference(x, logTau, lengths, classes, bases);
  registerHeatFilterKernels();
  const attrs = { bases: bases.join(","), lengths: [...lengths], classes: [...classes], tauShape: [...logTau.shape] } as unknown as tf.NamedAttrMap;
  const op = tf.customGrad(((...args: Args) => {
    const [xi, li, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, spec] = tf.engine().runKernel(HEAT_FILTER, { x: xi, logTau: li }, attrs) as tf.Tensor[];
    save([spec!]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(HEAT_FILTER_GRAD, { dy, spec: saved[0]! }, attrs) as tf.Tensor[],
    };
  }) as CustomGradientFunc);
  return (op as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor)(x, logTau);
}
