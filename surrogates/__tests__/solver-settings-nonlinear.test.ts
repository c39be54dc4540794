// The solver-vs-surrogate settings of the nonlinear problems: ETDRK4 on the stored grid against
// the problem's own samples (solved on the grid refined by `fine`, then subsampled). The tight
// adaptive setting sits at the subsampling floor, and the fixed-step errors grow as the steps
// get fewer (docs/evaluation.md §Solver vs surrogate).
import { describe, expect, it } from "vitest";
import { getProblem } from "../../datasets/index.js";
import { solverSettings } from "../workflows/index.js";

const rel = (a: Float64Array, b: Float64Array): number => {
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    e += (a[i]! - b[i]!) ** 2;
    s += b[i]! ** 2;
  }
  return Math.sqrt(e / s);
};

describe("solver settings for burgers1d and reactiondiffusion1d", () => {
  for (const [problem, floor] of [["burgers1d", 1e-3], ["reactiondiffusion1d", 1e-6]] as const) {
    it(`${problem}: tight adaptive ETDRK4 within ${floor} of the stored output; fewer steps, larger errors`, () => {
      const p = getProblem(problem).resolve({ resolution: 64 });
      const x = new Float64Array(64);
      const y = new Float64Array(64);
      p.sample(3, 0, x, y);
      const settings = solverSettings(problem, p.params, p.grid);
      const fixed = problem === "burgers1d" ? [100, 25, 10] : [100, 25, 10, 4];
      expect(settings.map((s) => s.name)).toEqual([
        "ETDRK4 adaptive, step tol 1e-8",
        "ETDRK4 adaptive, step tol 0.0001",
        ...fixed.map((k) => `ETDRK4, ${k} steps`),
      ]);
      const errs = settings.map((s) => rel(s.solve(x), y));
      console.log(`${problem} n = 64: ${settings.map((s, i) => `${s.name}: ${errs[i]!.toExponential(2)}`).join("; ")}`);
      expect(errs[0]).toBeLessThan(floor);
      // Fixed steps: each no better than the finer one (up to the floor).
      for (let i = 3; i < errs.length; i++) expect(errs[i]! + floor).toBeGreaterThanOrEqual(errs[i - 1]!);
      expect(errs.at(-1)).toBeGreaterThan(10 * errs[2]!);
    });
  }
});
