/** Result types shared by the finite-difference solvers. */
import type { Field } from "../../core/index.js";

export type SolveStatus = "converged" | "max_iterations";

/** Outcome of an iterative solve: never silent about non-convergence. */
export interface IterativeResult {
  /** The solution (a new contiguous field shaped like the grid). */
  readonly u: Field;
  readonly status: SolveStatus;
  /** Cycles (multigrid) or iterations (PCG) performed. */
  readonly iterations: number;
  /** Final relative residual ‖f − A u‖₂ / ‖f‖₂, recomputed from u (0 when f = 0). */
  readonly residual: number;
  /** Relative residual after each iteration; entry 0 is the initial one (1 for a zero guess). */
  readonly residualHistory: readonly number[];
}

export type CycleType = "V" | "F";

/** Multigrid options shared by the Poisson and Darcy solvers. */
export interface MultigridOptions {
  /** Red-black Gauss–Seidel sweeps before the coarse-grid correction (default 2). */
  preSmooth?: number;
  /** Sweeps after it, in reverse colour order so the cycle is symmetric (default 2). */
  postSmooth?: number;
  /** Cycle shape (default "V"). */
  cycle?: CycleType;
}
