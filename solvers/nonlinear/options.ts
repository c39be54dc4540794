/**
 * What the nonlinear solvers share: the time-stepping options, their validation, the result
 * type and the Field-level driver over etdrk4Integrate (docs/solvers-nonlinear.md).
 */
import {
  InvalidArgumentError,
  UnsupportedError,
  isField,
  makeField,
  requireInteger,
  requireNonNegative,
  requirePositive,
  requireShape,
  type Field,
  type Grid,
} from "../../core/index.js";
import { requireFinite } from "../fft/lines.js";
import { etdrk4Integrate, type Etdrk4Options, type TimeStepStatus } from "./integrate.js";
import type { SemilinearProblem } from "./semilinear.js";

/** Time stepping shared by the ETDRK4 solvers. */
export interface TimeSteppingOptions {
  /** Final time t ≥ 0 (the run starts at 0). */
  t: number;
  /** Fixed number of equal steps t/steps. Omit (or 0) for adaptive steps. */
  steps?: number;
  /**
   * Adaptive: error per unit step (RMS local error of a step of h ≤ tol·(h/t)·max(1, RMS u)), so
   * the global error is about tol; default 1e-10.
   */
  tol?: number;
  /** Adaptive: attempted steps before giving up with status "max_steps"; default 100000. */
  maxSteps?: number;
}

export interface NonlinearResult {
  /** The solution at t (a new contiguous field; the last finite state when status ≠ completed). */
  readonly u: Field;
  readonly status: TimeStepStatus;
  /** Accepted steps (adaptive: each is one step of h checked against two of h/2, which are kept). */
  readonly steps: number;
  readonly rejected: number;
  /** Evaluations of the nonlinear term, the unit of cost (each is one FFT pair on the grid). */
  readonly evaluations: number;
  /** Adaptive: sum of the accepted local error estimates (relative RMS; ≈ the global error). NaN with fixed steps. */
  readonly errorEstimate: number;
  /** Smallest and largest step used. */
  readonly minDt: number;
  readonly maxDt: number;
}

export const DEFAULT_TOL = 1e-10;
export const DEFAULT_MAX_STEPS = 100_000;

/** A 1-D periodic grid with at least 4 points (the 2/3 rule then keeps at least mode 1). */
export function requirePeriodic1d(grid: unknown): Grid {
  const g = grid as Grid;
  if (typeof grid !== "object" || grid === null || !Array.isArray(g.shape) || !Array.isArray(g.lengths) || !Array.isArray(g.bc))
    throw new InvalidArgumentError("grid", grid, "must be a Grid (see makeGrid)");
  if (g.shape.length !== 1 || g.bc[0] !== "periodic")
    throw new UnsupportedError(`the ETDRK4 solvers need a 1-D periodic grid, got shape [${g.shape.join(", ")}] bc [${g.bc.join(", ")}]`);
  if (g.shape[0]! < 4) throw new InvalidArgumentError("grid.shape[0]", g.shape[0], "must be >= 4");
  return g;
}

export function requireU0(grid: Grid, u0: unknown): Field {
  if (!isField(u0)) throw new InvalidArgumentError("u0", u0, "must be a Field {data: Float64Array, shape, stride, offset}");
  requireShape("u0", u0, grid.shape);
  requireFinite("u0", u0);
  return u0;
}

export function resolveStepping(opts: TimeSteppingOptions): { t: number; integrate: Etdrk4Options } {
  const t = requireNonNegative("t", opts?.t);
  const steps = opts.steps === undefined ? 0 : requireInteger("steps", opts.steps, 0, 1e9);
  const tol = opts.tol === undefined ? DEFAULT_TOL : requirePositive("tol", opts.tol);
  if (tol >= 1) throw new InvalidArgumentError("tol", tol, "must be < 1");
  const maxSteps = opts.maxSteps === undefined ? DEFAULT_MAX_STEPS : requireInteger("maxSteps", opts.maxSteps, 1);
  return { t, integrate: { steps, tol, maxSteps, initialLevel: 3 } };
}

/** Run the integrator on a validated u0 (any stride) into a new contiguous field. */
export function runSemilinear(problem: SemilinearProblem, u0: Field, t: number, o: Etdrk4Options): NonlinearResult {
  const n = problem.n;
  const out = makeField([n]);
  if (t === 0) {
    for (let j = 0; j < n; j++) out.data[j] = u0.data[u0.offset + j * u0.stride[0]!]!;
    return { u: out, status: "completed", steps: 0, rejected: 0, evaluations: 0, errorEstimate: o.steps > 0 ? NaN : 0, minDt: NaN, maxDt: NaN };
  }
  const s = etdrk4Integrate(problem, u0.data, u0.stride[0]!, u0.offset, out.data, 1, 0, 0, t, o);
  return { u: out, ...s };
}

/** λ = −D k² for the rfft modes of a periodic grid of n points and length L. */
export function diffusionEigenvalues(n: number, L: number, d: number): Float64Array {
  const ns = Math.floor(n / 2) + 1;
  const lam = new Float64Array(ns);
  for (let m = 0; m < ns; m++) {
    const k = (2 * Math.PI * m) / L;
    lam[m] = -d * k * k;
  }
  return lam;
}
