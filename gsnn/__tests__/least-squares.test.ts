/** Householder least squares: exact recovery, normal-equation optimality, ridge shrinkage. */
import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { leastSquares, leastSquaresBlocks } from "../index.js";

describe("leastSquares", () => {
  const rng = new Rng(42);
  const rows = 200;
  const cols = Array.from({ length: 4 }, () => Float64Array.from({ length: rows }, () => rng.normal()));
  const truth = [1.5, -2, 0.25, 3];
  const b = Float64Array.from({ length: rows }, (_, i) => cols.reduce((s, c, j) => s + truth[j]! * c[i]!, 0));

  it("recovers an exact solution to round-off", () => {
    const { x, residualNorm } = leastSquares(cols, [b]);
    x[0]!.forEach((v, j) => expect(Math.abs(v - truth[j]!)).toBeLessThan(1e-12));
    expect(residualNorm[0]).toBeLessThan(1e-10);
  });

  it("noisy right-hand side: the residual is orthogonal to every column", () => {
    const bn = Float64Array.from(b, (v) => v + rng.normal());
    const { x } = leastSquares(cols, [bn]);
    const r = Float64Array.from(bn, (v, i) => cols.reduce((s, c, j) => s + x[0]![j]! * c[i]!, 0) - v);
    for (const c of cols) expect(Math.abs(c.reduce((s, v, i) => s + v * r[i]!, 0))).toBeLessThan(1e-9);
  });

  it("per-column ridge shrinks only the penalised coefficient", () => {
    const { x } = leastSquares(cols, [b], [0, 0, 0, 10]);
    expect(Math.abs(x[0]![3]!)).toBeLessThan(3 * 0.5);
    expect(Math.abs(x[0]![3]!)).toBeGreaterThan(0);
  });

  it("streaming in blocks of 7 rows gives the in-memory solution and residual", () => {
    const bn = Float64Array.from(b, (v, i) => v + Math.sin(i));
    const full = leastSquares(cols, [bn], 1e-6);
    const streamed = leastSquaresBlocks(
      {
        rows,
        cols: cols.length,
        rhs: 1,
        block: (start, count, c, r) => {
          cols.forEach((col, j) => c[j]!.set(col.subarray(start, start + count)));
          r[0]!.set(bn.subarray(start, start + count));
        },
      },
      1e-6,
      7,
    );
    streamed.x[0]!.forEach((v, j) => expect(Math.abs(v - full.x[0]![j]!)).toBeLessThan(1e-10));
    expect(Math.abs(streamed.residualNorm[0]! - full.residualNorm[0]!)).toBeLessThan(1e-9);
    expect(full.residualNorm[0]).toBeGreaterThan(1);
  });
});
