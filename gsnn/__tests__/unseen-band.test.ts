/** The unseen-band rows: the wrapped block problem equals the explicit matrix with the rows appended. */
import { describe, expect, it } from "vitest";
import { leastSquares, leastSquaresBlocks, type BlockProblem } from "../least-squares.js";
import { unseenBand, withUnseenBand } from "../unseen-band.js";

describe("unseen-band rows", () => {
  const times = [0.001, 0.01, 0.1];
  const Cin = 2;
  const k2 = Float64Array.from([1, 4, 9, 16]);
  // 8 data rows, columns (j, i) = j·Cin + i, plus a gate column.
  const A = Array.from({ length: times.length * Cin + 1 }, (_, c) => Float64Array.from({ length: 8 }, (_, r) => Math.sin(1 + 3 * c + 7 * r)));
  const b = Float64Array.from({ length: 8 }, (_, r) => Math.cos(r));
  const X = [Float64Array.from([1, 2, 2]), Float64Array.from([3, 0, 4])];
  const p: BlockProblem = {
    rows: 8,
    cols: A.length,
    rhs: 1,
    block: (start, count, cols, rhs) => {
      A.forEach((a, c) => cols[c]!.set(a.subarray(start, start + count)));
      rhs[0]!.set(b.subarray(start, start + count));
    },
  };

  it("band over (max k², 16·max k²], weights √(μ‖X_i‖²/V)", () => {
    const band = unseenBand(k2, X, 0.5, 4);
    expect(Array.from(band.k2)).toEqual([16 * 2, 16 * 4, 16 * 8, 16 * 16]);
    expect(band.weights[0]).toBeCloseTo(Math.sqrt((0.5 * 9) / 4), 14);
    expect(band.weights[1]).toBeCloseTo(Math.sqrt((0.5 * 25) / 4), 14);
  });

  it("solves the same least squares as the explicit matrix with the rows appended, across block boundaries", () => {
    const band = unseenBand(k2, X, 0.5, 4);
    const V = band.k2.length;
    const cols = A.map((a, c) => {
      const col = new Float64Array(8 + V * Cin);
      col.set(a);
      for (let v = 0; v < V; v++)
        for (let i = 0; i < Cin; i++) {
          const j = Math.floor(c / Cin);
          if (c < times.length * Cin && c % Cin === i) col[8 + v * Cin + i] = band.weights[i]! * Math.exp(-times[j]! * band.k2[v]!);
        }
      return col;
    });
    const rhs = new Float64Array(8 + V * Cin);
    rhs.set(b);
    const ref = leastSquares(cols, [rhs]);
    for (const blockRows of [3, 5, 64]) {
      const got = leastSquaresBlocks(withUnseenBand(p, band, times, Cin), 0, blockRows);
      got.x[0]!.forEach((v, k) => expect(v).toBeCloseTo(ref.x[0]![k]!, 10));
    }
    // Without band rows the problem is unchanged.
    expect(withUnseenBand(p, unseenBand(k2, X, 0, 0), times, Cin)).toBe(p);
  });
});
