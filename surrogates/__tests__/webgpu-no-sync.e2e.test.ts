import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runWebGpuChild, webgpuAvailability } from "../../core/__tests__/webgpu-harness.js";

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
  const r = runWebGpuChild(path.join(import.meta.dirname, "webgpu-no-sync-child.ts"));
  const j = r.json as ({ syncReads: number } & Record<"fno" | "gsnn", RunResult>) | null;

  it("the child ran: training, checkpoints, loading, predicting and evaluating read asynchronously only", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(j).not.toBeNull();
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
