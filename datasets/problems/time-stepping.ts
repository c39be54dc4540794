/**
 * The ETDRK4 time-stepping parameters the nonlinear problems share (`dt`, `stepTol`) and how
 * they are stated in a store's provenance (docs/datasets.md §Problems, docs/solvers-nonlinear.md).
 * `stepTol`, not `tol`: the other problems' `tol` is a linear solver's residual.
 */
import { NotConvergedError } from "../../core/index.js";
import type { NonlinearResult, TimeSteppingOptions } from "../../solvers/index.js";
import type { ParamDoc, ParamValues } from "../problem.js";
import { requireRange } from "./params.js";

export function timeSteppingParams(defaultDt: number): ParamDoc[] {
  return [
    { name: "time", kind: "number", default: 1, doc: "final time T (time units)" },
    {
      name: "dt",
      kind: "number",
      default: defaultDt,
      doc: "ETDRK4 step (time units): ceil(T/dt) equal steps; 0 = adaptive steps to --step-tol",
    },
    { name: "stepTol", kind: "number", default: 1e-8, doc: "adaptive ETDRK4 steps (--dt 0): RMS error per unit step, about the global error" },
  ];
}

export interface ResolvedStepping {
  readonly t: number;
  readonly options: TimeSteppingOptions;
  /** Provenance entries: solver, tolerance, time_stepping. */
  readonly provenance: Record<string, unknown>;
}

export function resolveTimeStepping(p: ParamValues, solverName: string): ResolvedStepping {
  const t = requireRange("time", p.time as number, 0);
  const dt = requireRange("dt", p.dt as number, 0);
  const tol = requireRange("stepTol", p.stepTol as number, 1e-14, 1e-2);
  if (dt > 0) {
    const steps = Math.max(1, Math.ceil(t / dt - 1e-9));
    return {
      t,
      options: { t, steps },
      provenance: {
        solver: `ETDRK4, Cox-Matthews form, coefficients by the Kassam-Trefethen contour integral (${solverName})`,
        tolerance: `fixed steps: ${steps} equal steps of ${t / steps}`,
        time_stepping: { kind: "fixed", steps, dt: t / steps },
      },
    };
  }
  return {
    t,
    options: { t, tol },
    provenance: {
      solver: `ETDRK4, Cox-Matthews form, coefficients by the Kassam-Trefethen contour integral (${solverName})`,
      tolerance: `adaptive dyadic steps T/2^j by step doubling; RMS local error per unit step <= ${tol} (relative to max(1, RMS u))`,
      time_stepping: { kind: "adaptive", tol },
    },
  };
}

/** The solution of a completed run, or NotConverged naming the status. */
export function requireCompleted(name: string, r: NonlinearResult): NonlinearResult {
  if (r.status !== "completed")
    throw new NotConvergedError(`${name}: ETDRK4 stopped with status ${r.status} after ${r.steps} steps (use a smaller --dt, or --dt 0 for adaptive steps)`);
  return r;
}
