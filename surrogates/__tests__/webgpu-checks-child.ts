// Child of the WebGPU test files (SwiftShader environment): operators' webgpu-gelu's and
// webgpu-optimizer's, webgpu-models.grad's and webgpu-no-sync.e2e's checks in one process, run once
// per test run and shared by the four files (core/__tests__/webgpu-harness.ts,
// runSharedWebGpuChild). On SwiftShader most of such a child's CPU is process start-up and
// compiling shaders, and a pipeline compiled for one check is reused by the next (tfjs caches them
// per process): one process instead of three cost 22 s of CPU instead of 27 (docs/testing.md).
// Each check's result, or its error, is kept under its name, so one failing check leaves the
// others' results intact. Prints one JSON line.
import { geluCheck } from "../../operators/__tests__/webgpu-gelu-check.js";
import { modelsCheck } from "./webgpu-models-check.js";
import { noSyncCheck } from "./webgpu-no-sync-check.js";
import { optimizerCheck } from "./webgpu-optimizer-check.js";

// no-sync last: it traps synchronous reads while it runs (and puts the backend's back after).
const CHECKS: Record<string, () => Promise<unknown>> = { gelu: geluCheck, optimizer: optimizerCheck, models: modelsCheck, noSync: noSyncCheck };
const only = process.argv[2]?.split(",");
const out: Record<string, unknown> = {};
for (const [name, check] of Object.entries(CHECKS)) {
  if (only && !only.includes(name)) continue;
  try {
    out[name] = await check();
  } catch (e) {
    out[name] = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
console.log(JSON.stringify(out));
