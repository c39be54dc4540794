import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { BACKEND_PREFERENCES, isPdesError, selectBackend, type ModuleImporter } from "../index.js";

// Stub: the native and WebGPU packages "are not installed" (import throws); everything else imports for real.
const noNative: ModuleImporter = async (s) => {
  if (s.startsWith("@tensorflow/tfjs-node") || s === "webgpu" || s === "@tensorflow/tfjs-backend-webgpu") throw new Error(`Cannot find package '${s}'`);
  return import(s);
};

afterAll(async () => {
  if (tf.findBackendFactory("tensorflow")) tf.removeBackend("tensorflow");
  await tf.setBackend("cpu");
});

describe("selectBackend", () => {
  it("auto falls back past missing native packages to wasm and logs one line", async () => {
    const lines: string[] = [];
    const info = await selectBackend("auto", { importer: noNative, log: (l) => lines.push(l) });
    expect(info.preference).toBe("wasm");
    expect(info.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.skipped.map((s) => s.preference)).toEqual(["tfjs-node-gpu", "webgpu", "tfjs-node"]);
    expect(info.skipped[0]!.reason).toContain("Cannot find package");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("backend: wasm");
  });

  it("auto falls back to cpu when wasm cannot load either", async () => {
    const none: ModuleImporter = async (s) => {
      throw new Error(`no ${s}`);
    };
    const info = await selectBackend("auto", { importer: none, quiet: true });
    expect(info.preference).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(info.skipped.map((s) => s.preference)).toEqual(["tfjs-node-gpu", "webgpu", "tfjs-node", "wasm"]);
  });

  it("honours an explicit override, even when a preferred backend is available", async () => {
    const info = await selectBackend("cpu", { quiet: true });
    expect(info.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    const w = await selectBackend("wasm", { importer: noNative, quiet: true });
    expect(tf.getBackend()).toBe("wasm");
    expect(w.skipped).toEqual([]);
  });

  it("an explicit request for a missing native backend is an error, not a silent fallback", async () => {
    await tf.setBackend("cpu");
    const err = await selectBackend("tfjs-node-gpu", { importer: noNative, quiet: true }).catch((e: unknown) => e);
    expect(isPdesError(err, "Unsupported")).toBe(true);
    expect(String((err as Error).message)).toContain("@tensorflow/tfjs-node-gpu");
    expect(tf.getBackend()).toBe("cpu");
  });

  it("auto picks a native package when its import registers the backend", async () => {
    // Fake tfjs-node: registers a "tensorflow" backend (the cpu implementation) on import.
    const fakeNode: ModuleImporter = async (s) => {
      if (s === "@tensorflow/tfjs-node-gpu") throw new Error("libcudart.so.11.0: cannot open shared object file");
      if (s === "webgpu") throw new Error("no webgpu here");
      if (s === "@tensorflow/tfjs-node") {
        tf.registerBackend("tensorflow", tf.findBackendFactory("cpu")!);
        return { version: { "tfjs-node": "9.9.9" } };
      }
      return import(s);
    };
    delete process.env.PDES_BACKEND;
    const info = await selectBackend(undefined, { importer: fakeNode, quiet: true });
    expect(info.preference).toBe("tfjs-node");
    expect(info.version).toBe("9.9.9");
    expect(tf.getBackend()).toBe("tensorflow");
    expect(info.skipped[0]!.reason).toContain("libcudart");
  });

  it("an explicit webgpu request without its packages says what to install", async () => {
    await tf.setBackend("cpu");
    const err = await selectBackend("webgpu", { importer: noNative, quiet: true }).catch((e: unknown) => e);
    expect(isPdesError(err, "Unsupported")).toBe(true);
    expect(String((err as Error).message)).toContain("npm install webgpu @tensorflow/tfjs-backend-webgpu");
    expect(String((err as Error).message)).not.toContain("\n");
    expect(tf.getBackend()).toBe("cpu");
  });

  it("auto tries tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu in that order", () => {
    expect(BACKEND_PREFERENCES).toEqual(["auto", "tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"]);
  });

  it("rejects unknown names, naming the source", async () => {
    const err = await selectBackend("gpu", { quiet: true }).catch((e: unknown) => e);
    expect(isPdesError(err, "InvalidArgument")).toBe(true);
    expect((err as Error).message).toContain('"gpu"');
  });
});

describe("forgetSelectedBackend (the test harness's per-file reset)", () => {
  it("drops the recorded choice, so ensureBackend() chooses again instead of keeping cpu", async () => {
    const { currentBackend, ensureBackend, forgetSelectedBackend } = await import("../backend.js");
    await selectBackend("cpu", { quiet: true });
    expect((await currentBackend())?.name).toBe("cpu");
    expect((await ensureBackend()).name).toBe("cpu");
    forgetSelectedBackend();
    expect(await currentBackend()).toBeNull();
    const again = await ensureBackend(null, { quiet: true });
    expect(again.name).not.toBe("cpu"); // auto prefers a faster backend; wasm ships with the package
  });
});
