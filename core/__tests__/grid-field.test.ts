import { describe, expect, it } from "vitest";
import ndarray from "ndarray";
import {
  fieldGet,
  fromNdarray,
  gridPoints,
  gridSpacing,
  isContiguous,
  isPdesError,
  makeField,
  makeGrid,
  requireFiniteField,
  sampleOnGrid,
  toContiguous,
  toNdarray,
  InvalidArgumentError,
} from "../index.js";

describe("Grid", () => {
  it("places points per boundary condition", () => {
    const g = makeGrid({ shape: [4, 3], lengths: [2, 1], bc: ["periodic", "dirichlet"] });
    expect([...gridPoints(g, 0)]).toEqual([0, 0.5, 1, 1.5]);
    expect([...gridPoints(g, 1)]).toEqual([0.25, 0.5, 0.75]);
    expect(gridSpacing(g, 1)).toBe(0.25);
    const n = makeGrid({ shape: 4, bc: "neumann" });
    expect([...gridPoints(n, 0)]).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it("rejects bad shapes, lengths and conditions naming the argument", () => {
    expect(() => makeGrid({ shape: [0] })).toThrow(/shape\[0\].*got 0/);
    expect(() => makeGrid({ shape: [4], lengths: [-1] })).toThrow(/lengths\[0\].*got -1/);
    expect(() => makeGrid({ shape: [4, 4], bc: ["periodic"] })).toThrow(/bc/);
    expect(() => makeGrid({ shape: [4], bc: "robin" as never })).toThrow(/bc\[0\].*"robin"/);
    try {
      makeGrid({ shape: [2.5] });
    } catch (e) {
      expect(isPdesError(e, "InvalidArgument")).toBe(true);
      expect(e).toBeInstanceOf(InvalidArgumentError);
    }
  });
});

describe("Field", () => {
  it("samples functions on the grid in C order", () => {
    const g = makeGrid({ shape: [2, 3], lengths: [2, 3] });
    const f = sampleOnGrid(g, (x, y) => 10 * x + y);
    expect([...f.data]).toEqual([0, 1, 2, 10, 11, 12]);
    expect(fieldGet(f, 1, 2)).toBe(12);
  });

  it("converts to and from ndarray without copying", () => {
    const f = makeField([2, 3], [1, 2, 3, 4, 5, 6]);
    const a = toNdarray(f);
    expect(a.get(1, 2)).toBe(6);
    a.set(0, 1, 42);
    expect(f.data[1]).toBe(42);
    const t = a.transpose(1, 0);
    const g = fromNdarray(t);
    expect(g.data).toBe(f.data);
    expect(isContiguous(g)).toBe(false);
    expect([...toContiguous(g).data]).toEqual([1, 4, 42, 5, 3, 6]);
    expect(() => fromNdarray(ndarray(new Float32Array(4), [4]))).toThrow(/Float64Array/);
  });

  it("validates data length and finiteness", () => {
    expect(() => makeField([2, 2], [1, 2, 3])).toThrow(/data has shape 3, expected length 4/);
    const f = makeField([3], [1, NaN, 3]);
    expect(() => requireFiniteField("f", f)).toThrow(/f contains NaN at flat index 1/);
  });
});
