import { describe, expect, it } from "vitest";
import { gridPoints, makeGrid, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import { refineGrid, subsampleGrid, subsampleIndices } from "../index.js";

describe("nested grids per point layout", () => {
  const cases: Array<[BoundaryCondition, PointLayout, number]> = [
    ["dirichlet", "interior", 7],
    ["dirichlet", "vertex", 9],
    ["dirichlet", "one-sided", 16],
    ["periodic", "one-sided", 16],
    ["periodic", "centred", 5],
    ["neumann", "vertex", 5],
  ];
  for (const [bc, layout, n] of cases) {
    it(`${bc} ${layout}: every kept fine point sits on a coarse point`, () => {
      const coarse = makeGrid({ shape: [n], lengths: 1.5, bc, layout });
      const k = layout === "centred" ? 3 : 2;
      const fine = refineGrid(coarse, k);
      const { grid, indices } = subsampleGrid(fine, k);
      expect(grid.shape).toEqual(coarse.shape);
      expect(grid.layout).toEqual([layout]);
      const xf = gridPoints(fine, 0);
      const xc = gridPoints(coarse, 0);
      indices[0]!.forEach((i, j) => expect(Math.abs(xf[i]! - xc[j]!)).toBeLessThan(1e-14));
    });
  }
  it("neuraloperator's 32² one-sided grid keeps [::2] for 16²; bad factors are named", () => {
    expect([...subsampleIndices(32, "one-sided", 2)]).toEqual(Array.from({ length: 16 }, (_, j) => 2 * j));
    expect(() => subsampleIndices(10, "vertex", 4)).toThrow(/must divide n − 1 = 9 on a vertex axis/);
    expect(() => subsampleIndices(9, "centred", 2)).toThrow(/factor/);
  });
});
