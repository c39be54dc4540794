/**
 * burgersSpectral against the exact Cole–Hopf solution (cole-hopf-reference.ts: direct DFT
 * and direct sums, no shared code), the Galilean shift for a non-zero mean, conservation of
 * the mean, the adaptive steps' error estimate, the statuses, and argument validation.
 */
import { describe, expect, it } from "vitest";
import { gridPoints, isPdesError, makeField, makeGrid, sampleOnGrid } from "../../core/index.js";
import { burgersSpectral } from "../index.js";
import { coleHopf, evalTrig, type TrigPolynomial } from "./cole-hopf-reference.js";
import { maxAbs, maxAbsDiff, mean } from "./fd-helpers.js";

const P: TrigPolynomial = { a: [0.6, -0.3, 0.2], b: [0.8, 0.25, -0.1], length: 1 };

function scaled(amp: number): TrigPolynomial {
  return { a: P.a.map((v) => amp * v), b: P.b.map((v) => amp * v), length: 1 };
}

function rms(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s / a.length);
}

function relMax(got: ArrayLike<number>, ref: ArrayLike<number>): number {
  return maxAbsDiff(got, ref) / maxAbs(ref);
}

describe("burgersSpectral against Cole–Hopf", () => {
  // [ν, amplitude of u0, T, n, fixed steps]: from nearly decayed (ν = 0.1, T = 1: max|u| ≈ 0.017)
  // to steep (ν = 0.01: n = 512 needed for spectral accuracy).
  const cases = [
    [0.1, 1, 1, 128, 320],
    [0.1, 3, 0.25, 128, 200],
    [0.05, 2, 0.5, 128, 200],
    [0.02, 1, 0.5, 256, 200],
    [0.01, 1, 0.5, 512, 400],
  ] as const;
  for (const [nu, amp, T, n, steps] of cases) {
    it(`ν = ${nu}, |u0| ~ ${amp}, T = ${T}, n = ${n}: ${steps} fixed steps and adaptive tol 1e-9 both ≤ 1e-8 relative max error`, () => {
      const p = scaled(amp);
      const g = makeGrid({ shape: [n] });
      const u0 = sampleOnGrid(g, (x) => evalTrig(p, x));
      const ref = coleHopf(p, nu, T, gridPoints(g, 0), 2048);
      const fixed = burgersSpectral(g, u0, { nu, t: T, steps });
      expect(fixed.status).toBe("completed");
      expect(fixed.steps).toBe(steps);
      expect(fixed.evaluations).toBe(4 * steps);
      expect(relMax(fixed.u.data, ref)).toBeLessThan(1e-8);
      const adaptive = burgersSpectral(g, u0, { nu, t: T, tol: 1e-9 });
      expect(adaptive.status).toBe("completed");
      expect(relMax(adaptive.u.data, ref)).toBeLessThan(1e-8);
      // The estimate bounds the temporal error (RMS, against 4000 fixed steps) and stays ≤ tol.
      const fine = burgersSpectral(g, u0, { nu, t: T, steps: 4000 });
      expect(rms(adaptive.u.data, fine.u.data)).toBeLessThanOrEqual(adaptive.errorEstimate);
      expect(adaptive.errorEstimate).toBeLessThanOrEqual(1e-9);
    });
  }

  it("spectral convergence in space (ν = 0.01, T = 0.5): each doubling of n cuts the error ≥ 100×", () => {
    const errs = [64, 128, 256].map((n) => {
      const g = makeGrid({ shape: [n] });
      const u0 = sampleOnGrid(g, (x) => evalTrig(P, x));
      const r = burgersSpectral(g, u0, { nu: 0.01, t: 0.5, steps: 400 });
      return relMax(r.u.data, coleHopf(P, 0.01, 0.5, gridPoints(g, 0), 2048));
    });
    expect(errs[0]! / errs[1]!).toBeGreaterThan(100);
    expect(errs[1]! / errs[2]!).toBeGreaterThan(100);
    expect(errs[2]!).toBeLessThan(1e-8);
  });

  it("non-zero mean c: u(x, t) = c + w(x − ct, t) (Galilean invariance), mean conserved to 1e-14", () => {
    const n = 128;
    const c = 0.7;
    const nu = 0.1;
    const T = 0.8;
    const g = makeGrid({ shape: [n], lengths: 1 });
    const u0 = sampleOnGrid(g, (x) => c + evalTrig(P, x));
    const shifted = Array.from(gridPoints(g, 0), (x) => x - c * T);
    const ref = coleHopf(P, nu, T, shifted, 1024).map((w) => c + w);
    const r = burgersSpectral(g, u0, { nu, t: T, steps: 400 });
    expect(relMax(r.u.data, ref)).toBeLessThan(1e-8);
    expect(Math.abs(mean(r.u.data) - mean(u0.data))).toBeLessThan(1e-14);
  });

  it("a domain of length 2π: the wavenumbers follow L", () => {
    const L = 2 * Math.PI;
    const p: TrigPolynomial = { ...P, length: L };
    const g = makeGrid({ shape: [96], lengths: L });
    const u0 = sampleOnGrid(g, (x) => evalTrig(p, x));
    const ref = coleHopf(p, 0.3, 2, gridPoints(g, 0), 1024);
    const r = burgersSpectral(g, u0, { nu: 0.3, t: 2, steps: 200 });
    expect(relMax(r.u.data, ref)).toBeLessThan(1e-8);
  });

  it("a strided u0 view gives the same result as its contiguous copy; t = 0 returns u0", () => {
    const n = 64;
    const g = makeGrid({ shape: [n] });
    const dense = sampleOnGrid(g, (x) => evalTrig(P, x));
    const buf = new Float64Array(3 * n + 1);
    for (let j = 0; j < n; j++) buf[1 + 3 * j] = dense.data[j]!;
    const view = { data: buf, shape: [n], stride: [3], offset: 1 };
    const a = burgersSpectral(g, dense, { nu: 0.1, t: 0.5, steps: 50 });
    const b = burgersSpectral(g, view, { nu: 0.1, t: 0.5, steps: 50 });
    expect(Array.from(b.u.data)).toEqual(Array.from(a.u.data));
    const z = burgersSpectral(g, view, { nu: 0.1, t: 0 });
    expect(Array.from(z.u.data)).toEqual(Array.from(dense.data));
    expect(z.steps).toBe(0);
  });
});

describe("burgersSpectral statuses and validation", () => {
  const g = makeGrid({ shape: [64] });
  const u0 = sampleOnGrid(g, (x) => evalTrig(P, x));

  it("status non_finite when the state overflows, with the last finite state returned", () => {
    const big = makeField([64], u0.data.map((v) => v * 1e150));
    const r = burgersSpectral(g, big, { nu: 1e-3, t: 1, steps: 4 });
    expect(r.status).toBe("non_finite");
    expect(r.u.data.every(Number.isFinite)).toBe(true);
    const a = burgersSpectral(g, big, { nu: 1e-3, t: 1, tol: 1e-6, maxSteps: 200 });
    expect(a.status).not.toBe("completed");
    expect(a.u.data.every(Number.isFinite)).toBe(true);
  });

  it("status max_steps when the adaptive run needs more steps than allowed", () => {
    const r = burgersSpectral(g, u0, { nu: 0.1, t: 1, tol: 1e-12, maxSteps: 10 });
    expect(r.status).toBe("max_steps");
    expect(r.steps + r.rejected).toBe(10);
  });

  it("bad arguments are tagged errors naming the argument", () => {
    const bad: [() => unknown, string][] = [
      [() => burgersSpectral(g, u0, { nu: 0, t: 1 }), "nu"],
      [() => burgersSpectral(g, u0, { nu: 0.1, t: -1 }), "t"],
      [() => burgersSpectral(g, u0, { nu: 0.1, t: 1, steps: 2.5 }), "steps"],
      [() => burgersSpectral(g, u0, { nu: 0.1, t: 1, tol: 0 }), "tol"],
      [() => burgersSpectral(g, u0, { nu: 0.1, t: 1, maxSteps: 0 }), "maxSteps"],
      [() => burgersSpectral(g, makeField([32]), { nu: 0.1, t: 1 }), "u0"],
      [() => burgersSpectral(g, makeField([64], u0.data.map((v, i) => (i === 5 ? NaN : v))), { nu: 0.1, t: 1 }), "u0"],
      [() => burgersSpectral(makeGrid({ shape: [3] }), makeField([3]), { nu: 0.1, t: 1 }), "grid.shape[0]"],
    ];
    for (const [f, arg] of bad) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isPdesError(err), `${arg}: ${String(err)}`).toBe(true);
      expect((err as Error).message.startsWith(arg)).toBe(true);
    }
    expect(() => burgersSpectral(makeGrid({ shape: [16], bc: "dirichlet" }), makeField([16]), { nu: 0.1, t: 1 })).toThrow(/periodic/);
    expect(() => burgersSpectral(makeGrid({ shape: [8, 8] }), makeField([8, 8]), { nu: 0.1, t: 1 })).toThrow(/1-D periodic/);
  });
});
