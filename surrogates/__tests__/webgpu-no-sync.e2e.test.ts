import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runSharedWebGpuChild, webgpuAvailability } from "../../core/__tests__/webgpu-harness.js";

const avail = webgpuAvailability();

interface RunResult {
  steps: number;
  finite: boolean;
  relL2: number;
  config: string;
  surrogate: { backend: string };
  metricsBackends: string[];
  checkpoints: number;
}

describe.skipIf(!avail.ok)(`a run on webgpu whose synchronous reads throw still completes ${avail.ok ? "" : avail.reason}`, () => {
  // The child shared with webgpu-optimizer and webgpu-models.grad (webgpu-checks-child.ts).
  const r = runSharedWebGpuChild(path.join(import.meta.dirname, "webgpu-checks-child.ts"));
  const all = r.json as { noSync?: unknown } | null;
  const j = (all?.noSync ?? null) as ({ error?: string; syncReads: number } & Record<"fno" | "gsnn", RunResult>) | null;

  it("the child ran: training, checkpoints, loading, predicting and evaluating read asynchronously only", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(j).not.toBeNull();
    expect(j!.error).toBeUndefined();
    expect(j!.syncReads).toBe(0);
  });

  it.each(["fno", "gsnn"] as const)("%s: trained, checkpointed, predicts finite values, and every record says webgpu", (m) => {
    const x = j![m];
    expect(x.steps).toBe(2); // 6 training samples, batch 6: 1 step × 2 epochs
    expect(x.checkpoints).toBeGreaterThan(0);
    expect(x.finite).toBe(true);
    expect(Number.isFinite(x.relL2)).toBe(true);
    expect(x.config).toBe("webgpu");
    expect(x.surrogate.backend).toBe("webgpu");
    expect(x.metricsBackends).toEqual(["webgpu"]);
  });
});
