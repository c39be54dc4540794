/** makeGrid's options: one value or one per axis, documented; anything else is refused, not ignored. */
import { describe, expect, it } from "vitest";
import { makeGrid, type GridOptions } from "../index.js";

describe("makeGrid options", () => {
  it("takes lengths, bc and layout as one value for every axis or one per axis", () => {
    expect(makeGrid({ shape: [8], lengths: 1, bc: "neumann" })).toMatchObject({ shape: [8], lengths: [1], bc: ["neumann"], layout: ["centred"] });
    expect(makeGrid({ shape: [4, 6], lengths: 2, bc: "dirichlet" }).lengths).toEqual([2, 2]);
    expect(makeGrid({ shape: [4, 6], lengths: [1, 3] }).lengths).toEqual([1, 3]);
    expect(makeGrid({ shape: 5 }).shape).toEqual([5]);
  });

  it("refuses an unknown option (a misspelt key would silently keep the default)", () => {
    expect(() => makeGrid({ shape: [8], length: 2 } as unknown as GridOptions)).toThrow(/^grid option length is not known \(options: shape, lengths, bc, layout\), got 2$/);
    expect(() => makeGrid({ shape: [8], bcs: "neumann" } as unknown as GridOptions)).toThrow(/grid option bcs is not known/);
  });

  it("refuses options that are not an object, and a shape that is neither a number nor an array", () => {
    expect(() => makeGrid(null as unknown as GridOptions)).toThrow(/grid options must be an object/);
    expect(() => makeGrid({ shape: "8" } as unknown as GridOptions)).toThrow(/^shape must be a number or an array of numbers, got "8"$/);
    expect(() => makeGrid({ shape: [8], lengths: [1, 2] })).toThrow(/lengths must have one entry per axis \(1\)/);
    expect(() => makeGrid({ shape: [8], lengths: "1" as unknown as number })).toThrow(/lengths\[0\] must be a finite number > 0/);
  });
});
