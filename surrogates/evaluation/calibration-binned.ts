/**
 * A model-error variance that varies from point to point (docs/gsnn.md §Calibration
 * comparison, "binned model error"): a surrogate's error is not the same everywhere (on Burgers
 * it sits on the steep fronts), so one constant per channel is too wide on smooth stretches and
 * too narrow on fronts. Fitted on validation data only: the points are binned by the size of the
 * predicted mean's gradient (quantile edges, so the units and grid spacing do not matter), and
 * each bin gets the mean squared error of its points. A test point gets its bin's variance.
 * Float64.
 */
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import { requireBatch, requireBatchPair, type BatchArray } from "./batch.js";

/** Per output channel: the inner bin edges (ascending, bins − 1 of them) and each bin's variance. */
export interface BinnedVariance {
  edges: number[][];
  variance: number[][];
}

/**
 * |∇μ|² per value in grid units: central differences along every spatial axis (wrapped where
 * `periodic[a]`, one-sided at the ends otherwise), summed over axes. Same shape as `mean`.
 */
export function gradientFeature(mean: BatchArray, periodic?: readonly boolean[]): BatchArray {
  const shape = mean.shape;
  requireBatch("mean", mean);
  const spatial = shape.slice(1, -1);
  const per = periodic ?? spatial.map(() => true);
  if (per.length !== spatial.length) throw new ShapeMismatchError("periodic", per.length, spatial.length);
  const C = shape[shape.length - 1]!;
  const out = new Float64Array(mean.data.length);
  // Stride of spatial axis a in values (channels last, C order).
  let stride = C;
  for (let a = spatial.length - 1; a >= 0; a--) {
    const n = spatial[a]!;
    const block = stride * n;
    for (let k = 0; n > 1 && k < out.length; k++) {
      const i = Math.floor(k / stride) % n;
      const base = k - i * stride;
      let d: number;
      if (i > 0 && i < n - 1) d = (mean.data[k + stride]! - mean.data[k - stride]!) / 2;
      else if (per[a]) d = (mean.data[base + ((i + 1) % n) * stride]! - mean.data[base + ((i - 1 + n) % n) * stride]!) / 2;
      else d = i === 0 ? mean.data[k + stride]! - mean.data[k]! : mean.data[k]! - mean.data[k - stride]!;
      out[k] += d * d;
    }
    stride = block;
  }
  return { data: out, shape: [...shape] };
}

/**
 * Fit per channel: `bins` quantile bins of `feature` over the values of (`mean`, `target`), each
 * with the mean of (y − μ)² over its values, at least `floor`.
 */
export function fitBinnedVariance(mean: BatchArray, target: BatchArray, feature: BatchArray, bins = 8, floor = 0): BinnedVariance {
  const L = requireBatchPair(mean, target, "mean", "target");
  requireBatchPair(feature, target, "feature", "target");
  if (!Number.isInteger(bins) || bins < 1) throw new InvalidArgumentError("bins", bins, "must be an integer >= 1");
  if (!(floor >= 0) || !Number.isFinite(floor)) throw new InvalidArgumentError("floor", floor, "must be a finite number >= 0");
  const C = L.channels;
  const per = target.data.length / C;
  if (per < bins) throw new InvalidArgumentError("bins", bins, `must be at most the ${per} values per channel`);
  const edges: number[][] = [];
  const variance: number[][] = [];
  for (let c = 0; c < C; c++) {
    const f = new Float64Array(per);
    for (let j = 0; j < per; j++) f[j] = feature.data[j * C + c]!;
    f.sort();
    const e = Array.from({ length: bins - 1 }, (_, b) => f[Math.floor(((b + 1) * per) / bins)]!);
    const sum = new Float64Array(bins);
    const cnt = new Float64Array(bins);
    for (let j = 0; j < per; j++) {
      const k = j * C + c;
      const b = binOf(e, feature.data[k]!);
      sum[b] += (target.data[k]! - mean.data[k]!) ** 2;
      cnt[b]++;
    }
    // Tied features can leave a bin empty: it takes the channel's overall mean squared error.
    const all = sum.reduce((q, v) => q + v, 0) / per;
    edges.push(e);
    variance.push(Array.from(sum, (s, b) => Math.max(floor, cnt[b]! > 0 ? s / cnt[b]! : all)));
  }
  return { edges, variance };
}

/** The fitted variance at each value of `feature` (a new Float64 batch of its shape). */
export function applyBinnedVariance(fit: BinnedVariance, feature: BatchArray): BatchArray {
  const L = requireBatch("feature", feature);
  if (fit.edges.length !== L.channels || fit.variance.length !== L.channels) throw new ShapeMismatchError("fit", fit.variance.length, L.channels);
  const C = L.channels;
  return { data: Float64Array.from(feature.data, (v, k) => fit.variance[k % C]![binOf(fit.edges[k % C]!, v)]!), shape: [...feature.shape] };
}

/** Index of the bin holding v: the number of edges ≤ v (binary search). */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (edges[m]! <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}
