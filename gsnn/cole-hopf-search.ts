/**
 * searchColeHopf: the gain γ, scale τ, shift s and translation d of one Cole–Hopf channel that
 * minimise the training loss, by a deterministic, bounded search outside gradient descent
 * (docs/gsnn.md §Cole–Hopf filter). The loss is flat in γ far from the exact map and has a narrow
 * well at Burgers' γ = −1/(2ν) (docs/gsnn-claims.md §burgers1d target), which gradient descent from
 * spread gains did not find; a scan over γ does. Stages, each on evenly spaced training samples:
 *
 *   A. linear limit (γ = 0: translation by δ = s·m + d and the heat filter): a grid over log τ, s
 *      and d, then two coordinate passes of golden-section search;
 *   B. for each γ of a log-spaced grid of both signs: one coordinate pass over (log τ, s, d) from
 *      A's optimum, giving the loss's profile in γ;
 *   C. from the best γ of B: coordinate passes over (log |γ|, log τ, s, d), brackets shrinking
 *      0.6× each pass, each pass followed by a line search along its displacement, on the
 *      refinement samples (default all).
 *
 * The output's affine map is fitted in closed form at every evaluation (cole-hopf-objective.ts).
 */
import { InvalidArgumentError, requireInteger } from "../core/index.js";
import { ColeHopfObjective, type ColeHopfParams } from "./cole-hopf-objective.js";

export interface ColeHopfSearchOptions {
  /** |γ| grid of stage B, log-spaced over [gainMin, gainMax] for each sign. Default 0.1, 50, 16. */
  gainMin?: number;
  gainMax?: number;
  gainSteps?: number;
  /** τ grid of stage A, log-spaced. Default [L/(πn), L/2] (grid spacing to half the domain), 10. */
  tauMin?: number;
  tauMax?: number;
  tauSteps?: number;
  /** Shift grid of stage A over ±2L/m_rms (m_rms: RMS of the sample means). Default 33. */
  shiftSteps?: number;
  /** Translation grid of stage A over [−L/2, L/2). Default 24. */
  translationSteps?: number;
  /** Samples of stage A, of stage B, and of stage C (evenly spaced). Default 24, 64, all. */
  coarseSamples?: number;
  profileSamples?: number;
  refineSamples?: number;
  /** Coordinate passes of stage C (each followed by a line search along its displacement; stops early when a pass improves nothing). Default 16. */
  passes?: number;
}

export interface ColeHopfSearchResult extends ColeHopfParams {
  /** Training loss (mean relative L2 over the refinement samples) at the found parameters. */
  loss: number;
  /** The same for the best linear limit (γ = 0) of stage A. */
  linearLoss: number;
  /** Output map y ≈ scale_o·p + intercept_o per output channel. */
  scale: Float64Array;
  intercept: Float64Array;
  /** Stage B's profile: the best loss (mean squared relative L2 on its samples) per grid γ. */
  profile: { gain: number; meanSquared: number }[];
  /** Loss evaluations in all (each one pass over its stage's samples). */
  evaluations: number;
}

export interface ColeHopfSearchData {
  /** `[samples, n]`: the input channel the path reads. */
  x: Float64Array;
  /** `[samples, n, outChannels]`. */
  y: Float64Array;
  samples: number;
  n: number;
  outChannels: number;
  /** Length of the periodic axis. */
  length: number;
}

const positive = (name: string, v: number) => {
  if (!(v > 0) || !Number.isFinite(v)) throw new InvalidArgumentError(name, v, "must be a finite number > 0");
  return v;
};

/** Golden-section minimisation of f over [a, b] in `iters` steps: the best point seen. */
function golden(f: (t: number) => number, a: number, b: number, iters: number): { t: number; v: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iters; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { t: c, v: fc } : { t: d, v: fd };
}

/** The subset of samples `count` evenly spaced indices select. */
function subset(data: ColeHopfSearchData, count: number): ColeHopfObjective {
  const N = Math.min(count, data.samples);
  const { n, outChannels: C } = data;
  const x = new Float64Array(N * n);
  const y = new Float64Array(N * n * C);
  for (let j = 0; j < N; j++) {
    const i = Math.floor((j * data.samples) / N);
    x.set(data.x.subarray(i * n, (i + 1) * n), j * n);
    y.set(data.y.subarray(i * n * C, (i + 1) * n * C), j * n * C);
  }
  return new ColeHopfObjective(x, y, N, n, C, data.length);
}

type Coord = "logGain" | "logTau" | "shift" | "translation";
const COORDS: readonly Coord[] = ["logGain", "logTau", "shift", "translation"];
interface Point {
  sign: number;
  logGain: number;
  logTau: number;
  shift: number;
  translation: number;
}
const params = (p: Point): ColeHopfParams => ({ gain: p.sign === 0 ? 0 : p.sign * Math.exp(p.logGain), tau: Math.exp(p.logTau), shift: p.shift, translation: p.translation });

/** One coordinate pass: golden section on each coordinate's bracket, kept only where it helps. */
function coordinatePass(obj: ColeHopfObjective, p: Point, v: number, brackets: Partial<Record<Coord, number>>, iters: number): { p: Point; v: number } {
  for (const [key, h] of Object.entries(brackets) as [Coord, number][]) {
    if (!(h > 0)) continue;
    const t0 = p[key];
    const r = golden((t) => obj.loss(params({ ...p, [key]: t })).meanSquared, t0 - h, t0 + h, iters);
    if (r.v < v) {
      p = { ...p, [key]: r.t };
      v = r.v;
    }
  }
  return { p, v };
}

export function searchColeHopf(data: ColeHopfSearchData, options: ColeHopfSearchOptions = {}): ColeHopfSearchResult {
  const { n, length: L } = data;
  requireInteger("samples", data.samples, 1);
  requireInteger("n", n, 2);
  requireInteger("outChannels", data.outChannels, 1);
  positive("length", L);
  if (data.x.length !== data.samples * n) throw new InvalidArgumentError("x.length", data.x.length, `must be samples·n = ${data.samples * n}`);
  if (data.y.length !== data.samples * n * data.outChannels)
    throw new InvalidArgumentError("y.length", data.y.length, `must be samples·n·outChannels = ${data.samples * n * data.outChannels}`);
  const per = n * data.outChannels;
  for (let i = 0; i < data.samples; i++) {
    let s = 0;
    for (let j = i * per; j < (i + 1) * per; j++) s += data.y[j]! ** 2;
    if (!(s > 0) || !Number.isFinite(s)) throw new InvalidArgumentError(`y sample ${i}`, s, "must have a finite nonzero norm (the loss is relative)");
  }
  const gainMin = positive("gainMin", options.gainMin ?? 0.1);
  const gainMax = positive("gainMax", options.gainMax ?? 50);
  if (gainMax < gainMin) throw new InvalidArgumentError("gainMax", gainMax, `must be >= gainMin (${gainMin})`);
  const tauMin = positive("tauMin", options.tauMin ?? L / (Math.PI * n));
  const tauMax = positive("tauMax", options.tauMax ?? L / 2);
  if (tauMax < tauMin) throw new InvalidArgumentError("tauMax", tauMax, `must be >= tauMin (${tauMin})`);
  const gainSteps = requireInteger("gainSteps", options.gainSteps ?? 16, 1);
  const tauSteps = requireInteger("tauSteps", options.tauSteps ?? 10, 1);
  const shiftSteps = requireInteger("shiftSteps", options.shiftSteps ?? 33, 1);
  const translationSteps = requireInteger("translationSteps", options.translationSteps ?? 24, 1);
  const coarse = subset(data, requireInteger("coarseSamples", options.coarseSamples ?? 24, 1));
  const profile = subset(data, requireInteger("profileSamples", options.profileSamples ?? 64, 1));
  const refine = subset(data, requireInteger("refineSamples", options.refineSamples ?? data.samples, 1));
  const passes = requireInteger("passes", options.passes ?? 16, 1);
  const spaced = (a: number, b: number, k: number) => Array.from({ length: k }, (_, i) => (k === 1 ? (a + b) / 2 : a + ((b - a) * i) / (k - 1)));

  // Stage A: the linear limit on a grid. Shifts move a sample by s·m, so their range scales with the means.
  const mRms = Math.sqrt(coarse.means.reduce((s, m) => s + m * m, 0) / coarse.samples);
  const sMax = mRms > 0 ? (2 * L) / mRms : 0;
  const logTaus = spaced(Math.log(tauMin), Math.log(tauMax), tauSteps);
  const shifts = sMax > 0 ? spaced(-sMax, sMax, shiftSteps) : [0];
  const translations = Array.from({ length: translationSteps }, (_, i) => -L / 2 + (L * i) / translationSteps);
  let best: Point = { sign: 0, logGain: 0, logTau: logTaus[0]!, shift: 0, translation: 0 };
  let bestV = Infinity;
  for (const logTau of logTaus)
    for (const shift of shifts)
      for (const translation of translations) {
        const p = { sign: 0, logGain: 0, logTau, shift, translation };
        const v = coarse.loss(params(p)).meanSquared;
        if (v < bestV) [best, bestV] = [p, v];
      }
  const dTau = tauSteps > 1 ? (Math.log(tauMax) - Math.log(tauMin)) / (tauSteps - 1) : 0.5;
  const dShift = shifts.length > 1 ? shifts[1]! - shifts[0]! : 0;
  const dTrans = L / translationSteps;
  let lin = { p: best, v: profile.loss(params(best)).meanSquared };
  for (let pass = 0; pass < 2; pass++)
    lin = coordinatePass(profile, lin.p, lin.v, { logTau: dTau / 2 ** pass, shift: dShift / 2 ** pass, translation: dTrans / 2 ** pass }, 14);

  // Stage B: the profile over γ, each grid gain with (τ, s, d) re-optimised from A's point.
  const mags = spaced(Math.log(gainMin), Math.log(gainMax), gainSteps);
  const dGain = gainSteps > 1 ? mags[1]! - mags[0]! : 0.5;
  const rows: { p: Point; v: number }[] = [];
  for (const sign of [-1, 1])
    for (const logGain of mags) {
      const p0 = { ...lin.p, sign, logGain };
      rows.push(coordinatePass(profile, p0, profile.loss(params(p0)).meanSquared, { logTau: dTau / 4, shift: dShift / 2, translation: dTrans / 2 }, 12));
    }
  let start = rows[0]!;
  for (const r of rows) if (r.v < start.v) start = r;

  // Stage C: refine every coordinate on the refinement samples, brackets halving each pass.
  // After each pass a line search along the pass's displacement (the valley of γ against τ is
  // curved and narrow: coordinate steps alone creep along it).
  let cur = { p: start.p, v: refine.loss(params(start.p)).meanSquared };
  for (let pass = 0; pass < passes; pass++) {
    const h = 0.6 ** pass;
    const before = cur.p;
    cur = coordinatePass(refine, cur.p, cur.v, { logGain: dGain * h, logTau: (dTau / 4) * h, shift: (dShift / 2) * h, translation: (dTrans / 2) * h }, 14);
    const along = (t: number): Point => {
      const q = { ...cur.p };
      for (const key of COORDS) q[key] = cur.p[key] + t * (cur.p[key] - before[key]);
      return q;
    };
    const r = golden((t) => refine.loss(params(along(t))).meanSquared, -0.5, 3, 14);
    if (r.v < cur.v) cur = { p: along(r.t), v: r.v };
    if (cur.p === before) break;
  }
  const found = params(cur.p);
  // d is periodic: report it in [−L/2, L/2).
  found.translation -= L * Math.floor(found.translation / L + 0.5);
  const fit = refine.loss(found);
  const linFit = refine.loss(params(lin.p));
  return {
    ...found,
    loss: refine.meanRelativeL2(found, fit.scale, fit.intercept),
    linearLoss: refine.meanRelativeL2(params(lin.p), linFit.scale, linFit.intercept),
    scale: fit.scale,
    intercept: fit.intercept,
    profile: rows.map((r) => ({ gain: params(r.p).gain, meanSquared: r.v })),
    evaluations: coarse.evaluations + profile.evaluations + refine.evaluations,
  };
}
