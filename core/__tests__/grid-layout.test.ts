import { describe, expect, it } from "vitest";
import {
  axisLayout,
  boundaryGaps,
  defaultLayoutEmbedding,
  gridPoints,
  gridRecord,
  gridSpacing,
  gridsEqual,
  hasDefaultLayoutEmbedding,
  isPdesError,
  makeGrid,
  withShape,
} from "../index.js";

describe("grid point layouts", () => {
  it("places the points of every layout as docs/conventions.md states", () => {
    const L = 2;
    const cases = [
      { bc: "dirichlet", layout: "interior", n: 3, x: [0.5, 1, 1.5], h: 0.5, gaps: [0.5, 0.5] },
      { bc: "dirichlet", layout: "vertex", n: 5, x: [0, 0.5, 1, 1.5, 2], h: 0.5, gaps: [0, 0] },
      { bc: "dirichlet", layout: "one-sided", n: 4, x: [0, 0.5, 1, 1.5], h: 0.5, gaps: [0, 0.5] },
      { bc: "dirichlet", layout: "centred", n: 4, x: [0.25, 0.75, 1.25, 1.75], h: 0.5, gaps: [0.25, 0.25] },
      { bc: "periodic", layout: "one-sided", n: 4, x: [0, 0.5, 1, 1.5], h: 0.5, gaps: [0, 0.5] },
      { bc: "periodic", layout: "centred", n: 4, x: [0.25, 0.75, 1.25, 1.75], h: 0.5, gaps: [0.25, 0.25] },
      { bc: "neumann", layout: "centred", n: 4, x: [0.25, 0.75, 1.25, 1.75], h: 0.5, gaps: [0.25, 0.25] },
      { bc: "neumann", layout: "vertex", n: 3, x: [0, 1, 2], h: 1, gaps: [0, 0] },
    ] as const;
    for (const c of cases) {
      const g = makeGrid({ shape: c.n, lengths: L, bc: c.bc, layout: c.layout });
      expect([...gridPoints(g, 0)]).toEqual(c.x);
      expect(gridSpacing(g, 0)).toBe(c.h);
      expect(boundaryGaps(g, 0)).toEqual(c.gaps);
      expect(axisLayout(g, 0)).toBe(c.layout);
    }
    // A vertex grid's last point is L exactly even when j·h rounds below it.
    const v = makeGrid({ shape: 422, lengths: 1, bc: "dirichlet", layout: "vertex" });
    expect(gridPoints(v, 0)[421]).toBe(1);
  });

  it("defaults to each boundary condition's own layout and keeps layouts through withShape", () => {
    const g = makeGrid({ shape: [4, 5, 6], bc: ["periodic", "dirichlet", "neumann"] });
    expect(g.layout).toEqual(["one-sided", "interior", "centred"]);
    expect(gridRecord(g)).toEqual({ shape: [4, 5, 6], lengths: [1, 1, 1], bc: ["periodic", "dirichlet", "neumann"] });
    const o = makeGrid({ shape: [16, 16], bc: "dirichlet", layout: "one-sided" });
    expect(gridRecord(o).layout).toEqual(["one-sided", "one-sided"]);
    const o32 = withShape(o, [32, 32]);
    expect(o32.layout).toEqual(["one-sided", "one-sided"]);
    expect(gridsEqual(o, makeGrid({ shape: [16, 16], bc: "dirichlet" }))).toBe(false);
    // A grid record without a layout (written before layouts existed) equals the default one.
    expect(gridsEqual({ shape: [4], lengths: [1], bc: ["dirichlet"] }, makeGrid({ shape: 4, bc: "dirichlet" }))).toBe(true);
  });

  it("rejects layouts a boundary condition does not admit, naming the axis", () => {
    expect(() => makeGrid({ shape: [4, 4], bc: ["dirichlet", "periodic"], layout: ["vertex", "vertex"] })).toThrow(
      /layout\[1\] must be one of one-sided, centred on a periodic axis, got "vertex"/,
    );
    expect(() => makeGrid({ shape: 4, bc: "neumann", layout: "one-sided" })).toThrow(/layout\[0\]/);
    expect(() => makeGrid({ shape: 4, layout: "edge" as never })).toThrow(/layout\[0\]/);
    expect(() => makeGrid({ shape: 1, bc: "dirichlet", layout: "vertex" })).toThrow(/shape\[0\] must be >= 2 on a vertex axis/);
    try {
      makeGrid({ shape: [4, 4], layout: ["one-sided"] });
      expect.unreachable();
    } catch (e) {
      expect(isPdesError(e, "InvalidArgument")).toBe(true);
    }
  });

  it("finds the solvers' default grid inside a grid with another layout", () => {
    const v = makeGrid({ shape: [9, 17], lengths: [1, 2], bc: "dirichlet", layout: "vertex" });
    const e = defaultLayoutEmbedding(v);
    expect(e.start).toEqual([1, 1]);
    expect(e.count).toEqual([7, 15]);
    // The embedded points are exactly the interior grid's points.
    for (const a of [0, 1]) {
      const inner = gridPoints(e.grid, a);
      const outer = gridPoints(v, a);
      inner.forEach((x, j) => expect(Math.abs(x - outer[j + 1]!)).toBeLessThan(1e-15));
    }
    const o = defaultLayoutEmbedding(makeGrid({ shape: 16, bc: "dirichlet", layout: "one-sided" }));
    expect([o.start[0], o.count[0], o.grid.shape[0], gridSpacing(o.grid, 0)]).toEqual([1, 15, 15, 1 / 16]);
    expect(defaultLayoutEmbedding(makeGrid({ shape: 8, layout: "centred" })).count).toEqual([8]);
    const c = makeGrid({ shape: 8, bc: "dirichlet", layout: "centred" });
    expect(hasDefaultLayoutEmbedding(c)).toBe(false);
    expect(() => defaultLayoutEmbedding(c)).toThrow(/axis 0 \(dirichlet, layout centred, 8 points\) holds no dirichlet grid/);
  });
});
