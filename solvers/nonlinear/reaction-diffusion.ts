/**
 * Fisher–KPP reaction–diffusion u_t = ν u_xx + ρ u(1 − u) (+ an optional forcing f(x, t)) on
 * a periodic interval: Fourier pseudo-spectral in space (2/3 de-aliasing of the quadratic
 * reaction), ETDRK4 in time with the diffusion treated exactly (docs/solvers-nonlinear.md
 * §Reaction–diffusion). The forcing exists for manufactured-solution tests.
 */
import { InvalidArgumentError, gridPoints, requireFiniteNumber, requireNonNegative, type Field, type Grid } from "../../core/index.js";
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

export interface ReactionDiffusionOptions extends TimeSteppingOptions {
  /** Diffusion coefficient ν ≥ 0 (length²/time). */
  nu: number;
  /** Reaction rate ρ (1/time); u = 0 and u = 1 are the equilibria. */
  rho: number;
  /** Source f(x, t) added to the right-hand side (e.g. for a manufactured solution). */
  forcing?: (x: number, t: number) => number;
}

/** The problem in the integrator's form: λ = −νk², N̂ = F[ρu(1 − u) + f]. */
export function reactionDiffusionProblem(
  n: number,
  length: number,
  nu: number,
  rho: number,
  forcing?: (x: number, t: number) => number,
): SemilinearProblem {
  const x = forcing ? gridPoints({ shape: [n], lengths: [length], bc: ["periodic"] }, 0) : null;
  return {
    n,
    length,
    lambda: diffusionEigenvalues(n, length, nu),
    derivativeScale: null,
    g(u, t, out) {
      for (let j = 0; j < u.length; j++) out[j] = rho * u[j]! * (1 - u[j]!);
      if (forcing) for (let j = 0; j < u.length; j++) out[j]! += forcing(x![j]!, t);
    },
  };
}

/** u(t) for u_t = ν u_xx + ρ u(1 − u) [+ f], u(0) = u0, periodic on the grid's interval. */
export function reactionDiffusionSpectral(grid: Grid, u0: Field, opts: ReactionDiffusionOptions): NonlinearResult {
  const g = requirePeriodic1d(grid);
  const u = requireU0(g, u0);
  const nu = requireNonNegative("nu", opts?.nu);
  const rho = requireFiniteNumber("rho", opts.rho);
  if (opts.forcing !== undefined && typeof opts.forcing !== "function")
    throw new InvalidArgumentError("forcing", opts.forcing, "must be a function (x, t) => number");
  const { t, integrate } = resolveStepping(opts);
  return runSemilinear(reactionDiffusionProblem(g.shape[0]!, g.lengths[0]!, nu, rho, opts.forcing), u, t, integrate);
}
