import { describe, expect, it } from "vitest";
import { makeField, makeGrid, gridSpacing } from "../../core/index.js";
import { darcySolve } from "../fd/index.js";
import { maxAbs, maxAbsDiff, thresholdCoefficient } from "./fd-helpers.js";

/**
 * Independent assembly of −∇·(a∇u) = f (u = 0 on the boundary) on the n0×n1 interior nodes, as
 * a symmetric band (lower part, bandwidth n1), with harmonic face means and boundary faces
 * taking the node's own a (aB, when given, holds a on the (n0+2)×(n1+2) nodes instead).
 */
function assembleBand(n0: number, n1: number, h0: number, h1: number, a: Float64Array, aB?: Float64Array): Float64Array[] {
  // h0 = Infinity: a 1-D problem along axis 1 (no axis-0 faces).
  const N = n0 * n1;
  const band = Array.from({ length: n1 + 1 }, () => new Float64Array(N)); // band[k][p] = A[p][p−k]
  const coef = (i: number, j: number): number => (aB ? aB[(i + 1) * (n1 + 2) + j + 1]! : a[Math.min(Math.max(i, 0), n0 - 1) * n1 + Math.min(Math.max(j, 0), n1 - 1)]!);
  const hm = (x: number, y: number): number => (2 * x * y) / (x + y);
  for (let i = 0; i < n0; i++)
    for (let j = 0; j < n1; j++) {
      const p = i * n1 + j;
      const c = coef(i, j);
      const up = hm(c, coef(i - 1, j)) / (h0 * h0);
      const dn = hm(c, coef(i + 1, j)) / (h0 * h0);
      const lf = hm(c, coef(i, j - 1)) / (h1 * h1);
      const rt = hm(c, coef(i, j + 1)) / (h1 * h1);
      band[0]![p] = up + dn + lf + rt;
      if (j > 0) band[1]![p] = -lf;
      if (i > 0) band[n1]![p] = -up;
    }
  return band;
}

function bandMatVec(band: Float64Array[], x: Float64Array): Float64Array {
  const N = x.length;
  const y = new Float64Array(N);
  for (let p = 0; p < N; p++) y[p] = band[0]![p]! * x[p]!;
  for (let k = 1; k < band.length; k++)
    for (let p = k; p < N; p++) {
      const v = band[k]![p]!;
      if (v === 0) continue;
      y[p] = y[p]! + v * x[p - k]!;
      y[p - k] = y[p - k]! + v * x[p]!;
    }
  return y;
}

/** Banded Cholesky A = L Lᵀ and the two triangular solves (direct reference solver). */
function bandCholeskySolve(band: Float64Array[], b: Float64Array): Float64Array {
  const N = b.length;
  const w = band.length - 1;
  const L = band.map((r) => Float64Array.from(r)); // L[k][p] = L(p, p−k)
  for (let p = 0; p < N; p++) {
    for (let k = Math.min(w, p); k >= 1; k--) {
      const q = p - k;
      let s = L[k]![p]!;
      for (let m = k + 1; m <= Math.min(w, p); m++) if (m - k <= w) s -= L[m]![p]! * L[m - k]![q]!;
      L[k]![p] = s / L[0]![q]!;
    }
    let d = L[0]![p]!;
    for (let k = 1; k <= Math.min(w, p); k++) d -= L[k]![p]! ** 2;
    L[0]![p] = Math.sqrt(d);
  }
  const y = Float64Array.from(b);
  for (let p = 0; p < N; p++) {
    for (let k = 1; k <= Math.min(w, p); k++) y[p] = y[p]! - L[k]![p]! * y[p - k]!;
    y[p] = y[p]! / L[0]![p]!;
  }
  for (let p = N - 1; p >= 0; p--) {
    for (let k = 1; k <= Math.min(w, N - 1 - p); k++) y[p] = y[p]! - L[k]![p + k]! * y[p + k]!;
    y[p] = y[p]! / L[0]![p]!;
  }
  return y;
}

function relResidual(band: Float64Array[], u: Float64Array, f: Float64Array): number {
  const Au = bandMatVec(band, u);
  let r = 0;
  let n = 0;
  for (let p = 0; p < f.length; p++) {
    r += (f[p]! - Au[p]!) ** 2;
    n += f[p]! ** 2;
  }
  return Math.sqrt(r / n);
}

describe("darcySolve against a banded Cholesky solve", () => {
  for (const [n0, n1] of [[15, 15], [31, 23], [20, 33]] as const) {
    it(`12:3 coefficient jumps, ${n0}×${n1}, f = 1: ≤ 1e-9 relative, residual ≤ rtol`, () => {
      const g = makeGrid({ shape: [n0, n1], lengths: [1, 1.5], bc: "dirichlet" });
      const a = thresholdCoefficient(n0, n1, n0 + n1);
      expect(a.some((v) => v === 3) && a.some((v) => v === 12)).toBe(true);
      const f = new Float64Array(n0 * n1).fill(1);
      const band = assembleBand(n0, n1, gridSpacing(g, 0), gridSpacing(g, 1), a);
      const ref = bandCholeskySolve(band, f);
      const r = darcySolve(g, makeField([n0, n1], a), 1, { rtol: 1e-12 });
      expect(r.status).toBe("converged");
      expect(maxAbsDiff(r.u.data, ref) / maxAbs(ref)).toBeLessThanOrEqual(1e-9);
      expect(relResidual(band, r.u.data, f)).toBeLessThanOrEqual(1e-12);
      expect(r.residual).toBeLessThanOrEqual(1e-12);
    });
  }

  it("coefficient given on the (n+2)² nodes including the boundary", () => {
    const n = 17;
    const g = makeGrid({ shape: [n, n], bc: "dirichlet" });
    const aB = thresholdCoefficient(n + 2, n + 2, 7);
    const f = Float64Array.from({ length: n * n }, (_, p) => Math.sin(p));
    const band = assembleBand(n, n, gridSpacing(g, 0), gridSpacing(g, 1), new Float64Array(0), aB);
    const ref = bandCholeskySolve(band, f);
    const r = darcySolve(g, makeField([n + 2, n + 2], aB), makeField([n, n], f), { rtol: 1e-12 });
    expect(maxAbsDiff(r.u.data, ref) / maxAbs(ref)).toBeLessThanOrEqual(1e-9);
  });

  it("1-D: a harmonic-mean three-point system", () => {
    const n = 40;
    const g = makeGrid({ shape: [n], bc: "dirichlet" });
    const a = Float64Array.from({ length: n }, (_, i) => (i % 7 < 3 ? 12 : 3));
    const band = assembleBand(1, n, Infinity, gridSpacing(g, 0), a);
    const h = gridSpacing(g, 0);
    const ref = bandCholeskySolve(band, new Float64Array(n).fill(1));
    const r = darcySolve(g, makeField([n], a), 1, { rtol: 1e-13 });
    expect(maxAbsDiff(r.u.data, ref) / maxAbs(ref)).toBeLessThanOrEqual(1e-9);
    expect(h).toBeCloseTo(1 / 41, 15);
  });
});

describe("darcySolve on larger grids with 12:3 jumps (FNO Darcy setting)", () => {
  it("converges to 1e-10 in a bounded number of PCG iterations from 63² to 255²", () => {
    const its = [63, 127, 255].map((n) => {
      const g = makeGrid({ shape: [n, n], bc: "dirichlet" });
      const r = darcySolve(g, makeField([n, n], thresholdCoefficient(n, n, 3)), 1, { rtol: 1e-10 });
      expect(r.status).toBe("converged");
      expect(r.residual).toBeLessThanOrEqual(1e-10);
      return r.iterations;
    });
    expect(Math.max(...its)).toBeLessThanOrEqual(15);
    expect(Math.max(...its) - Math.min(...its)).toBeLessThanOrEqual(2);
  });

  it("reports max_iterations when the iteration budget is too small", () => {
    const n = 63;
    const g = makeGrid({ shape: [n, n], bc: "dirichlet" });
    const r = darcySolve(g, makeField([n, n], thresholdCoefficient(n, n, 5)), 1, { rtol: 1e-12, maxIterations: 2 });
    expect(r.status).toBe("max_iterations");
    expect(r.iterations).toBe(2);
    expect(r.residual).toBeGreaterThan(1e-12);
  });
});
