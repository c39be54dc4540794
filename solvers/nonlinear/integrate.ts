/**
 * Time integration of a periodic 1-D semilinear problem (semilinear.ts) with ETDRK4, on
 * strided views (BLAS style), with fixed steps or dyadic step-doubling control
 * (docs/solvers-nonlinear.md §Steps). Unchecked: the public wrappers validate.
 *
 * Adaptive control: steps are h = T/2^j. From the current state one step of h and two of h/2
 * are taken; their difference / (2⁴ − 1) estimates the local error of the two half steps (the
 * order-4 Richardson estimate). Each mode's difference is first divided by 1 − hλ (λ ≤ 0), the
 * usual filter of stiff error estimates (Hairer–Wanner IV.8): an error in a strongly damped
 * mode is damped by the next steps too. The estimate is the RMS over the grid (Parseval). The
 * half-step result is kept when the estimate is ≤ tol·(h/T)·max(1, RMS u) — error per unit
 * step, so the accepted local errors add up to at most tol — otherwise j grows by one and the
 * step is retried. After an accepted step whose estimate is below 1/32 of its bound (a doubled
 * step would pass with a factor 2 to spare if the local error scales as h⁵ and the bound as h)
 * j shrinks by one where the time is a multiple of the doubled step. Estimates below 1e-14
 * (relative) always pass: that is round-off, which no step size gets below. Every step is a
 * power-of-two fraction of T, so the run lands on T exactly and the φ coefficients of each
 * level are computed once.
 */
import { etdrk4Coefficients, type Etdrk4Coefficients } from "./etdrk4-coefficients.js";
import { Etdrk4Workspace, type SemilinearProblem } from "./semilinear.js";

export type TimeStepStatus = "completed" | "max_steps" | "non_finite";

export interface Etdrk4Options {
  /** Fixed steps of T/steps; 0 means adaptive. */
  steps: number;
  /** Adaptive: error per unit step (RMS, relative to max(1, RMS(u))): about the global error. */
  tol: number;
  /** Adaptive: give up (status max_steps) after this many attempted steps. */
  maxSteps: number;
  /** Adaptive: the first step is T/2^initialLevel. */
  initialLevel: number;
}

export interface Etdrk4Stats {
  status: TimeStepStatus;
  /** Accepted steps (adaptive: each made of two half steps). */
  steps: number;
  rejected: number;
  /** Evaluations of the nonlinear term (4 per ETDRK4 step). */
  evaluations: number;
  /** Sum of the accepted local error estimates (relative; ≈ the global error), NaN for fixed steps. */
  errorEstimate: number;
  /** Smallest and largest step taken (adaptive: the half-step size). */
  minDt: number;
  maxDt: number;
}

/** Local error estimates below this (relative) are always accepted: ~100 ulp of an O(1) state. */
const ROUNDOFF_FLOOR = 1e-14;

/** RMS over the grid of the field with rfft coefficients (re, im), by Parseval. */
function rms(n: number, re: Float64Array, im: Float64Array): number {
  const ns = re.length;
  let s = 0;
  for (let m = 0; m < ns; m++) {
    const w = m === 0 || (n % 2 === 0 && m === ns - 1) ? 1 : 2;
    s += w * (re[m]! * re[m]! + im[m]! * im[m]!);
  }
  return Math.sqrt(s) / n;
}

function rmsDiff(n: number, ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, filter: Float64Array): number {
  const ns = ar.length;
  let s = 0;
  for (let m = 0; m < ns; m++) {
    const w = m === 0 || (n % 2 === 0 && m === ns - 1) ? 1 : 2;
    const dr = (ar[m]! - br[m]!) * filter[m]!;
    const di = (ai[m]! - bi[m]!) * filter[m]!;
    s += w * (dr * dr + di * di);
  }
  return Math.sqrt(s) / n;
}

/**
 * Integrate from x[xo + j·xs] at t0 over a time span T > 0 into out[oo + j·os] (may alias x).
 * On a status other than "completed", `out` holds the last finite state reached.
 */
export function etdrk4Integrate(
  problem: SemilinearProblem,
  x: Float64Array,
  xs: number,
  xo: number,
  out: Float64Array,
  os: number,
  oo: number,
  t0: number,
  T: number,
  opts: Etdrk4Options,
): Etdrk4Stats {
  const w = new Etdrk4Workspace(problem);
  w.load(x, xs, xo);
  const stats: Etdrk4Stats =
    opts.steps > 0 ? fixedSteps(w, t0, T, opts.steps) : adaptiveSteps(w, t0, T, opts);
  w.store(out, os, oo);
  return stats;
}

function fixedSteps(w: Etdrk4Workspace, t0: number, T: number, steps: number): Etdrk4Stats {
  const h = T / steps;
  const c = etdrk4Coefficients(w.problem.lambda, h);
  const saveR = new Float64Array(w.ns);
  const saveI = new Float64Array(w.ns);
  let status: TimeStepStatus = "completed";
  let done = 0;
  for (let s = 0; s < steps; s++) {
    saveR.set(w.vr);
    saveI.set(w.vi);
    w.step(c, t0 + s * h);
    if (!Number.isFinite(rms(w.problem.n, w.vr, w.vi))) {
      w.vr.set(saveR);
      w.vi.set(saveI);
      status = "non_finite";
      break;
    }
    done++;
  }
  return { status, steps: done, rejected: 0, evaluations: 4 * (done + (status === "completed" ? 0 : 1)), errorEstimate: NaN, minDt: h, maxDt: h };
}

function adaptiveSteps(w: Etdrk4Workspace, t0: number, T: number, opts: Etdrk4Options): Etdrk4Stats {
  const n = w.problem.n;
  const cache = new Map<number, Etdrk4Coefficients>();
  const coeffs = (level: number): Etdrk4Coefficients => {
    let c = cache.get(level);
    if (!c) {
      c = etdrk4Coefficients(w.problem.lambda, T / 2 ** level);
      cache.set(level, c);
    }
    return c;
  };
  const ns = w.ns;
  const filters = new Map<number, Float64Array>();
  const filterFor = (level: number): Float64Array => {
    let f = filters.get(level);
    if (!f) {
      const h = T / 2 ** level;
      f = new Float64Array(ns);
      for (let m = 0; m < ns; m++) f[m] = 1 / Math.max(1, 1 - h * w.problem.lambda[m]!);
      filters.set(level, f);
    }
    return f;
  };
  const saveR = new Float64Array(ns);
  const saveI = new Float64Array(ns);
  const fullR = new Float64Array(ns);
  const fullI = new Float64Array(ns);
  // Level j, and i = steps of size T/2^j done: t = t0 + i·T/2^j exactly.
  let j = opts.initialLevel;
  let i = 0;
  let steps = 0;
  let rejected = 0;
  let attempts = 0;
  let errorSum = 0;
  let minDt = Infinity;
  let maxDt = 0;
  const maxLevel = 60;
  while (i < 2 ** j) {
    if (attempts >= opts.maxSteps) return finish("max_steps");
    attempts++;
    const h = T / 2 ** j;
    const t = t0 + i * h;
    saveR.set(w.vr);
    saveI.set(w.vi);
    w.step(coeffs(j), t);
    fullR.set(w.vr);
    fullI.set(w.vi);
    w.vr.set(saveR);
    w.vi.set(saveI);
    const half = coeffs(j + 1);
    w.step(half, t);
    w.step(half, t + h / 2);
    const est = rmsDiff(n, w.vr, w.vi, fullR, fullI, filterFor(j)) / 15;
    const scale = Math.max(1, rms(n, w.vr, w.vi));
    // Never ask for less than round-off can resolve, or the level would grow without end.
    const bound = Math.max(opts.tol * 2 ** -j, ROUNDOFF_FLOOR) * scale;
    if (!(est <= bound)) {
      // Rejected (or non-finite): retry from the saved state with half the step.
      w.vr.set(saveR);
      w.vi.set(saveI);
      rejected++;
      if (j + 1 >= maxLevel) return finish(Number.isFinite(est) ? "max_steps" : "non_finite");
      j++;
      i *= 2;
      continue;
    }
    steps++;
    errorSum += est / scale;
    minDt = Math.min(minDt, h / 2);
    maxDt = Math.max(maxDt, h / 2);
    i++;
    if (est <= bound / 32 && j > 0 && i % 2 === 0) {
      j--;
      i /= 2;
    }
  }
  return finish("completed");

  function finish(status: TimeStepStatus): Etdrk4Stats {
    return { status, steps, rejected, evaluations: 12 * attempts, errorEstimate: errorSum, minDt: steps ? minDt : NaN, maxDt: steps ? maxDt : NaN };
  }
}
