/**
 * Fourier-band RMSE as PDEBench's `metric_func` defines it (fRMSE low / mid / high).
 *
 * The error e = pred − target of each sample and channel is transformed (unnormalised DFT).
 * 1-D: bin m = the rfft index 0..⌊n/2⌋. d ≥ 2: only the non-negative quadrant i_a < ⌊n_a/2⌋
 * is used and the bin is ⌊√(Σ i_a²)⌋, kept when ≤ min_a ⌊n_a/2⌋ − 1; |ê|² is summed per bin.
 * Per bin, errF[m] = √(mean over samples of the binned |ê|²) / Π n_a · Π L_a. The bands are
 * means of errF over bins [0, iLow), [iLow, iHigh), [iHigh, end) (defaults 4 and 12), then
 * averaged over channels. An empty band (grid too coarse) is NaN, as in PDEBench.
 */
import { InvalidArgumentError, requireInteger, requirePositive } from "../../core/index.js";
import { requireBatchPair, type BatchArray } from "./batch.js";
import { dftAlongAxis } from "./dft.js";

export interface FourierBandOptions {
  /** Physical length per spatial axis (PDEBench's Lx, Ly). Default 1. */
  lengths?: readonly number[];
  /** First bin of the mid band. Default 4. */
  iLow?: number;
  /** First bin of the high band. Default 12. */
  iHigh?: number;
}

export interface FourierBandErrors {
  low: number;
  mid: number;
  high: number;
  /** errF per bin, averaged over channels (the spectrum the bands summarise). */
  perBin: Float64Array;
}

export function fourierBandErrors(pred: BatchArray, target: BatchArray, opts: FourierBandOptions = {}): FourierBandErrors {
  const L = requireBatchPair(pred, target);
  const { spatial, channels: C, points: P } = L;
  const d = spatial.length;
  const lengths = opts.lengths ?? spatial.map(() => 1);
  if (lengths.length !== d) throw new InvalidArgumentError("lengths", lengths, `must have one entry per spatial axis (${d})`);
  lengths.forEach((x, a) => requirePositive(`lengths[${a}]`, x));
  const iLow = requireInteger("iLow", opts.iLow ?? 4, 0);
  const iHigh = requireInteger("iHigh", opts.iHigh ?? 12, iLow);

  const half = spatial.map((n) => Math.floor(n / 2));
  const nBins = d === 1 ? half[0]! + 1 : Math.min(...half);
  // Bin of each flat spectral index (−1: not counted).
  const bin = new Int32Array(P).fill(-1);
  const idx = new Array<number>(d).fill(0);
  for (let q = 0; q < P; q++) {
    if (d === 1) bin[q] = idx[0]! <= half[0]! ? idx[0]! : -1;
    else if (idx.every((i, a) => i < half[a]!)) {
      const it = Math.floor(Math.sqrt(idx.reduce((s, i) => s + i * i, 0)));
      if (it <= nBins - 1) bin[q] = it;
    }
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < spatial[a]!) break;
      idx[a] = 0;
    }
  }

  const power = new Float64Array(C * nBins); // Σ over samples of binned |ê|²
  const re = new Float64Array(P);
  const im = new Float64Array(P);
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    for (let c = 0; c < C; c++) {
      for (let q = 0; q < P; q++) re[q] = pred.data[base + q * C + c]! - target.data[base + q * C + c]!;
      im.fill(0);
      for (let a = 0; a < d; a++) dftAlongAxis(re, im, spatial, a);
      for (let q = 0; q < P; q++) {
        const b = bin[q]!;
        if (b >= 0) power[c * nBins + b] += re[q]! * re[q]! + im[q]! * im[q]!;
      }
    }
  }
  const scale = lengths.reduce((s, x) => s * x, 1) / P;
  const perBin = new Float64Array(nBins);
  const bands = [0, 0, 0];
  const ranges: Array<[number, number]> = [
    [0, Math.min(iLow, nBins)],
    [Math.min(iLow, nBins), Math.min(iHigh, nBins)],
    [Math.min(iHigh, nBins), nBins],
  ];
  for (let c = 0; c < C; c++) {
    const errF = new Float64Array(nBins);
    for (let m = 0; m < nBins; m++) {
      errF[m] = Math.sqrt(power[c * nBins + m]! / L.n) * scale;
      perBin[m] += errF[m]! / C;
    }
    ranges.forEach(([lo, hi], k) => {
      let s = 0;
      for (let m = lo; m < hi; m++) s += errF[m]!;
      bands[k] += (hi > lo ? s / (hi - lo) : NaN) / C;
    });
  }
  return { low: bands[0]!, mid: bands[1]!, high: bands[2]!, perBin };
}
