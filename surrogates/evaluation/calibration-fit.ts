/**
 * The predictive variance σ² = a·v + b fitted by maximum likelihood on noisy validation data
 * (docs/gsnn.md §Calibration comparison, "fitted noise scale + model error"): v is the input-noise
 * variance the model propagates (the linearised variance), b ≥ 0 the model error, a ≥ 0 a scale
 * on the propagated part. Both are fitted to the residuals r = y − μ of predictions on *noisy*
 * validation inputs, where noise and model error act together as they do at test time:
 * minimise mean[log σ² + r²/σ²]. a = 1, b = mean(r² − v) is the moment fit ("+ residual");
 * the likelihood fit also corrects a propagated variance that is too large or too small, and
 * weighs the points by their own variance rather than by one mean square. Float64.
 *
 * Profile likelihood: for a fixed ratio t = b/a, the optimal a is mean(r²/(v + t)), so only t is
 * searched (log grid, then golden section on log t); t → ∞ is the constant σ² = mean r² (a = 0).
 */
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import { requireBatch, requireBatchPair, type BatchArray } from "./batch.js";

/** Per output channel: σ² = scale·v + modelVariance, and the mean validation NLL term it reached. */
export interface NoiseScaleFit {
  scale: number[];
  modelVariance: number[];
  /** mean[½ log(2πσ²) + r²/(2σ²)] on the fitting data, per channel (nats per value). */
  nll: number[];
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Fit σ² = a·v + b per channel to residuals of `mean` against `target` (maximum likelihood, a, b ≥ 0). */
export function fitNoiseScale(mean: BatchArray, target: BatchArray, variance: BatchArray): NoiseScaleFit {
  const L = requireBatchPair(mean, target, "mean", "target");
  requireBatch("variance", variance);
  if (variance.data.length !== target.data.length) throw new ShapeMismatchError("variance", [...variance.shape], [...target.shape]);
  const C = L.channels;
  const fit: NoiseScaleFit = { scale: [], modelVariance: [], nll: [] };
  for (let c = 0; c < C; c++) {
    const r2: number[] = [];
    const v: number[] = [];
    for (let k = c; k < target.data.length; k += C) {
      const q = variance.data[k]!;
      if (!(q >= 0)) throw new InvalidArgumentError(`variance.data[${k}]`, q, "must be >= 0");
      r2.push((target.data[k]! - mean.data[k]!) ** 2);
      v.push(q);
    }
    const N = r2.length;
    const meanR2 = r2.reduce((s, q) => s + q, 0) / N;
    const meanV = v.reduce((s, q) => s + q, 0) / N;
    if (!(meanR2 > 0)) throw new InvalidArgumentError("target", "equal to mean", "residuals are all 0: no variance to fit");
    // Profile NLL at ratio t (up to constants): mean log(v + t) + log mean(r²/(v + t)).
    const profile = (t: number): number => {
      let sl = 0;
      let sa = 0;
      for (let k = 0; k < N; k++) {
        sl += Math.log(v[k]! + t);
        sa += r2[k]! / (v[k]! + t);
      }
      return sl / N + Math.log(sa / N);
    };
    const constantNll = Math.log(meanR2); // t → ∞: σ² = mean r² everywhere
    let best = { lt: Infinity, f: constantNll };
    if (meanV > 0) {
      const lo = Math.log(meanV * 1e-8);
      const hi = Math.log(meanV * 1e8);
      const steps = 80;
      for (let i = 0; i <= steps; i++) {
        const lt = lo + ((hi - lo) * i) / steps;
        const f = profile(Math.exp(lt));
        if (f < best.f) best = { lt, f };
      }
      if (Number.isFinite(best.lt)) {
        // Golden section on log t within one grid step either side.
        const h = (hi - lo) / steps;
        let [a, b] = [best.lt - h, best.lt + h];
        const g = (Math.sqrt(5) - 1) / 2;
        let [x1, x2] = [b - g * (b - a), a + g * (b - a)];
        let [f1, f2] = [profile(Math.exp(x1)), profile(Math.exp(x2))];
        for (let it = 0; it < 40; it++) {
          if (f1 < f2) {
            [b, x2, f2] = [x2, x1, f1];
            x1 = b - g * (b - a);
            f1 = profile(Math.exp(x1));
          } else {
            [a, x1, f1] = [x1, x2, f2];
            x2 = a + g * (b - a);
            f2 = profile(Math.exp(x2));
          }
        }
        const lt = (a + b) / 2;
        const f = profile(Math.exp(lt));
        if (f < best.f) best = { lt, f };
      }
      // t = 0 (no model error) where every v > 0.
      if (v.every((q) => q > 0)) {
        const f0 = profile(0);
        if (f0 < best.f) best = { lt: -Infinity, f: f0 };
      }
    }
    let a: number;
    let b: number;
    if (best.lt === Infinity) [a, b] = [0, meanR2];
    else {
      const t = Math.exp(best.lt);
      a = r2.reduce((s, q, k) => s + q / (v[k]! + t), 0) / N;
      b = a * t;
    }
    fit.scale.push(a);
    fit.modelVariance.push(b);
    fit.nll.push(HALF_LOG_2PI + 0.5 * best.f + 0.5);
  }
  return fit;
}

/** σ² = scale·v + modelVariance per value of `variance` (a new Float64 batch of its shape). */
export function applyNoiseScale(fit: NoiseScaleFit, variance: BatchArray): BatchArray {
  const L = requireBatch("variance", variance);
  if (fit.scale.length !== L.channels || fit.modelVariance.length !== L.channels) throw new ShapeMismatchError("fit", fit.scale.length, L.channels);
  const C = L.channels;
  return { data: Float64Array.from(variance.data, (v, k) => fit.scale[k % C]! * v + fit.modelVariance[k % C]!), shape: [...variance.shape] };
}

/**
 * The model error b per channel that makes the 95% intervals of N(μ, v + b) cover `level` of
 * the fitting data (docs/gsnn.md §Calibration comparison, "coverage-fitted model error"): each
 * value needs b_k = max(0, r²/z² − v_k) to be covered (z = Φ⁻¹(0.975)), and b is the
 * ⌈level·N⌉-th smallest b_k — the split-conformal quantile of that score, so on data
 * exchangeable with the fitting data the intervals cover at least `level` of the values. A
 * quantile, not a mean square: a few validation samples with errors far beyond the rest (a
 * heavy-tailed model error) move it little, where they can dominate a mean-square estimate.
 */
export function fitCoverageVariance(mean: BatchArray, target: BatchArray, variance: BatchArray, level = 0.95): number[] {
  const L = requireBatchPair(mean, target, "mean", "target");
  requireBatch("variance", variance);
  if (variance.data.length !== target.data.length) throw new ShapeMismatchError("variance", [...variance.shape], [...target.shape]);
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError("level", level, "must be in (0, 1)");
  const C = L.channels;
  const z2 = 1.959963984540054 ** 2;
  return Array.from({ length: C }, (_, c) => {
    const need: number[] = [];
    for (let k = c; k < target.data.length; k += C) {
      const v = variance.data[k]!;
      if (!(v >= 0)) throw new InvalidArgumentError(`variance.data[${k}]`, v, "must be >= 0");
      need.push(Math.max(0, (target.data[k]! - mean.data[k]!) ** 2 / z2 - v));
    }
    need.sort((a, b) => a - b);
    return need[Math.min(need.length - 1, Math.ceil(level * need.length) - 1)]!;
  });
}
