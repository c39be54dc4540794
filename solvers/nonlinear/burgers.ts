/**
 * Viscous Burgers u_t + (u²/2)_x = ν u_xx on a periodic interval: Fourier pseudo-spectral in
 * space (2/3 de-aliasing of u²), ETDRK4 in time with the diffusion treated exactly
 * (docs/solvers-nonlinear.md §Burgers). The mean of u is conserved exactly.
 */
import { requirePositive, type Field, type Grid } from "../../core/index.js";
import {
  diffusionEigenvalues,
  requirePeriodic1d,
  requireU0,
  resolveStepping,
  runSemilinear,
  type NonlinearResult,
  type TimeSteppingOptions,
} from "./options.js";
import type { SemilinearProblem } from "./semilinear.js";

export interface BurgersOptions extends TimeSteppingOptions {
  /** Viscosity ν > 0 (length²/time). */
  nu: number;
}

/** The Burgers problem in the integrator's form: λ = −νk², N̂ = −½·ik·F[u²]. */
export function burgersProblem(n: number, length: number, nu: number): SemilinearProblem {
  return {
    n,
    length,
    lambda: diffusionEigenvalues(n, length, nu),
    derivativeScale: -0.5,
    g(u, _t, out) {
      for (let j = 0; j < u.length; j++) out[j] = u[j]! * u[j]!;
    },
  };
}

/** u(t) for u_t + u u_x = ν u_xx, u(0) = u0, periodic on the grid's interval. */
export function burgersSpectral(grid: Grid, u0: Field, opts: BurgersOptions): NonlinearResult {
  const g = requirePeriodic1d(grid);
  const u = requireU0(g, u0);
  const nu = requirePositive("nu", opts?.nu);
  const { t, integrate } = resolveStepping(opts);
  return runSemilinear(burgersProblem(g.shape[0]!, g.lengths[0]!, nu), u, t, integrate);
}
