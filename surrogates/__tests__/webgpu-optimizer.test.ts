import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runSharedWebGpuChild, webgpuAvailability } from "../../core/__tests__/webgpu-harness.js";

const avail = webgpuAvailability();

describe.skipIf(!avail.ok)(`fused AdamW and gradient norm on webgpu ${avail.ok ? "" : avail.reason}`, () => {
  // The child shared with webgpu-models.grad and webgpu-no-sync (webgpu-checks-child.ts).
  const r = runSharedWebGpuChild(path.join(import.meta.dirname, "webgpu-checks-child.ts"));
  const all = r.json as { optimizer?: unknown } | null;
  const j = (all?.optimizer ?? null) as { error?: string; tensors: number; maxRel: number; normRel: number; counts: { dispatches: number; uploads: number; syncReads: number } } | null;

  it("the child ran", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(j).not.toBeNull();
    expect(j!.error).toBeUndefined();
  });

  it("weights and both moments match the op-by-op AdamW on cpu after several steps (weight decay, sizes 1 to 70 000)", () => {
    expect(j!.maxRel).toBeLessThan(1e-5);
  });

  it("the global norm over more tensors than one shader binds matches", () => {
    expect(j!.normRel).toBeLessThan(1e-5);
  });

  it("one dispatch per weight tensor and a few for the norm; no scalar uploads", () => {
    // Op by op this was ~13 dispatches per tensor for Adam and 2 for the norm, each scalar
    // constant uploaded: ~300 dispatches and ~180 uploads for these 20 tensors.
    expect(j!.counts.dispatches).toBeLessThanOrEqual(j!.tensors + 5);
    expect(j!.counts.uploads).toBe(j!.tensors); // the step's gradients, made in JS
    expect(j!.counts.syncReads).toBe(0);
  });
});
