/**
 * Rows appended to the linear-path least squares (fit-linear-path.ts) that pull the path's
 * response r_i(k) = Σ_j a_ji e^{−t_j|k|²} toward 0 at wavenumbers the training grid cannot show.
 *
 * Why: the bank's columns are nearly collinear, so the data fix the response only at the
 * training grid's wavenumbers; beyond its largest one the fitted combination, with large
 * cancelling weights, has gain ≈ 1 (measured on neuraloperator's Darcy 16²), and a model
 * evaluated on a finer grid passes that grid's new modes unfiltered (docs/gsnn.md §Resolution
 * transfer). The operators the path stands for (heat, Poisson: e^{−κT|k|²}, 1/|k|²) are
 * smoothing, so 0 is the right value there; a small weight leaves the fit on the training
 * modes unchanged. A ridge on the weights would also do it, but it costs the exact fits
 * (heat: 8.5e−8 → 5e−5).
 */
import type { BlockProblem } from "./least-squares.js";

/** Default weight μ of the band rows relative to the input's spectral energy per channel. */
export const UNSEEN_BAND_WEIGHT = 1e-2;

export interface UnseenBand {
  /** |k|² of the band rows: log-spaced over (max k² of the grid, 16·max k²] (grids up to 4× finer). */
  k2: Float64Array;
  /** Row weight per input channel: √(μ ‖X_i‖² / band size). */
  weights: Float64Array;
}

/**
 * The band for a fit whose training modes have squared wavenumbers `k2` and whose input
 * spectra (one array of weighted rows per channel) are `X`.
 */
export function unseenBand(k2: ArrayLike<number>, X: readonly Float64Array[], weight = UNSEEN_BAND_WEIGHT, count = 16): UnseenBand {
  let kmax = 0;
  for (let i = 0; i < k2.length; i++) kmax = Math.max(kmax, k2[i]!);
  const band = Float64Array.from({ length: count }, (_, v) => kmax * Math.pow(16, (v + 1) / count));
  const weights = Float64Array.from(X, (x) => {
    let s = 0;
    for (let r = 0; r < x.length; r++) s += x[r]! * x[r]!;
    return Math.sqrt((weight * s) / count);
  });
  return { k2: band, weights };
}

/**
 * `p` with the band rows after its own: row (v, i) holds w_i·e^{−t_j k_v²} in column j·Cin + i
 * (the bank's column layout), zeros elsewhere (the gate column included) and 0 on the right.
 */
export function withUnseenBand(p: BlockProblem, band: UnseenBand, times: ArrayLike<number>, inChannels: number): BlockProblem {
  const Cin = inChannels;
  const V = band.k2.length;
  if (V === 0) return p;
  return {
    rows: p.rows + V * Cin,
    cols: p.cols,
    rhs: p.rhs,
    block: (start, count, cols, rhs) => {
      const own = Math.max(0, Math.min(count, p.rows - start));
      if (own > 0) p.block(start, own, cols, rhs);
      for (let r = own; r < count; r++) {
        const q = start + r - p.rows;
        const v = Math.floor(q / Cin);
        const i = q % Cin;
        for (let c = 0; c < p.cols; c++) cols[c]![r] = 0;
        for (let j = 0; j < times.length; j++) cols[j * Cin + i]![r] = band.weights[i]! * Math.exp(-times[j]! * band.k2[v]!);
        for (let k = 0; k < p.rhs; k++) rhs[k]![r] = 0;
      }
    },
  };
}
