/**
 * Per-sample error metrics in physical space, accumulated in Float64. Definitions follow
 * PDEBench (`metric_func`): RMSE and nRMSE per channel, then averaged over channels; the
 * boundary RMSE is the RMS error over the points of every face of the box. See
 * docs/evaluation.md for the exact formulas.
 */
import { requireBatchPair, type BatchArray, type BatchLayout } from "./batch.js";

/** ‖pred_i − target_i‖₂ / ‖target_i‖₂ over all points and channels of each sample i. */
export function relativeL2PerSample(pred: BatchArray, target: BatchArray): Float64Array {
  const L = requireBatchPair(pred, target);
  const out = new Float64Array(L.n);
  const p = pred.data;
  const t = target.data;
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    let num = 0;
    let den = 0;
    for (let k = base; k < base + L.sampleSize; k++) {
      const e = p[k]! - t[k]!;
      num += e * e;
      den += t[k]! * t[k]!;
    }
    out[i] = Math.sqrt(num) / Math.sqrt(den);
  }
  return out;
}

/** Per sample, mean over channels of the channel's RMSE (and of RMSE / RMS(target) when normalised). */
function channelRms(pred: BatchArray, target: BatchArray, L: BatchLayout, normalise: boolean): Float64Array {
  const out = new Float64Array(L.n);
  const { channels: C, points: P } = L;
  const num = new Float64Array(C);
  const den = new Float64Array(C);
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    num.fill(0);
    den.fill(0);
    for (let q = 0, k = base; q < P; q++) {
      for (let c = 0; c < C; c++, k++) {
        const e = pred.data[k]! - target.data[k]!;
        num[c] += e * e;
        den[c] += target.data[k]! * target.data[k]!;
      }
    }
    let s = 0;
    for (let c = 0; c < C; c++) s += normalise ? Math.sqrt(num[c]! / den[c]!) : Math.sqrt(num[c]! / P);
    out[i] = s / C;
  }
  return out;
}

/** Root-mean-square error per sample (PDEBench "RMSE"), averaged over channels. */
export function rmsePerSample(pred: BatchArray, target: BatchArray): Float64Array {
  return channelRms(pred, target, requireBatchPair(pred, target), false);
}

/** RMSE / RMS(target) per sample and channel, averaged over channels (PDEBench "nRMSE"). */
export function nrmsePerSample(pred: BatchArray, target: BatchArray): Float64Array {
  return channelRms(pred, target, requireBatchPair(pred, target), true);
}

/** max |pred − target| over the points and channels of each sample. */
export function maxErrorPerSample(pred: BatchArray, target: BatchArray): Float64Array {
  const L = requireBatchPair(pred, target);
  const out = new Float64Array(L.n);
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    let m = 0;
    for (let k = base; k < base + L.sampleSize; k++) m = Math.max(m, Math.abs(pred.data[k]! - target.data[k]!));
    out[i] = m;
  }
  return out;
}

/**
 * RMS error over the box faces (first and last stored index along each spatial axis), per
 * channel, averaged over channels. A point on several faces (a corner) counts once per face,
 * as in PDEBench: in 1D sqrt((e₀² + e_{n−1}²)/2), in 2D the sum over the four edges / (2nx + 2ny).
 * These are the stored points on each face where the layout stores the boundary (vertex
 * grids, the x = 0 end of one-sided grids) and the points nearest to it otherwise (interior
 * points, cell centres, the x = L end of one-sided grids): docs/evaluation.md.
 */
export function boundaryRmsePerSample(pred: BatchArray, target: BatchArray): Float64Array {
  const L = requireBatchPair(pred, target);
  const { spatial, channels: C, points: P } = L;
  const d = spatial.length;
  // Face multiplicity of each point, computed once.
  const mult = new Uint8Array(P);
  const idx = new Array<number>(d).fill(0);
  let faces = 0;
  for (let q = 0; q < P; q++) {
    let m = 0;
    for (let a = 0; a < d; a++) {
      if (idx[a] === 0) m++;
      if (idx[a] === spatial[a]! - 1) m++;
    }
    mult[q] = m;
    faces += m;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < spatial[a]!) break;
      idx[a] = 0;
    }
  }
  const out = new Float64Array(L.n);
  const acc = new Float64Array(C);
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    acc.fill(0);
    for (let q = 0, k = base; q < P; q++) {
      const m = mult[q]!;
      if (m === 0) {
        k += C;
        continue;
      }
      for (let c = 0; c < C; c++, k++) {
        const e = pred.data[k]! - target.data[k]!;
        acc[c] += m * e * e;
      }
    }
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.sqrt(acc[c]! / faces);
    out[i] = s / C;
  }
  return out;
}
