/**
 * Heat equation u_t = κΔu on a Grid, solved exactly in the grid's spectral basis
 * (transform.ts): each mode is multiplied by exp(−κλt). One step reaches any t ≥ 0; the
 * series variant transforms once and reuses the coefficients for every requested time.
 * With `eigenvalues: "discrete"` it is instead the exact solution of the semi-discrete
 * (method-of-lines) system u' = κ·L_h u with the standard finite-difference Laplacian L_h.
 */
import { InvalidArgumentError, makeField, requireNonNegative, type Field, type Grid } from "../../core/index.js";
import {
  coefficientEigenvalues,
  forwardSpectral,
  inverseSpectral,
  type EigenvalueKind,
  type SpectralCoefficients,
} from "./transform.js";
import { requireEigenvalueKind, requireGrid, requireGridField } from "./validate.js";

export interface HeatOptions {
  /** Diffusivity κ ≥ 0. */
  kappa: number;
  /** Final time t ≥ 0. */
  t: number;
  /** −Δ eigenvalues: "continuous" k² (default) or "discrete" finite-difference ones. */
  eigenvalues?: EigenvalueKind;
}

export interface HeatSeriesOptions {
  kappa: number;
  /** Output times, each ≥ 0, in any order. */
  times: readonly number[];
  eigenvalues?: EigenvalueKind;
}

function damp(c: SpectralCoefficients, lam: Float64Array, kt: number): SpectralCoefficients {
  const re = makeField(c.re.shape);
  const im = c.im ? makeField(c.im.shape) : null;
  for (let p = 0; p < lam.length; p++) {
    const g = Math.exp(-kt * lam[p]!);
    re.data[p] = g * c.re.data[p]!;
    if (im) im.data[p] = g * c.im!.data[p]!;
  }
  return { re, im, realAxis: c.realAxis };
}

/** u(t) for u_t = κΔu, u(0) = u0, with the grid's boundary conditions. */
export function heatSpectral(grid: Grid, u0: Field, opts: HeatOptions): Field {
  requireGrid(grid);
  requireGridField("u0", grid, u0);
  const kappa = requireNonNegative("kappa", opts?.kappa);
  const t = requireNonNegative("t", opts.t);
  const kind = requireEigenvalueKind(opts.eigenvalues);
  const c = forwardSpectral(grid, u0);
  return inverseSpectral(grid, damp(c, coefficientEigenvalues(grid, c, kind), kappa * t));
}

/**
 * u at each of `times`, stacked into one contiguous Field of shape [times.length, ...grid.shape]
 * (C order, so it maps directly onto a zarr array with time first).
 */
export function heatSpectralSeries(grid: Grid, u0: Field, opts: HeatSeriesOptions): Field {
  requireGrid(grid);
  requireGridField("u0", grid, u0);
  const kappa = requireNonNegative("kappa", opts?.kappa);
  if (!Array.isArray(opts.times) || opts.times.length === 0)
    throw new InvalidArgumentError("times", opts.times, "must be a non-empty array of times >= 0");
  opts.times.forEach((t, i) => requireNonNegative(`times[${i}]`, t));
  const kind = requireEigenvalueKind(opts.eigenvalues);
  const c = forwardSpectral(grid, u0);
  const lam = coefficientEigenvalues(grid, c, kind);
  const size = u0.data.length === 0 ? 0 : grid.shape.reduce((a, b) => a * b, 1);
  const out = makeField([opts.times.length, ...grid.shape]);
  opts.times.forEach((t, i) => {
    const u = inverseSpectral(grid, damp(c, lam, kappa * t));
    out.data.set(u.data, i * size);
  });
  return out;
}
