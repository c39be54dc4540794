import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runSharedWebGpuChild, webgpuAvailability } from "../../core/__tests__/webgpu-harness.js";

const avail = webgpuAvailability();

describe.skipIf(!avail.ok)(`fused GELU on webgpu ${avail.ok ? "" : avail.reason}`, () => {
  // The child shared with the other WebGPU check files (surrogates/__tests__/webgpu-checks-child.ts).
  const r = runSharedWebGpuChild(path.join(import.meta.dirname, "../../surrogates/__tests__/webgpu-checks-child.ts"));
  const all = r.json as { gelu?: unknown } | null;
  const j = (all?.gelu ?? null) as { error?: string; exact: { value: number; grad: number }; tanh: { value: number; grad: number }; counts: { dispatches: number } } | null;

  it("the child ran", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(j).not.toBeNull();
    expect(j!.error).toBeUndefined();
  });

  it("exact and tanh forms, value and gradient, match the tfjs-op reference on cpu over [-12, 12]", () => {
    for (const k of [j!.exact, j!.tanh]) {
      expect(k.value).toBeLessThan(1e-5);
      expect(k.grad).toBeLessThan(1e-5);
    }
  });

  it("one dispatch each way (the reference: 5 forward, 7 backward)", () => {
    // GELU forward + gradient, the sum and its gradient's broadcast of ones.
    expect(j!.counts.dispatches).toBeLessThanOrEqual(4);
  });
});
