/**
 * Heat equation u_t = κ Δu on 1-D and 2-D grids with the second-order Laplacian (laplacian.ts):
 * explicit FTCS, implicit Euler and Crank–Nicolson (θ = 1, ½). Implicit steps solve
 * (I − θ dt κ Δ_h) u⁺ = (I + (1−θ) dt κ Δ_h) u: by the Thomas algorithm in 1-D, and in 2-D by CG
 * preconditioned with a multigrid V-cycle on (σ − Δ_h), σ = 1/(θ dt κ).
 * Each output interval is split into equal steps no larger than `dt`, so every requested time
 * is hit exactly.
 */
import {
  InvalidArgumentError,
  UnsupportedError,
  gridSpacing,
  makeField,
  requireFiniteNumber,
  requirePositive,
  type Field,
  type Grid,
} from "../../core/index.js";
import { layoutOf, laplaceLevel } from "./assemble.js";
import { padded, scaledPadded, requireCount, requireGrid12, requireInputField, requireRtol, unpadded } from "./checks.js";
import { laplacianContiguous } from "./laplacian.js";
import { buildHierarchy, pcgLoop, type Hierarchy } from "./multigrid.js";
import { cyclicThomasSolve, thomasSolve } from "./tridiagonal.js";
import type { SolveStatus } from "./types.js";

export type HeatFdMethod = "ftcs" | "implicit-euler" | "crank-nicolson";

export interface HeatFdOptions {
  kappa: number;
  /** Output times, non-decreasing, ≥ 0 (0 returns u0). */
  times: readonly number[];
  method: HeatFdMethod;
  /** Largest time step. */
  dt: number;
  /** FTCS only: when dt exceeds the stability limit, take smaller steps instead of throwing. */
  substep?: boolean;
  /** 2-D implicit steps: relative residual of each linear solve (default 1e-10; see the round-off floor in docs/solvers-fd.md). */
  rtol?: number;
  /** 2-D implicit steps: PCG iterations allowed per step (default 100). */
  maxIterations?: number;
}

export interface HeatFdResult {
  readonly times: readonly number[];
  /** Solution at each requested time. */
  readonly u: readonly Field[];
  /** Time steps taken in total. */
  readonly steps: number;
  /** "max_iterations" if any 2-D implicit solve missed its tolerance (direct methods: "converged"). */
  readonly status: SolveStatus;
  /** Total PCG iterations (0 for FTCS and the 1-D Thomas solves). */
  readonly iterations: number;
  /** Largest final relative residual over the 2-D implicit solves (0 otherwise). */
  readonly residual: number;
}

/** FTCS stability limit dt ≤ 1 / (2κ Σ_axes 1/h²) (the largest eigenvalue of −Δ_h is ≤ Σ 4/h²). */
export function ftcsStableDt(grid: Grid, kappa: number): number {
  let s = 0;
  for (let a = 0; a < grid.shape.length; a++) s += 1 / gridSpacing(grid, a) ** 2;
  return 1 / (2 * kappa * s);
}

export function heatFd(grid: Grid, u0: Field, opts: HeatFdOptions): HeatFdResult {
  requireGrid12("heatFd", grid);
  const data = requireInputField("u0", u0, grid.shape);
  if (typeof opts !== "object" || opts === null) throw new InvalidArgumentError("opts", opts, "must be an options object");
  const kappa = requirePositive("kappa", opts.kappa);
  const dt = requirePositive("dt", opts.dt);
  const method = opts.method;
  if (method !== "ftcs" && method !== "implicit-euler" && method !== "crank-nicolson")
    throw new InvalidArgumentError("method", method, 'must be "ftcs", "implicit-euler" or "crank-nicolson"');
  if (!Array.isArray(opts.times) || opts.times.length === 0) throw new InvalidArgumentError("times", opts.times, "must be a non-empty array");
  opts.times.forEach((t, k) => {
    requireFiniteNumber(`times[${k}]`, t);
    if (t < 0 || (k > 0 && t < opts.times[k - 1]!)) throw new InvalidArgumentError(`times[${k}]`, t, "must be >= 0 and non-decreasing");
  });
  const rtol = requireRtol(opts.rtol ?? 1e-10);
  const maxIt = requireCount("maxIterations", opts.maxIterations ?? 100);
  let step = dt;
  if (method === "ftcs") {
    const limit = ftcsStableDt(grid, kappa);
    if (dt > limit) {
      if (opts.substep !== true)
        throw new InvalidArgumentError("dt", dt, `must be <= ${limit} (FTCS stability limit 1/(2κ Σ 1/h²)); pass substep: true to sub-step`);
      step = limit;
    }
  }
  const stepper = makeStepper(grid, method, kappa, rtol, maxIt);
  let u: Float64Array = Float64Array.from(data);
  let t = 0;
  let steps = 0;
  const out: Field[] = [];
  for (const target of opts.times) {
    const span = target - t;
    if (span > 0) {
      const n = Math.max(1, Math.ceil(span / step - 1e-9));
      const h = span / n;
      for (let k = 0; k < n; k++) u = stepper.step(u, h);
      steps += n;
      t = target;
    }
    out.push(makeField(grid.shape, Float64Array.from(u)));
  }
  return { times: [...opts.times], u: out, steps, ...stepper.stats() };
}

interface Stepper {
  step(u: Float64Array, dt: number): Float64Array;
  stats(): { status: SolveStatus; iterations: number; residual: number };
}

function makeStepper(grid: Grid, method: HeatFdMethod, kappa: number, rtol: number, maxIt: number): Stepper {
  const size = grid.shape.reduce((a, b) => a * b, 1);
  const lap = new Float64Array(size);
  const direct = { status: "converged" as SolveStatus, iterations: 0, residual: 0 };
  if (method === "ftcs") {
    return {
      step(u, dt) {
        laplacianContiguous(grid, u, lap);
        for (let i = 0; i < size; i++) u[i] = u[i]! + dt * kappa * lap[i]!;
        return u;
      },
      stats: () => direct,
    };
  }
  const theta = method === "implicit-euler" ? 1 : 0.5;
  return grid.shape.length === 1 ? thomasStepper(grid, theta, kappa, lap) : pcgStepper(grid, theta, kappa, lap, rtol, maxIt);
}

function thomasStepper(grid: Grid, theta: number, kappa: number, lap: Float64Array): Stepper {
  const n = grid.shape[0]!;
  const bc = grid.bc[0]!;
  if (bc === "periodic" && n < 3) throw new UnsupportedError(`heatFd: implicit periodic 1-D steps need n >= 3, got ${n}`);
  const h = gridSpacing(grid, 0);
  const sub = new Float64Array(n);
  const diag = new Float64Array(n);
  const sup = new Float64Array(n);
  const rhs = new Float64Array(n);
  const work = new Float64Array(3 * n);
  return {
    step(u, dt) {
      const c = (theta * dt * kappa) / (h * h);
      sub.fill(-c);
      sup.fill(-c);
      diag.fill(1 + 2 * c);
      if (bc === "neumann") {
        diag[0] = 1 + c;
        diag[n - 1] = 1 + c;
      }
      laplacianContiguous(grid, u, lap);
      for (let i = 0; i < n; i++) rhs[i] = u[i]! + (1 - theta) * dt * kappa * lap[i]!;
      if (bc === "periodic") cyclicThomasSolve(n, sub, diag, sup, -c, -c, rhs, 1, 0, u, 1, 0, work);
      else thomasSolve(n, sub, diag, sup, rhs, 1, 0, u, 1, 0, work);
      return u;
    },
    stats: () => ({ status: "converged", iterations: 0, residual: 0 }),
  };
}

function pcgStepper(grid: Grid, theta: number, kappa: number, lap: Float64Array, rtol: number, maxIt: number): Stepper {
  const lay = layoutOf(grid);
  const cache = new Map<number, { H: Hierarchy; sigma: number }>();
  let status: SolveStatus = "converged";
  let iterations = 0;
  let worst = 0;
  return {
    step(u, dt) {
      let entry = cache.get(dt);
      if (entry === undefined) {
        const sigma = 1 / (theta * dt * kappa);
        entry = { H: buildHierarchy(laplaceLevel(lay, sigma)), sigma };
        cache.set(dt, entry);
      }
      laplacianContiguous(grid, u, lap);
      const rhs = new Float64Array(u.length);
      const r = (1 - theta) / theta;
      for (let i = 0; i < u.length; i++) rhs[i] = entry.sigma * u[i]! + r * lap[i]!;
      const x = padded(lay, u);
      const res = pcgLoop(entry.H, scaledPadded(lay, rhs), x, rtol, maxIt);
      iterations += res.iterations;
      worst = Math.max(worst, res.residual);
      if (res.status !== "converged") status = "max_iterations";
      return unpadded(lay, x);
    },
    stats: () => ({ status, iterations, residual: worst }),
  };
}
