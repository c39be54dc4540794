import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isSoftwareAdapter } from "../index.js";
import { runWebGpuChild, webgpuAvailability } from "./webgpu-harness.js";

const avail = webgpuAvailability();
const reason = avail.ok ? "" : avail.reason;

describe("software adapter detection", () => {
  it("knows the CPU implementations of WebGPU and accepts hardware names", () => {
    expect(isSoftwareAdapter({ vendor: "google", architecture: "swiftshader", description: "SwiftShader driver 5.0.0" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "mesa", device: "llvmpipe (LLVM 15.0.6, 256 bits)" })).toBe(true);
    expect(isSoftwareAdapter({ description: "Microsoft Basic Render Driver" })).toBe(true);
    expect(isSoftwareAdapter({ vendor: "nvidia", architecture: "hopper", description: "NVIDIA H200" })).toBe(false);
    expect(isSoftwareAdapter({ vendor: "amd", architecture: "rdna-3", description: "AMD Radeon RX 7900 XTX" })).toBe(false);
    expect(isSoftwareAdapter({ vendor: "nvidia" }, true)).toBe(true);
  });
});

describe.skipIf(!avail.ok)(`webgpu backend ${reason}`, () => {
  const r = runWebGpuChild(path.join(import.meta.dirname, "webgpu-backend-child.ts"));
  const j = r.json as {
    auto: { preference: string; skipped: { preference: string; reason: string }[] };
    explicit: { preference: string; name: string; adapter: { software: boolean; description: string } };
    backendAfter: string;
    addNError: number;
    uploadError: number;
    counts: { uploads: number; buffersCreated: number; syncReads: number };
  };

  it("the child ran", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(j).not.toBeNull();
  });

  it("auto skips a software adapter, naming it, and settles on wasm", () => {
    const adapterIsSoftware = j.explicit.adapter.software;
    if (!adapterIsSoftware) return; // a real GPU here: auto may rightly choose it
    expect(j.auto.preference).toBe("wasm");
    const w = j.auto.skipped.find((s) => s.preference === "webgpu");
    expect(w?.reason).toMatch(/software adapter/);
  });

  it("an explicit webgpu request uses the adapter, software or not, and records it", () => {
    expect(j.explicit.preference).toBe("webgpu");
    expect(j.explicit.name).toBe("webgpu");
    expect(j.backendAfter).toBe("webgpu");
    expect(j.explicit.adapter.description.length).toBeGreaterThan(0);
  });

  it("AddN over more inputs than a shader may bind is exact", () => {
    expect(j.addNError).toBeLessThan(1e-6);
  });

  it("uploads arrive intact and allocate no buffer per upload", () => {
    expect(j.uploadError).toBeLessThan(1e-3);
    expect(j.counts.uploads).toBe(40);
    // Once the pools hold what the chain needs, an upload allocates nothing (tfjs 4.22 itself
    // creates and destroys a staging buffer per upload).
    expect(j.counts.buffersCreated).toBeLessThanOrEqual(2);
    expect(j.counts.syncReads).toBe(0);
  });
});
