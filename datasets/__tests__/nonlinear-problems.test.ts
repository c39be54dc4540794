/**
 * burgers1d and reactiondiffusion1d as dataset problems: defaults (FNO / PDEBench recipes),
 * what a sample is (the solver on the fine grid, stored on every 4th point), the law of the
 * PDEBench initial condition, bounds, provenance and bad parameters.
 */
import { describe, expect, it } from "vitest";
import { isPdesError, makeField, makeGrid, Rng, sampleRng } from "../../core/index.js";
import { burgersSpectral, reactionDiffusionSpectral, rfft } from "../../solvers/index.js";
import { getProblem, makeGrf, type ResolvedProblem } from "../index.js";
import { pdebenchInitial } from "../problems/pdebench-initial.js";

function run(p: ResolvedProblem, seed: number, i: number): { x: Float64Array; y: Float64Array } {
  const n = p.grid.shape[0]!;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  p.sample(seed, i, x, y);
  return { x, y };
}

describe("burgers1d", () => {
  it("defaults are the FNO recipe: ν = 0.1, T = 1, GRF σ = 25, τ = 5, α = 2, solved on 1024 points, stored on 256", () => {
    const p = getProblem("burgers1d").resolve({});
    expect(p.params).toMatchObject({ nu: 0.1, time: 1, alpha: 2, tau: 5, sigma: 25, resolution: 256, fine: 4, dt: 0.01, bc: "periodic" });
    expect(p.grid.shape).toEqual([256]);
    expect(p.provenance.solve_grid).toMatchObject({ shape: [1024], subsample_factor: 4 });
    expect(p.provenance.time_stepping).toEqual({ kind: "fixed", steps: 100, dt: 0.01 });
    expect(p.provenance.input_distribution).toMatchObject({ alpha: 2, tau: 5, sigma: 25 });
    expect(String(p.provenance.discretisation)).toMatch(/2\/3 rule/);
  });

  it("a sample is burgersSpectral on the fine grid from the sample's GRF draw, every 4th point stored", () => {
    const p = getProblem("burgers1d").resolve({ resolution: 32, fine: 4, time: 0.5, dt: 0.005 });
    const fine = makeGrid({ shape: [128] });
    const u0 = makeField([128]);
    makeGrf(fine, { alpha: 2, tau: 5, sigma: 25 }).sample(sampleRng(7, 3), u0.data);
    const ref = burgersSpectral(fine, u0, { nu: 0.1, t: 0.5, steps: 100 }).u.data;
    const { x, y } = run(p, 7, 3);
    for (let j = 0; j < 32; j++) {
      expect(x[j]).toBe(u0.data[4 * j]);
      expect(y[j]).toBe(ref[4 * j]);
    }
    // The dynamics did something: u(T) is neither u0 nor the heat solution alone.
    expect(Math.max(...y.map((v, j) => Math.abs(v - x[j]!)))).toBeGreaterThan(0.05);
  });

  it("adaptive steps (dt 0) are stated in the provenance and agree with fixed steps to 1e-7", () => {
    const a = getProblem("burgers1d").resolve({ resolution: 64, fine: 2, dt: 0, stepTol: 1e-9 });
    const f = getProblem("burgers1d").resolve({ resolution: 64, fine: 2 });
    expect(a.provenance.time_stepping).toEqual({ kind: "adaptive", tol: 1e-9 });
    const ya = run(a, 1, 0).y;
    const yf = run(f, 1, 0).y;
    const scale = Math.max(...yf.map(Math.abs));
    expect(Math.max(...ya.map((v, j) => Math.abs(v - yf[j]!))) / scale).toBeLessThan(1e-7);
  });

  it("bad parameters are tagged errors; a run that blows up is NotConverged, not stored", () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ nu: 0 }, "nu"],
      [{ dt: -0.1 }, "dt"],
      [{ stepTol: 0 }, "stepTol"],
      [{ bc: "dirichlet" }, "bc"],
      [{ solver: "spectral" }, "solver"],
      [{ time: -1 }, "time"],
    ];
    for (const [params, arg] of bad) {
      let err: unknown;
      try {
        getProblem("burgers1d").resolve(params);
      } catch (e) {
        err = e;
      }
      expect(isPdesError(err, "InvalidArgument"), `${arg}: ${String(err)}`).toBe(true);
      expect((err as Error).message.startsWith(arg)).toBe(true);
    }
    const wild = getProblem("burgers1d").resolve({ resolution: 32, fine: 1, nu: 1e-4, sigma: 1e4, time: 20, dt: 1 });
    let err: unknown;
    try {
      run(wild, 0, 0);
    } catch (e) {
      err = e;
    }
    expect(isPdesError(err, "NotConverged"), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/burgers1d: ETDRK4 stopped with status non_finite/);
  });
});

describe("reactiondiffusion1d", () => {
  it("defaults are PDEBench's: ν = 0.5, ρ = 1, T = 1, 1024 points stored on 256, adaptive steps", () => {
    const p = getProblem("reactiondiffusion1d").resolve({});
    expect(p.params).toMatchObject({ nu: 0.5, rho: 1, time: 1, resolution: 256, fine: 4, init: "pdebench", dt: 0, stepTol: 1e-8 });
    expect(p.provenance.solve_grid).toMatchObject({ shape: [1024] });
    expect(p.provenance.time_stepping).toEqual({ kind: "adaptive", tol: 1e-8 });
    expect(p.provenance.input_distribution).toMatchObject({ waves: 4, picks: 2 });
  });

  it("samples: inputs span [0, 1], outputs stay in [0, 1] (maximum principle), output = the solver's", () => {
    const p = getProblem("reactiondiffusion1d").resolve({ resolution: 64, fine: 2, rho: 5, nu: 0.01 });
    for (let i = 0; i < 4; i++) {
      const { x, y } = run(p, 11, i);
      expect(Math.max(...x)).toBeLessThanOrEqual(1);
      expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
      expect(Math.min(...y)).toBeGreaterThan(-1e-3);
      expect(Math.max(...y)).toBeLessThan(1 + 1e-3);
      // Logistic growth towards 1 at rate ρ = 5 over T = 1: the mean must rise.
      expect(y.reduce((a, b) => a + b) / 64).toBeGreaterThan(x.reduce((a, b) => a + b) / 64);
    }
    const u0 = pdebenchInitial(sampleRng(11, 2), new Float64Array(128));
    const ref = reactionDiffusionSpectral(makeGrid({ shape: [128] }), makeField([128], u0), { nu: 0.01, rho: 5, t: 1, tol: 1e-8 }).u.data;
    const { y } = run(p, 11, 2);
    for (let j = 0; j < 64; j++) expect(y[j]).toBe(ref[2 * j]);
  });

  it("--init grf: a GRF rescaled to [0, 1] (min 0, max 1 exactly)", () => {
    const p = getProblem("reactiondiffusion1d").resolve({ resolution: 32, fine: 1, init: "grf", dt: 0.01 });
    const { x } = run(p, 3, 0);
    expect(Math.min(...x)).toBe(0);
    expect(Math.max(...x)).toBe(1);
    expect(() => getProblem("reactiondiffusion1d").resolve({ init: "sine" })).toThrow(/init must be one of pdebench, grf/);
    expect(() => getProblem("reactiondiffusion1d").resolve({ rho: -1 })).toThrow(/rho must be >= 0/);
  });

  it("the PDEBench initial condition's law: min 0, max 1; window in ~10% of draws; power above mode 8 (|·|) in ≤ 10% of the rest", () => {
    const n = 256;
    const rng = new Rng(5);
    const draws = 4000;
    let windowed = 0;
    let rough = 0;
    for (let d = 0; d < draws; d++) {
      const u = pdebenchInitial(rng, new Float64Array(n));
      expect(Math.min(...u)).toBe(0);
      expect(Math.max(...u)).toBe(1);
      // The window (width 0.01, x_L ≥ 0.1, x_R ≤ 0.9) leaves u constant (to ~1e-7) near x = 0.
      if (Math.abs(u[0]! - u[5]!) < 1e-5 && Math.abs(u[n - 5]! - u[0]!) < 1e-5) {
        windowed++;
        continue;
      }
      // Otherwise a sum of sines of wavenumber ≤ 8 (a wave picked twice doubles its k), unless |·|.
      const { re, im } = rfft(makeField([n], u));
      let high = 0;
      let all = 0;
      for (let m = 1; m <= n / 2; m++) {
        const p2 = re.data[m]! ** 2 + im.data[m]! ** 2;
        all += p2;
        if (m > 8) high += p2;
      }
      if (high > 1e-20 * all) rough++;
    }
    const se = (p: number, k: number): number => Math.sqrt((p * (1 - p)) / k);
    expect(Math.abs(windowed / draws - 0.1)).toBeLessThan(4 * se(0.1, draws));
    // |·| (probability 0.1) makes kinks only where u changes sign, which most draws do (7.4% measured).
    const rest = draws - windowed;
    expect(rough / rest).toBeLessThan(0.1 + 4 * se(0.1, rest));
    expect(rough / rest).toBeGreaterThan(0.05);
  });
});
