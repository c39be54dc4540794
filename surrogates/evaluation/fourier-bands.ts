/**
 * Fourier-band RMSE as PDEBench's `metric_func` defines it (fRMSE low / mid / high), on every
 * boundary condition and point layout (docs/evaluation.md §Fourier bands).
 *
 * The error e = pred − target of each sample and channel is transformed (unnormalised DFT).
 * 1-D: bin m = the rfft index 0..⌊n/2⌋. d ≥ 2: only the non-negative quadrant i_a < ⌊n_a/2⌋
 * is used and the bin is ⌊√(Σ i_a²)⌋, kept when ≤ min_a ⌊n_a/2⌋ − 1; |ê|² is summed per bin.
 * Per bin, errF[m] = √(mean over samples of the binned |ê|²) / Π n_a · Π L_a. The bands are
 * means of errF over bins [0, iLow), [iLow, iHigh), [iHigh, end) (defaults 4 and 12), then
 * averaged over channels. An empty band (grid too coarse) is NaN, as in PDEBench.
 *
 * A non-periodic axis is first made periodic by the reflection its boundary condition implies,
 * over the doubled domain 2L: odd across a Dirichlet boundary (with the boundary's zero put in
 * where the layout does not store it), even across a Neumann one. Its DFT is then the sine or
 * cosine transform, without the jump a plain DFT sees between the two ends. Frequencies of the
 * doubled axis are halved into bins (mode m of period 2L has wavenumber πm/L, i.e. m/2 in the
 * 2π/L units of the bins), and the doubled point count enters Π n_a (L_a stays the domain's),
 * so a mode of amplitude A scores A·L/2 on any axis, as on a periodic one. On periodic axes
 * nothing changes: periodic grids give PDEBench's numbers exactly.
 */
import { InvalidArgumentError, requireInteger, requirePositive, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import { metricAxes, type MetricAxis } from "./axes.js";
import { requireBatchPair, type BatchArray } from "./batch.js";
import { dftAlongAxis } from "./dft.js";

export interface FourierBandOptions {
  /** Physical length per spatial axis (PDEBench's Lx, Ly). Default 1. */
  lengths?: readonly number[];
  /** Boundary condition per spatial axis. Default periodic. */
  bc?: readonly BoundaryCondition[];
  /** Point layout per spatial axis. Default: each bc's default layout. */
  layout?: readonly PointLayout[];
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

/**
 * How one axis is extended to a periodic line: for every extended index, the stored index it
 * copies (−1: a boundary zero) and its sign. Periodic axes map to themselves.
 */
interface AxisExtension {
  size: number;
  src: Int32Array;
  sign: Float64Array;
  /** Extended index units per bin unit (2 on doubled axes). */
  ratio: number;
  length: number;
}

function extension(n: number, ax: MetricAxis): AxisExtension {
  if (ax.bc === "periodic") {
    return { size: n, src: Int32Array.from({ length: n }, (_, j) => j), sign: new Float64Array(n).fill(1), ratio: 1, length: ax.length };
  }
  const src: number[] = [];
  const sign: number[] = [];
  const odd = ax.bc === "dirichlet" ? -1 : 1;
  if (ax.layout === "centred") {
    // Half-sample reflection: e_0..e_{n−1}, ±e_{n−1}..±e_0 (period 2n).
    for (let j = 0; j < n; j++) src.push(j), sign.push(1);
    for (let j = n - 1; j >= 0; j--) src.push(j), sign.push(odd);
  } else {
    // Whole-sample reflection of the line from x = 0 to x = L with both ends present; a
    // Dirichlet end that is not stored is a zero (src −1). Neumann admits centred and vertex only.
    const v: number[] = [];
    if (ax.gaps[0] > 0) v.push(-1);
    for (let j = 0; j < n; j++) v.push(j);
    if (ax.gaps[1] > 0) v.push(-1);
    const m = v.length;
    for (let j = 0; j < m; j++) src.push(v[j]!), sign.push(1);
    for (let j = m - 2; j >= 1; j--) src.push(v[j]!), sign.push(odd);
  }
  return { size: src.length, src: Int32Array.from(src), sign: Float64Array.from(sign), ratio: 2, length: ax.length };
}

export function fourierBandErrors(pred: BatchArray, target: BatchArray, opts: FourierBandOptions = {}): FourierBandErrors {
  const L = requireBatchPair(pred, target);
  const { spatial, channels: C } = L;
  const d = spatial.length;
  if (opts.lengths && opts.lengths.length !== d) throw new InvalidArgumentError("lengths", opts.lengths, `must have one entry per spatial axis (${d})`);
  opts.lengths?.forEach((x, a) => requirePositive(`lengths[${a}]`, x));
  const iLow = requireInteger("iLow", opts.iLow ?? 4, 0);
  const iHigh = requireInteger("iHigh", opts.iHigh ?? 12, iLow);
  const ext = metricAxes(spatial, opts).map((ax, a) => extension(spatial[a]!, ax));
  const shape = ext.map((e) => e.size);
  const P = shape.reduce((a, b) => a * b, 1);

  // Source flat index and sign of every extended point (−1: a zero).
  const srcFlat = new Int32Array(P);
  const sgn = new Float64Array(P);
  // Bin of each flat spectral index (−1: not counted).
  const half = shape.map((n) => Math.floor(n / 2));
  const nBins = d === 1 ? Math.floor(half[0]! / ext[0]!.ratio) + 1 : Math.min(...half.map((h, a) => Math.floor(h / ext[a]!.ratio)));
  const bin = new Int32Array(P).fill(-1);
  const idx = new Array<number>(d).fill(0);
  for (let q = 0; q < P; q++) {
    let s = 0;
    let sg = 1;
    for (let a = 0; a < d; a++) {
      const j = ext[a]!.src[idx[a]!]!;
      if (j < 0) sg = 0;
      s = s * spatial[a]! + Math.max(j, 0);
      sg *= ext[a]!.sign[idx[a]!]!;
    }
    srcFlat[q] = s;
    sgn[q] = sg;
    if (d === 1) bin[q] = idx[0]! <= half[0]! ? Math.floor(idx[0]! / ext[0]!.ratio) : -1;
    else if (idx.every((i, a) => i < half[a]!)) {
      const it = Math.floor(Math.sqrt(idx.reduce((acc, i, a) => acc + (i / ext[a]!.ratio) ** 2, 0)));
      if (it <= nBins - 1) bin[q] = it;
    }
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < shape[a]!) break;
      idx[a] = 0;
    }
  }

  const power = new Float64Array(C * nBins); // Σ over samples of binned |ê|²
  const re = new Float64Array(P);
  const im = new Float64Array(P);
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    for (let c = 0; c < C; c++) {
      for (let q = 0; q < P; q++) {
        const k = base + srcFlat[q]! * C + c;
        re[q] = sgn[q] === 0 ? 0 : sgn[q]! * (pred.data[k]! - target.data[k]!);
      }
      im.fill(0);
      for (let a = 0; a < d; a++) dftAlongAxis(re, im, shape, a);
      for (let q = 0; q < P; q++) {
        const b = bin[q]!;
        if (b >= 0) power[c * nBins + b] += re[q]! * re[q]! + im[q]! * im[q]!;
      }
    }
  }
  const scale = ext.reduce((s, e) => s * e.length, 1) / P;
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
