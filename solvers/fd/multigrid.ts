/**
 * Geometric multigrid on padded 5-point levels (docs/solvers-fd.md §Multigrid): red-black
 * Gauss–Seidel smoothing, restriction Pᵀ, linear/bilinear prolongation, rediscretised coarse
 * operators, and the coarsest level solved by conjugate gradients to round-off. Used as a
 * solver (V- or F-cycles) and as the preconditioner of PCG (one symmetric V-cycle).
 */
import type { CycleType, SolveStatus } from "./types.js";
import type { Level } from "./level.js";
import { applyOperator, dotInterior, paddedSize, removeMean, residual, smoothSweep, smoothSweepFromZero } from "./level.js";
import { coarsen, prolongAdd, restrictResidual, type Transfer } from "./transfer.js";

export interface Hierarchy {
  readonly levels: readonly Level[];
  readonly transfers: readonly Transfer[];
  readonly u: readonly Float64Array[];
  readonly f: readonly Float64Array[];
  readonly r: readonly Float64Array[];
  readonly preSmooth: number;
  readonly postSmooth: number;
}

export function buildHierarchy(fine: Level, preSmooth = 2, postSmooth = 2): Hierarchy {
  const levels: Level[] = [fine];
  const transfers: Transfer[] = [];
  for (;;) {
    const T = coarsen(levels[levels.length - 1]!);
    if (T === null) break;
    transfers.push(T);
    levels.push(T.coarse);
  }
  const alloc = (): Float64Array[] => levels.map((L) => new Float64Array(paddedSize(L.n0, L.n1)));
  return { levels, transfers, u: alloc(), f: alloc(), r: alloc(), preSmooth, postSmooth };
}

/**
 * One multigrid cycle at level l on (u, f), by default the level's own (u[l], f[l]). With
 * `zero` the initial guess is u = 0 whatever u holds (it is never read).
 */
export function cycle(H: Hierarchy, l: number, type: CycleType, u = H.u[l]!, f = H.f[l]!, zero = false): void {
  const L = H.levels[l]!;
  if (l === H.levels.length - 1) {
    coarsestSolve(L, u, f, H.r[l]!);
    return;
  }
  const c = firstColour(L);
  let s = 0;
  if (zero) {
    if (L.k0 !== "periodic" && L.k1 !== "periodic" && H.preSmooth > 0) {
      smoothSweepFromZero(L, u, f, c);
      s = 1;
    } else u.fill(0);
  }
  for (; s < H.preSmooth; s++) smoothSweep(L, u, f, c);
  restrictResidual(H.transfers[l]!, u, f, H.f[l + 1]!);
  cycle(H, l + 1, type, H.u[l + 1]!, H.f[l + 1]!, true);
  if (type === "F") cycle(H, l + 1, "V");
  prolongAdd(H.transfers[l]!, H.u[l + 1]!, u);
  // Reverse colour order: the post-smoother is the adjoint of the pre-smoother (symmetric cycle).
  for (let k = 0; k < H.postSmooth; k++) smoothSweep(L, u, f, c ^ 1);
}

/**
 * Colour of the fine points that are also coarse points (padded indices): smoothing them
 * first leaves the residual zero at the fine-only points of that colour before restriction
 * (in 1-D this makes the two-grid cycle exact).
 */
function firstColour(L: Level): number {
  const at = (k: string): number => (k === "dirichlet" ? 2 : 1);
  return (at(L.k0) + at(L.k1)) & 1;
}

/**
 * Coarsest level: CG from zero to round-off (a fixed linear map to working precision, so the
 * V-cycle stays a valid PCG preconditioner). On a singular level f is projected to zero mean
 * and the zero-mean solution is returned.
 */
function coarsestSolve(L: Level, u: Float64Array, f: Float64Array, scratch: Float64Array): void {
  u.fill(0);
  const n = L.n0 * L.n1;
  if (L.singular) removeMean(L, f);
  const r = Float64Array.from(f);
  let rr = dotInterior(L, r, r);
  const stop = rr * 1e-30;
  if (rr === 0) return;
  const p = Float64Array.from(r);
  const q = scratch;
  for (let k = 0; k < 4 * n + 20 && rr > stop; k++) {
    const pq = applyOperator(L, p, q);
    if (!(pq > 0)) break;
    const alpha = rr / pq;
    let rrNew = 0;
    for (let i = 1; i <= L.n0; i++) {
      for (let j = 1, P = i * L.S + 1; j <= L.n1; j++, P++) {
        u[P] = u[P]! + alpha * p[P]!;
        const v = r[P]! - alpha * q[P]!;
        r[P] = v;
        rrNew += v * v;
      }
    }
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 1; i <= L.n0; i++) for (let j = 1, P = i * L.S + 1; j <= L.n1; j++, P++) p[P] = r[P]! + beta * p[P]!;
  }
  if (L.singular) removeMean(L, u);
}

export interface LoopResult {
  status: SolveStatus;
  iterations: number;
  residual: number;
  history: number[];
}

/** Stationary multigrid: cycles on (H.u[0], H.f[0]) until ‖f − Au‖ ≤ rtol ‖f‖. */
export function multigridLoop(H: Hierarchy, rtol: number, maxCycles: number, type: CycleType): LoopResult {
  const L = H.levels[0]!;
  const u = H.u[0]!;
  const f = H.f[0]!;
  const fn = Math.sqrt(dotInterior(L, f, f));
  if (fn === 0) {
    u.fill(0);
    return { status: "converged", iterations: 0, residual: 0, history: [0] };
  }
  let rel = Math.sqrt(residual(L, u, f, H.r[0]!)) / fn;
  const history = [rel];
  let k = 0;
  while (rel > rtol && k < maxCycles) {
    cycle(H, 0, type);
    if (L.singular) removeMean(L, u);
    k++;
    rel = Math.sqrt(residual(L, u, f, H.r[0]!)) / fn;
    history.push(rel);
  }
  return { status: rel <= rtol ? "converged" : "max_iterations", iterations: k, residual: rel, history };
}

/**
 * Conjugate gradients on A u = f preconditioned by one V-cycle, starting from the u given.
 * Convergence is confirmed on the true residual f − Au, not only the recurrence.
 */
export function pcgLoop(H: Hierarchy, f: Float64Array, u: Float64Array, rtol: number, maxIterations: number): LoopResult {
  const L = H.levels[0]!;
  const size = f.length;
  const fn = Math.sqrt(dotInterior(L, f, f));
  if (fn === 0) {
    u.fill(0);
    return { status: "converged", iterations: 0, residual: 0, history: [0] };
  }
  const r = new Float64Array(size);
  const z = new Float64Array(size);
  const p = new Float64Array(size);
  const q = new Float64Array(size);
  const precondition = (): number => {
    cycle(H, 0, "V", z, r, true);
    if (L.singular) removeMean(L, z);
    return dotInterior(L, r, z);
  };
  let rel = Math.sqrt(residual(L, u, f, r)) / fn;
  const history = [rel];
  let rz = rel <= rtol ? 0 : precondition();
  p.set(z);
  let k = 0;
  while (rel > rtol && k < maxIterations) {
    const pq = applyOperator(L, p, q);
    if (!(pq > 0) || !(rz > 0)) break; // breakdown: reported as max_iterations below
    const alpha = rz / pq;
    let rr = 0;
    for (let i = 1; i <= L.n0; i++) {
      for (let j = 1, P = i * L.S + 1; j <= L.n1; j++, P++) {
        u[P] = u[P]! + alpha * p[P]!;
        const v = r[P]! - alpha * q[P]!;
        r[P] = v;
        rr += v * v;
      }
    }
    k++;
    rel = Math.sqrt(rr) / fn;
    let restart = false;
    if (rel <= rtol) {
      rel = Math.sqrt(residual(L, u, f, r)) / fn;
      restart = true;
    }
    history.push(rel);
    if (rel <= rtol) break;
    const rzNew = precondition();
    const beta = restart ? 0 : rzNew / rz;
    rz = rzNew;
    for (let i = 1; i <= L.n0; i++) for (let j = 1, P = i * L.S + 1; j <= L.n1; j++, P++) p[P] = z[P]! + beta * p[P]!;
  }
  if (L.singular) removeMean(L, u);
  rel = Math.sqrt(residual(L, u, f, r)) / fn;
  return { status: rel <= rtol ? "converged" : "max_iterations", iterations: k, residual: rel, history };
}
