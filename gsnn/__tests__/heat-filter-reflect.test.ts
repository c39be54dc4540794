// HeatFilter with dirichlet: "reflect" (docs/gsnn.md §Walls of hidden features): on a Dirichlet
// axis it is the zero-flux (Neumann) heat semigroup of the interior points, checked against the
// analytic e^{τ²Δ} cos(mπx/L) = e^{−τ²(mπ/L)²} cos(mπx/L); a constant passes unchanged where
// the sine filter pulls it to 0 at the walls; and refining the grid converges at second order
// (measured |31 − 63| 5.7e-3, |63 − 127| 1.5e-3). Work: a few filters of ≤ 127 or 15 × 16 points.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { gridPoints, makeGrid, type BoundaryCondition } from "../../core/index.js";
import { HeatFilter } from "../index.js";

function filterWith(tau: number, bc: BoundaryCondition[], dirichlet: "sine" | "reflect", lengths: number[], x: tf.Tensor): Float32Array {
  const layer = new HeatFilter({ lengths, bc, tauInit: [tau], dirichlet });
  const y = layer.apply(x) as tf.Tensor;
  const out = y.dataSync() as Float32Array;
  tf.dispose(y);
  layer.dispose();
  return out;
}

/** The interior Dirichlet points of [0, L] (docs/conventions.md §Grids). */
const interior = (n: number, L: number) => gridPoints(makeGrid({ shape: [n], lengths: L, bc: "dirichlet" }), 0);

describe('HeatFilter, dirichlet: "reflect"', () => {
  it("is the zero-flux heat flow: cosine modes decay at their analytic rate, to 1e-4 at 63 points and closer at 127", () => {
    const L = 2;
    const tau = 0.15;
    const errs = [63, 127].map((n) => {
      const x = interior(n, L);
      const f = (m: number) => Array.from(x, (v) => Math.cos((m * Math.PI * v) / L));
      const input = f(1).map((v, j) => v + 0.5 * f(3)[j]! + 0.25);
      const decay = (m: number) => Math.exp(-(((tau * m * Math.PI) / L) ** 2));
      const want = input.map((_, j) => decay(1) * f(1)[j]! + 0.5 * decay(3) * f(3)[j]! + 0.25);
      const t = tf.tensor3d(Float32Array.from(input), [1, n, 1]);
      const got = filterWith(tau, ["dirichlet"], "reflect", [L], t);
      t.dispose();
      return Math.max(...want.map((w, j) => Math.abs(got[j]! - w)));
    });
    expect(errs[0]).toBeLessThan(1e-4);
    expect(errs[1]).toBeLessThan(errs[0]!);
  });

  it("keeps a constant up to the walls, where the sine filter pulls it to 0; periodic axes are left to the Fourier filter", () => {
    const n1 = 15;
    const n2 = 16;
    const ones = tf.ones([1, n1, n2, 1]);
    const bc: BoundaryCondition[] = ["dirichlet", "periodic"];
    const reflect = filterWith(0.1, bc, "reflect", [1, 1], ones);
    const sine = filterWith(0.1, bc, "sine", [1, 1], ones);
    ones.dispose();
    expect(Math.max(...Array.from(reflect, (v) => Math.abs(v - 1)))).toBeLessThan(1e-5);
    // Sine: the first interior row (x = L/16) is pulled far below 1, the middle one much less.
    expect(sine[0]!).toBeLessThan(0.5);
    expect(sine[7 * n2]!).toBeGreaterThan(0.9);
  });

  it("converges to one function as the grid refines, for data with unequal, nonzero wall values and slopes", () => {
    const L = 1;
    const g = (v: number) => Math.exp(v) * (1 + 0.3 * Math.sin(5 * v));
    const run = (n: number) => {
      const t = tf.tensor3d(Float32Array.from(interior(n, L), g), [1, n, 1]);
      const out = filterWith(0.05, ["dirichlet"], "reflect", [L], t);
      t.dispose();
      return out;
    };
    const [a, b, c] = [run(31), run(63), run(127)];
    // At the 31 points shared by all three grids (index j, 2j + 1, 4j + 3).
    const d1 = Math.max(...Array.from(a, (v, j) => Math.abs(v - b[2 * j + 1]!)));
    const d2 = Math.max(...Array.from(a, (_, j) => Math.abs(b[2 * j + 1]! - c[4 * j + 3]!)));
    console.log(`reflect filter, shared points: |31 − 63| ${d1.toExponential(2)}, |63 − 127| ${d2.toExponential(2)}`);
    expect(d1).toBeLessThan(1e-2 * (g(1) - g(0)));
    expect(d2).toBeLessThan(d1 / 2);
  });

  it("rejects an unknown mode and truncated modes, naming the argument", () => {
    expect(() => new HeatFilter({ lengths: [1], bc: ["dirichlet"], dirichlet: "odd" as "sine" })).toThrow(/dirichlet/);
    expect(() => new HeatFilter({ lengths: [1], bc: ["dirichlet"], dirichlet: "reflect", modes: [4] })).toThrow(/modes/);
  });
});
