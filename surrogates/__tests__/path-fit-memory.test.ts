/**
 * GSNN's linear-path fit sizes its forward passes to the grid (docs/safety.md §Memory): the
 * default model on a 128² grid ran the deep part over 64 samples at once and aborted the wasm
 * heap at 4.3 GB; passes are now bounded to about 256 MB of activations.
 */
import { describe, expect, it } from "vitest";
import { pathFitBatch } from "../model-registry.js";

describe("path-fit pass size", () => {
  it("keeps small grids at 64 samples per pass and bounds the activations of large ones", () => {
    expect(pathFitBatch([64], {})).toBe(64);
    expect(pathFitBatch([32, 32], { width: 8 })).toBe(64);
    for (const [shape, width] of [[[128, 128], 32], [[256, 256], 32], [[128, 128], 128], [[64, 64, 64], 16]] as const) {
      const b = pathFitBatch(shape, { width });
      const points = shape.reduce((p, q) => p * q, 1);
      expect(b).toBeGreaterThanOrEqual(1);
      // At most ~256 MB of float32 (mean, variance) activations × 16 live intermediates per pass, unless one sample alone is more.
      if (b > 1) expect(b * points * width * 2 * 4 * 16).toBeLessThanOrEqual(256e6);
    }
    expect(pathFitBatch([128, 128], {})).toBeLessThan(64);
  });
});
