/**
 * The kernel / GP operator (Float64): accuracy on heat1d and poisson1d with 256 samples
 * (≤ 1e-3 mean relative L2 on 100 held-out samples), calibration of the predictive variance
 * (95% coverage of held-out noisy targets in [0.9, 0.99]), the Nyström option (m = N reproduces
 * the exact GP; m < N still accurate), Cholesky jitter and the not-positive-definite error, and
 * argument errors. The scikit-learn cross-check is in kernel-sklearn.test.ts.
 */
import { describe, expect, it } from "vitest";
import { isPdesError, Rng } from "../../core/index.js";
import { choleskyWithJitter } from "../index.js";
import { fitKernelOperator, predictKernelOperator } from "../baselines.js";
import { meanRelL2, problemPairs } from "./kernel-data.js";

const N = 256;
const NT = 100;
const RES = 64;

describe("kernel operator accuracy", () => {
  for (const problem of ["heat1d", "poisson1d"]) {
    it(`${problem}: ≤ 1e-3 relative L2 with 256 samples (marginal-likelihood hyperparameters)`, () => {
      const tr = problemPairs(problem, N, 1, RES);
      const te = problemPairs(problem, NT, 2, RES);
      const fit = fitKernelOperator({ data: tr.X, shape: [N, RES, 1] }, { data: tr.Y, shape: [N, RES, 1] });
      const pr = predictKernelOperator(fit, te.X, NT);
      const e = meanRelL2(pr.mean, te.Y, RES);
      let cov = 0;
      for (let i = 0; i < te.Y.length; i++) if (Math.abs(pr.mean[i]! - te.Y[i]!) <= 1.959964 * Math.sqrt(pr.variance![i]!)) cov++;
      console.log(`${problem}: rel L2 ${e.toExponential(2)}, ℓ ${fit.lengthscale.toPrecision(3)}, g ${fit.noise.toExponential(1)}, ${fit.evaluations} likelihood evaluations; noise-free 95% coverage ${(cov / te.Y.length).toFixed(3)}`);
      expect(e).toBeLessThanOrEqual(1e-3);
      expect(fit.inputPca?.rank).toBe(32);
    });
  }

  it("Nyström: m = N reproduces the exact GP; m = 64 inducing points stays accurate", () => {
    const tr = problemPairs("heat1d", 128, 3, 32);
    const te = problemPairs("heat1d", 40, 4, 32);
    const opts = { lengthscale: 40, noise: 1e-6 };
    const exact = fitKernelOperator({ data: tr.X, shape: [128, 32] }, { data: tr.Y, shape: [128, 32] }, opts);
    const full = fitKernelOperator({ data: tr.X, shape: [128, 32] }, { data: tr.Y, shape: [128, 32] }, { ...opts, nystrom: 128 });
    const a = predictKernelOperator(exact, te.X, 40);
    const b = predictKernelOperator(full, te.X, 40);
    let dm = 0;
    let dv = 0;
    for (let i = 0; i < a.mean.length; i++) {
      dm = Math.max(dm, Math.abs(a.mean[i]! - b.mean[i]!));
      dv = Math.max(dv, Math.abs(a.variance![i]! - b.variance![i]!) / a.variance![i]!);
    }
    expect(dm).toBeLessThan(1e-6);
    expect(dv).toBeLessThan(1e-4);
    const small = fitKernelOperator({ data: tr.X, shape: [128, 32] }, { data: tr.Y, shape: [128, 32] }, { nystrom: 64 });
    const e = meanRelL2(predictKernelOperator(small, te.X, 40, { variance: false }).mean, te.Y, 32);
    console.log(`Nyström m = N: max |Δmean| ${dm.toExponential(2)}, max rel |Δvar| ${dv.toExponential(2)}; m = 64 of 128: rel L2 ${e.toExponential(2)}`);
    expect(e).toBeLessThan(1e-2);
  });
});

describe("kernel operator calibration", () => {
  it("95% intervals cover 0.90–0.99 of held-out targets with observation noise (the noise is learned)", () => {
    const tr = problemPairs("heat1d", N, 5, RES);
    const te = problemPairs("heat1d", NT, 6, RES);
    let s = 0;
    tr.Y.forEach((v) => (s += v * v));
    const sd = 0.01 * Math.sqrt(s / tr.Y.length);
    const rng = new Rng(77);
    const noisy = (y: Float64Array) => Float64Array.from(y, (v) => v + sd * rng.normal());
    const ytr = noisy(tr.Y);
    const yte = noisy(te.Y);
    const fit = fitKernelOperator({ data: tr.X, shape: [N, RES] }, { data: ytr, shape: [N, RES] });
    const pr = predictKernelOperator(fit, te.X, NT);
    let cov = 0;
    let meanVar = 0;
    for (let i = 0; i < yte.length; i++) {
      if (Math.abs(pr.mean[i]! - yte[i]!) <= 1.959964 * Math.sqrt(pr.variance![i]!)) cov++;
      meanVar += pr.variance![i]! / yte.length;
    }
    const c = cov / yte.length;
    console.log(`noisy heat1d (noise sd ${sd.toExponential(2)}): coverage ${c.toFixed(4)}, predictive sd ${Math.sqrt(meanVar).toExponential(2)}, learned g ${fit.noise.toExponential(2)}`);
    expect(c).toBeGreaterThanOrEqual(0.9);
    expect(c).toBeLessThanOrEqual(0.99);
  });
});

describe("Cholesky and errors", () => {
  it("semi-definite matrices get jitter; an indefinite one is a clear error", () => {
    // Rank one: [1 1; 1 1].
    const r = choleskyWithJitter(Float64Array.of(1, 1, 1, 1), 2);
    expect(r.jitter).toBeGreaterThan(0);
    expect(r.jitter).toBeLessThanOrEqual(1e-6);
    let e: unknown = null;
    try {
      choleskyWithJitter(Float64Array.of(1, 2, 2, 1), 2, { argument: "noise", value: 1e-9 });
    } catch (err) {
      e = err;
    }
    expect(isPdesError(e, "InvalidArgument")).toBe(true);
    expect((e as { argument: string }).argument).toBe("noise");
    expect(String((e as Error).message)).toMatch(/not positive definite/);
  });

  it("an all-but-constant kernel with no noise and no jitter allowed fails naming the length scale", () => {
    const tr = problemPairs("heat1d", 40, 7, 16);
    let e: unknown = null;
    try {
      fitKernelOperator({ data: tr.X, shape: [40, 16] }, { data: tr.Y, shape: [40, 16] }, { inputRank: "none", lengthscale: 1e8, noise: 1e-300, maxJitter: 1e-300 });
    } catch (err) {
      e = err;
    }
    expect(isPdesError(e, "InvalidArgument") && (e as unknown as { argument: string }).argument).toBe("lengthscale");
  });

  it("bad arguments name themselves", () => {
    const tr = problemPairs("heat1d", 10, 8, 16);
    const arg = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as { argument?: string }).argument ?? "other";
      }
      return null;
    };
    const x = { data: tr.X, shape: [10, 16] };
    const y = { data: tr.Y, shape: [10, 16] };
    expect(arg(() => fitKernelOperator(x, { data: tr.Y, shape: [9, 16] }))).toBe("outputs");
    expect(arg(() => fitKernelOperator(x, y, { kernel: "cubic" as never }))).toBe("kernel");
    expect(arg(() => fitKernelOperator(x, y, { inputRank: 99 }))).toBe("inputRank");
    expect(arg(() => fitKernelOperator(x, y, { noise: -1 }))).toBe("noise");
    expect(arg(() => fitKernelOperator(x, y, { nystrom: 0 }))).toBe("nystrom");
    const bad = Float64Array.from(tr.X);
    bad[3] = NaN;
    expect(arg(() => fitKernelOperator({ data: bad, shape: [10, 16] }, y))).toBe("inputs");
    const fit = fitKernelOperator(x, y, { lengthscale: 5, noise: 1e-4 });
    expect(arg(() => predictKernelOperator(fit, tr.X, 3))).toBe("inputs");
  });
});
