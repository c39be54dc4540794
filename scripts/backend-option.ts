/**
 * The `--backend` flag shared by the commands that run tfjs models (train, evaluate, bench).
 * Default: `PDES_BACKEND`, else `auto`. See core/backend.ts and docs/gpu.md.
 */
import { Option } from "commander";
import { BACKEND_PREFERENCES, selectBackend, type BackendInfo, type SelectBackendOptions } from "../core/index.js";

/** `cmd.addOption(backendOption())`; the parsed value is in `opts.backend`. */
export function backendOption(): Option {
  return new Option("--backend <name>", "compute backend (auto picks tfjs-node-gpu, webgpu on a hardware GPU, tfjs-node, wasm, cpu)")
    .choices([...BACKEND_PREFERENCES])
    .default(process.env.PDES_BACKEND || "auto");
}

/** Activate the backend a command was asked for; returns the info to store in the run record. */
export function activateBackend(opts: { backend?: string }, sel: SelectBackendOptions = {}): Promise<BackendInfo> {
  return selectBackend(opts.backend || process.env.PDES_BACKEND || "auto", sel);
}
