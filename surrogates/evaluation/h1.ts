/**
 * Relative H1 error per sample: √(Σ e² + Σ_a (∂_a e)²) / √(Σ t² + Σ_a (∂_a t)²) over the points
 * and channels, e = pred − target, uniform weights (the cell volume cancels in the ratio).
 * Derivatives per axis (docs/evaluation.md §H1): periodic → spectral (i·k with k = 2πm/L, the
 * Nyquist mode of an even n set to 0); otherwise second-order differences on the stored points
 * with the spacing of the axis's point layout (docs/conventions.md §Grids), one-sided at both
 * ends. Nothing is differentiated across the two ends of a non-periodic axis, and no boundary
 * value is assumed: the boundary condition holds for the true solution, not for a prediction,
 * and a derivative taken against an assumed boundary zero grows like 1/h for any prediction
 * whose error does not vanish at the last stored point, so H1 would not compare resolutions.
 */
import { InvalidArgumentError, requirePositive, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import { metricAxes, type MetricAxis } from "./axes.js";
import { requireBatchPair, type BatchArray } from "./batch.js";
import { dftAlongAxis, signedFrequency } from "./dft.js";

export interface H1Options {
  /** Physical length per spatial axis. Default 1. */
  lengths?: readonly number[];
  /** Boundary condition per spatial axis. Default periodic. */
  bc?: readonly BoundaryCondition[];
  /** Point layout per spatial axis. Default: each bc's default layout. */
  layout?: readonly PointLayout[];
}

/**
 * ∂u/∂x along one non-periodic line of n points at stride s from offset o: central differences
 * inside, second-order one-sided differences at both ends (numpy.gradient with edge_order 2).
 */
function lineDerivative(u: Float64Array, out: Float64Array, n: number, s: number, o: number, h: number): void {
  const at = (j: number) => u[o + j * s]!;
  for (let j = 1; j < n - 1; j++) out[o + j * s] = (at(j + 1) - at(j - 1)) / (2 * h);
  if (n >= 3) {
    out[o] = (-3 * at(0) + 4 * at(1) - at(2)) / (2 * h);
    out[o + (n - 1) * s] = (3 * at(n - 1) - 4 * at(n - 2) + at(n - 3)) / (2 * h);
  } else if (n === 2) out[o] = out[o + s] = (at(1) - at(0)) / h;
}

/**
 * ∂u/∂x_axis of one contiguous scalar field `u` with shape `shape` (see the module comment).
 * `bc` may be a MetricAxis (bc, layout, spacing and boundary gaps of the axis).
 */
export function derivativeAlongAxis(
  u: Float64Array,
  shape: readonly number[],
  axis: number,
  length: number,
  bc: BoundaryCondition | MetricAxis,
): Float64Array {
  const ax = typeof bc === "string" ? metricAxes(shape, { lengths: shape.map((_, a) => (a === axis ? length : 1)), bc: shape.map((_, a) => (a === axis ? bc : "periodic")) })[axis]! : bc;
  const n = shape[axis]!;
  const out = new Float64Array(u.length);
  let stride = 1;
  for (let a = shape.length - 1; a > axis; a--) stride *= shape[a]!;
  if (ax.bc === "periodic") {
    const re = Float64Array.from(u);
    const im = new Float64Array(u.length);
    dftAlongAxis(re, im, shape, axis);
    for (let q = 0; q < u.length; q++) {
      const m = Math.floor(q / stride) % n;
      const k = n % 2 === 0 && m === n / 2 ? 0 : (2 * Math.PI * signedFrequency(m, n)) / ax.length;
      const r = re[q]!;
      re[q] = -k * im[q]!;
      im[q] = k * r;
    }
    dftAlongAxis(re, im, shape, axis, true);
    return re;
  }
  const block = stride * n;
  for (let b0 = 0; b0 < u.length; b0 += block) for (let i = 0; i < stride; i++) lineDerivative(u, out, n, stride, b0 + i, ax.h);
  return out;
}

export function h1RelativeErrorPerSample(pred: BatchArray, target: BatchArray, opts: H1Options = {}): Float64Array {
  const L = requireBatchPair(pred, target);
  const { spatial, channels: C, points: P } = L;
  const d = spatial.length;
  if (opts.lengths && opts.lengths.length !== d) throw new InvalidArgumentError("lengths", opts.lengths, `must have one entry per spatial axis (${d})`);
  opts.lengths?.forEach((x, a) => requirePositive(`lengths[${a}]`, x));
  const axes = metricAxes(spatial, opts);
  const out = new Float64Array(L.n);
  const e = new Float64Array(P);
  const t = new Float64Array(P);
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    let num = 0;
    let den = 0;
    for (let c = 0; c < C; c++) {
      for (let q = 0; q < P; q++) {
        t[q] = target.data[base + q * C + c]!;
        e[q] = pred.data[base + q * C + c]! - t[q]!;
        num += e[q]! * e[q]!;
        den += t[q]! * t[q]!;
      }
      for (let a = 0; a < d; a++) {
        const de = derivativeAlongAxis(e, spatial, a, axes[a]!.length, axes[a]!);
        const dt = derivativeAlongAxis(t, spatial, a, axes[a]!.length, axes[a]!);
        for (let q = 0; q < P; q++) {
          num += de[q]! * de[q]!;
          den += dt[q]! * dt[q]!;
        }
      }
    }
    out[i] = Math.sqrt(num / den);
  }
  return out;
}
