import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runSharedWebGpuChild, webgpuAvailability } from "../../core/__tests__/webgpu-harness.js";

const avail = webgpuAvailability();

interface CaseResult {
  forward: number;
  gradMax: number;
  grads: number;
  counts: { syncReads: number; dispatches: number };
}

describe.skipIf(!avail.ok)(`every model on webgpu agrees with the cpu backend ${avail.ok ? "" : avail.reason}`, () => {
  // Small shapes: on SwiftShader (CI) every kernel runs on the CPU through an emulated GPU.
  // The child shared with webgpu-optimizer and webgpu-no-sync (webgpu-checks-child.ts).
  const r = runSharedWebGpuChild(path.join(import.meta.dirname, "webgpu-checks-child.ts"));
  const all = r.json as { models?: { error?: string } } | null;
  const j = (all?.models ?? null) as ({ error?: string; spectralImplementation: string; results: Record<string, CaseResult> } | null);

  it("the child ran", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(j).not.toBeNull();
    expect(j!.error).toBeUndefined();
  });

  it.each(["fno-1d", "fno-2d", "gsnn", "gsnn-probabilistic", "mlp", "deeponet"])("%s: forward and weight gradients within 1e-4", (name) => {
    const c = j!.results[name]!;
    expect(c.grads).toBeGreaterThan(0);
    expect(c.forward).toBeLessThanOrEqual(1e-4);
    expect(c.gradMax).toBeLessThanOrEqual(1e-4);
    // The pass read its results asynchronously only.
    expect(c.counts.syncReads).toBe(0);
    expect(c.counts.dispatches).toBeGreaterThan(0);
  });

  it("spectral transforms take the matMul path on webgpu (the fft.js path reads back to the CPU)", () => {
    expect(j!.spectralImplementation).toBe("matmul");
  });
});
