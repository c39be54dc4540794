/**
 * One ETDRK4 step (Cox–Matthews, as written by Kassam–Trefethen) for a 1-D periodic semilinear
 * problem in Fourier space, v̂' = λ v̂ + N̂(v, t), with a real diagonal λ (one value per rfft
 * mode) and a pseudo-spectral nonlinear term
 *
 *   N̂(v, t) = mask · c(k) · F[ g(F⁻¹[mask · v̂], t) ],   c(k) = 1, or c(k) = s·ik (conservative form)
 *
 * where g acts pointwise on the physical samples. `mask` is the 2/3 rule (modes |m| ≤ K kept,
 * 3K < n), so a quadratic g is computed without aliasing; modes above K evolve under λ alone,
 * exactly. See docs/solvers-nonlinear.md.
 */
import { irfftStrided, rfftStrided } from "../fft/index.js";
import type { Etdrk4Coefficients } from "./etdrk4-coefficients.js";

/** The problem: λ per mode, the pointwise g, and how N̂ is formed from ĝ. */
export interface SemilinearProblem {
  /** Points on the periodic grid. */
  readonly n: number;
  /** Domain length (for the wavenumbers k = 2πm/L). */
  readonly length: number;
  /** λ for the ⌊n/2⌋+1 rfft modes m = 0..⌊n/2⌋. */
  readonly lambda: Float64Array;
  /** g(u, t) into `out`, both length n (physical samples at x_j = jL/n). */
  g(u: Float64Array, t: number, out: Float64Array): void;
  /** N̂ = s·ik·ĝ when set (e.g. −½ for Burgers' −(u²/2)_x); N̂ = ĝ when null. */
  readonly derivativeScale: number | null;
}

/** Highest kept mode of the 2/3 rule: the largest K with 3K < n. */
export function dealiasCutoff(n: number): number {
  return Math.floor((n - 1) / 3);
}

/** Scratch arrays of one integration (reused by every step). */
export class Etdrk4Workspace {
  readonly ns: number;
  readonly vr: Float64Array;
  readonly vi: Float64Array;
  readonly ar: Float64Array;
  readonly ai: Float64Array;
  readonly br: Float64Array;
  readonly bi: Float64Array;
  readonly cr: Float64Array;
  readonly ci: Float64Array;
  readonly nvr: Float64Array;
  readonly nvi: Float64Array;
  readonly nar: Float64Array;
  readonly nai: Float64Array;
  readonly nbr: Float64Array;
  readonly nbi: Float64Array;
  readonly ncr: Float64Array;
  readonly nci: Float64Array;
  readonly u: Float64Array;
  readonly gu: Float64Array;
  /** Modes m ≤ cutoff enter the nonlinear term. */
  readonly cutoff: number;
  /** Wavenumber k_m = 2πm/L times the derivative scale (0 when N̂ = ĝ). */
  readonly ik: Float64Array;

  constructor(readonly problem: SemilinearProblem) {
    const n = problem.n;
    const ns = Math.floor(n / 2) + 1;
    this.ns = ns;
    const mk = (): Float64Array => new Float64Array(ns);
    [this.vr, this.vi, this.ar, this.ai, this.br, this.bi, this.cr, this.ci] = [mk(), mk(), mk(), mk(), mk(), mk(), mk(), mk()];
    [this.nvr, this.nvi, this.nar, this.nai, this.nbr, this.nbi, this.ncr, this.nci] = [mk(), mk(), mk(), mk(), mk(), mk(), mk(), mk()];
    this.u = new Float64Array(n);
    this.gu = new Float64Array(n);
    this.cutoff = dealiasCutoff(n);
    this.ik = mk();
    if (problem.derivativeScale !== null)
      for (let m = 0; m < ns; m++) this.ik[m] = (problem.derivativeScale * 2 * Math.PI * m) / problem.length;
  }

  /** v̂ ← F[x] for x[xo + j·xs]. */
  load(x: Float64Array, xs: number, xo: number): void {
    rfftStrided(this.problem.n, x, xs, xo, this.vr, this.vi, 1, 0);
  }

  /** out[oo + j·os] ← F⁻¹[v̂]. */
  store(out: Float64Array, os: number, oo: number): void {
    irfftStrided(this.problem.n, this.vr, this.vi, 1, 0, out, os, oo);
  }

  /** (outR, outI) ← N̂(re, im, t). Modes above the cutoff are zero. */
  nonlinear(re: Float64Array, im: Float64Array, t: number, outR: Float64Array, outI: Float64Array): void {
    const { ns, cutoff, u, gu, problem } = this;
    const n = problem.n;
    // outR/outI double as the masked copy of v̂ before the inverse transform.
    for (let m = 0; m < ns; m++) {
      const keep = m <= cutoff;
      outR[m] = keep ? re[m]! : 0;
      outI[m] = keep ? im[m]! : 0;
    }
    irfftStrided(n, outR, outI, 1, 0, u, 1, 0);
    problem.g(u, t, gu);
    rfftStrided(n, gu, 1, 0, outR, outI, 1, 0);
    if (problem.derivativeScale === null) {
      for (let m = cutoff + 1; m < ns; m++) outR[m] = outI[m] = 0;
      return;
    }
    const ik = this.ik;
    for (let m = 0; m < ns; m++) {
      // s·ik·(x + iy) = s·k·(−y + ix)
      const x = outR[m]!;
      const y = outI[m]!;
      const keep = m <= cutoff;
      outR[m] = keep ? -ik[m]! * y : 0;
      outI[m] = keep ? ik[m]! * x : 0;
    }
  }

  /**
   * One ETDRK4 step of size c.h from time t: v̂ (vr, vi) is replaced by the new state.
   * Four evaluations of N̂.
   */
  step(c: Etdrk4Coefficients, t: number): void {
    const { ns, vr, vi, ar, ai, br, bi, cr, ci, nvr, nvi, nar, nai, nbr, nbi, ncr, nci } = this;
    const { e, e2, q, f1, f2, f3, h } = c;
    this.nonlinear(vr, vi, t, nvr, nvi);
    for (let m = 0; m < ns; m++) {
      ar[m] = e2[m]! * vr[m]! + q[m]! * nvr[m]!;
      ai[m] = e2[m]! * vi[m]! + q[m]! * nvi[m]!;
    }
    this.nonlinear(ar, ai, t + h / 2, nar, nai);
    for (let m = 0; m < ns; m++) {
      br[m] = e2[m]! * vr[m]! + q[m]! * nar[m]!;
      bi[m] = e2[m]! * vi[m]! + q[m]! * nai[m]!;
    }
    this.nonlinear(br, bi, t + h / 2, nbr, nbi);
    for (let m = 0; m < ns; m++) {
      cr[m] = e2[m]! * ar[m]! + q[m]! * (2 * nbr[m]! - nvr[m]!);
      ci[m] = e2[m]! * ai[m]! + q[m]! * (2 * nbi[m]! - nvi[m]!);
    }
    this.nonlinear(cr, ci, t + h, ncr, nci);
    for (let m = 0; m < ns; m++) {
      vr[m] = e[m]! * vr[m]! + f1[m]! * nvr[m]! + 2 * f2[m]! * (nar[m]! + nbr[m]!) + f3[m]! * ncr[m]!;
      vi[m] = e[m]! * vi[m]! + f1[m]! * nvi[m]! + 2 * f2[m]! * (nai[m]! + nbi[m]!) + f3[m]! * nci[m]!;
    }
  }
}
