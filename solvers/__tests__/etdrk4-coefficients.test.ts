/**
 * The ETDRK4 coefficients by the contour integral against two independent evaluations: the
 * Taylor series of φ_k(z) = Σ z^m/(m+k)! for |z| ≤ 1.5 (where the direct formulas cancel), and
 * the direct formulas for |z| ≥ 2 (where they do not). Cox–Matthews weights in φ form:
 * f1 = φ1 − 3φ2 + 4φ3, f2 = φ2 − 2φ3, f3 = −φ2 + 4φ3, Q = φ1(z/2)/2.
 */
import { describe, expect, it } from "vitest";
import { etdrk4Coefficients, phiContour } from "../index.js";

function phiTaylor(k: number, z: number): number {
  let s = 0;
  let fact = 1;
  for (let i = 1; i <= k; i++) fact *= i;
  let zm = 1;
  for (let m = 0; m < 40; m++) {
    s += zm / fact;
    zm *= z;
    fact *= m + k + 1;
  }
  return s;
}

function taylor(z: number): { q: number; f1: number; f2: number; f3: number } {
  const [p1, p2, p3] = [phiTaylor(1, z), phiTaylor(2, z), phiTaylor(3, z)];
  return { q: phiTaylor(1, z / 2) / 2, f1: p1 - 3 * p2 + 4 * p3, f2: p2 - 2 * p3, f3: -p2 + 4 * p3 };
}

function direct(z: number): { q: number; f1: number; f2: number; f3: number } {
  const e = Math.exp(z);
  return {
    q: (Math.exp(z / 2) - 1) / z,
    f1: (-4 - z + e * (4 - 3 * z + z * z)) / z ** 3,
    f2: (2 + z + e * (z - 2)) / z ** 3,
    f3: (-4 - 3 * z - z * z + e * (4 - z)) / z ** 3,
  };
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe("ETDRK4 φ coefficients (Kassam–Trefethen contour integral)", () => {
  it("match the Taylor series to 2e-14 relative for |z| ≤ 1.5, including z = 0, tiny z and |z| = 1", () => {
    for (const z of [0, 1e-12, -1e-8, 1e-5, -1e-3, 0.3, -0.5, 0.75, -0.75, 1, -1, 1.5, -1.5]) {
      const c = phiContour(z);
      const t = taylor(z);
      for (const key of ["q", "f1", "f2", "f3"] as const) expect(rel(c[key], t[key]), `${key} at z = ${z}`).toBeLessThan(2e-14);
    }
  });

  it("match the direct formulas to 1e-13 relative for |z| ≥ 2 (stiff modes down to z = −1e8)", () => {
    for (const z of [2, 5, -2, -7.5, -40, -1e3, -1e5, -1e8]) {
      const c = phiContour(z);
      const d = direct(z);
      for (const key of ["q", "f1", "f2", "f3"] as const) expect(rel(c[key], d[key]), `${key} at z = ${z}`).toBeLessThan(1e-13);
    }
  });

  it("etdrk4Coefficients scales by h and holds e^{hλ}, e^{hλ/2} per mode", () => {
    const lam = Float64Array.from([0, -1, -1, -250, 3]);
    const h = 0.02;
    const c = etdrk4Coefficients(lam, h);
    expect(c.h).toBe(h);
    lam.forEach((l, i) => {
      const z = h * l;
      const t = z === 0 || Math.abs(z) <= 1 ? taylor(z) : direct(z);
      expect(c.e[i]).toBe(Math.exp(z));
      expect(c.e2[i]).toBe(Math.exp(z / 2));
      expect(rel(c.q[i]!, h * t.q)).toBeLessThan(1e-13);
      expect(rel(c.f1[i]!, h * t.f1)).toBeLessThan(1e-13);
      expect(rel(c.f2[i]!, h * t.f2)).toBeLessThan(1e-13);
      expect(rel(c.f3[i]!, h * t.f3)).toBeLessThan(1e-13);
    });
    // At z = 0 the scheme is classical RK4: every weight h/6, Q = h/2.
    expect(c.f1[0]).toBeCloseTo(h / 6, 15);
    expect(c.q[0]).toBeCloseTo(h / 2, 15);
  });
});
