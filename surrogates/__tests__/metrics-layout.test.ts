// Metrics on every point layout (docs/conventions.md §Grids, docs/evaluation.md): derivatives
// converge at second order up to the boundary, H1 does not differentiate across a seam that is
// not periodic, and the Fourier bands see a sine (Dirichlet) or cosine (Neumann) mode in one bin.
import { describe, expect, it } from "vitest";
import { gridPoints, makeGrid, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import { derivativeAlongAxis, fourierBandErrors, h1RelativeErrorPerSample, metricAxes } from "../evaluation/index.js";

function slope(ns: number[], errs: number[]): number {
  const x = ns.map((n) => Math.log(1 / n));
  const y = errs.map(Math.log);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  return x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
}

const L = 1.5;
const layouts: Array<[BoundaryCondition, PointLayout]> = [
  ["dirichlet", "interior"],
  ["dirichlet", "vertex"],
  ["dirichlet", "one-sided"],
  ["dirichlet", "centred"],
  ["neumann", "centred"],
  ["neumann", "vertex"],
];

describe("H1 derivatives per layout", () => {
  for (const [bc, layout] of layouts) {
    it(`${bc} ${layout}: max derivative error, ends included, falls at second order`, () => {
      // u = 0 at both ends (Dirichlet) or u' = 0 there (Neumann), not symmetric, not a polynomial.
      const u = bc === "dirichlet" ? (x: number) => Math.sin((Math.PI * x) / L) * Math.exp(x) : (x: number) => Math.cos((Math.PI * x) / L) + 0.3 * Math.cos((2 * Math.PI * x) / L) * x * x * (x - L) ** 2;
      const du =
        bc === "dirichlet"
          ? (x: number) => Math.exp(x) * (Math.sin((Math.PI * x) / L) + (Math.PI / L) * Math.cos((Math.PI * x) / L))
          : (x: number) =>
              (-Math.PI / L) * Math.sin((Math.PI * x) / L) +
              0.3 * ((-2 * Math.PI) / L) * Math.sin((2 * Math.PI * x) / L) * x * x * (x - L) ** 2 +
              0.3 * Math.cos((2 * Math.PI * x) / L) * (2 * x * (x - L) ** 2 + 2 * x * x * (x - L));
      const ns = [16, 32, 64, 128];
      const errs = ns.map((n) => {
        const g = makeGrid({ shape: n, lengths: L, bc, layout });
        const x = gridPoints(g, 0);
        const d = derivativeAlongAxis(Float64Array.from(x, u), [n], 0, L, metricAxes([n], { lengths: [L], bc: [bc], layout: [layout] })[0]!);
        return Math.max(...d.map((v, j) => Math.abs(v - du(x[j]!))));
      });
      expect(slope(ns, errs)).toBeGreaterThan(1.8);
      expect(errs.at(-1)!).toBeLessThan(5e-3);
    });
  }

  it("one-sided Dirichlet data: stable with its layout, diverging when labelled periodic (the seam)", () => {
    const h1At = (n: number, bc: BoundaryCondition, layout: PointLayout) => {
      const x = gridPoints(makeGrid({ shape: n, bc, layout }), 0);
      const t = Float64Array.from(x, (s) => Math.sin(Math.PI * s) * (1 + s));
      // A smooth error that does not vanish at x = 1 (a model is not exact at the last row).
      const p = Float64Array.from(x, (s, j) => t[j]! + 0.05 * (1 + s));
      return h1RelativeErrorPerSample({ data: p, shape: [1, n, 1] }, { data: t, shape: [1, n, 1] }, { bc: [bc], layout: [layout] })[0]!;
    };
    const right = [32, 128].map((n) => h1At(n, "dirichlet", "one-sided"));
    const periodic = [32, 128].map((n) => h1At(n, "periodic", "one-sided"));
    expect(Math.abs(right[1]! / right[0]! - 1)).toBeLessThan(0.05);
    // Read as periodic, the error jumps from 0.1 to 0.05 across x = 1 ≡ 0: its spectral
    // derivative grows like 1/h there, and H1 with the resolution.
    expect(periodic[1]! / periodic[0]!).toBeGreaterThan(1.5);
  });
});

describe("Fourier bands per layout", () => {
  const modeBands = (bc: BoundaryCondition, layout: PointLayout, n: number) => {
    const x = gridPoints(makeGrid({ shape: n, lengths: L, bc, layout }), 0);
    const f = bc === "dirichlet" ? Math.sin : Math.cos;
    const e = Float64Array.from(x, (s) => f((3 * Math.PI * s) / L));
    return fourierBandErrors({ data: e, shape: [1, n, 1] }, { data: new Float64Array(n), shape: [1, n, 1] }, { lengths: [L], bc: [bc], layout: [layout] });
  };
  for (const [bc, layout] of layouts) {
    it(`${bc} ${layout}: mode 3 lands in bin 1 with amplitude·L/2, nothing elsewhere`, () => {
      const r = modeBands(bc, layout, 40 + (layout === "vertex" ? 1 : 0));
      expect(r.perBin[1]).toBeCloseTo(L / 2, 12);
      r.perBin.forEach((v, m) => m !== 1 && expect(v).toBeLessThan(1e-12));
    });
  }
  it("a plain DFT of the same one-sided samples leaks the seam into the mid and high bands", () => {
    const n = 64;
    const x = gridPoints(makeGrid({ shape: n, lengths: L, bc: "dirichlet", layout: "one-sided" }), 0);
    const e = { data: Float64Array.from(x, (s) => Math.sin((3 * Math.PI * s) / L)), shape: [1, n, 1] };
    const z = { data: new Float64Array(n), shape: [1, n, 1] };
    const plain = fourierBandErrors(e, z, { lengths: [L] });
    const right = fourierBandErrors(e, z, { lengths: [L], bc: ["dirichlet"], layout: ["one-sided"] });
    expect(right.high).toBeLessThan(1e-12);
    expect(plain.high).toBeGreaterThan(1e-3);
  });
  it("2-D: a product of sine modes on vertex × one-sided axes lands in its radial bin", () => {
    const g = makeGrid({ shape: [33, 32], lengths: [1, 2], bc: "dirichlet", layout: ["vertex", "one-sided"] });
    const x = gridPoints(g, 0);
    const y = gridPoints(g, 1);
    const e = new Float64Array(33 * 32);
    for (let i = 0; i < 33; i++) for (let j = 0; j < 32; j++) e[i * 32 + j] = Math.sin(6 * Math.PI * x[i]!) * Math.sin((8 * Math.PI * y[j]!) / 2);
    const r = fourierBandErrors({ data: e, shape: [1, 33, 32, 1] }, { data: new Float64Array(e.length), shape: [1, 33, 32, 1] }, {
      lengths: [1, 2],
      bc: ["dirichlet", "dirichlet"],
      layout: ["vertex", "one-sided"],
    });
    // Modes (6, 8) of period 2L: bin ⌊√(3² + 4²)⌋ = 5.
    const top = r.perBin.indexOf(Math.max(...r.perBin));
    expect(top).toBe(5);
    r.perBin.forEach((v, m) => m !== 5 && expect(v).toBeLessThan(1e-12));
  });
});
