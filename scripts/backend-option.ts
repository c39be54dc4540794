/**
 * The `--backend` flag shared by every command that runs tfjs models (train, predict, evaluate,
 * compare, quickstart, bench surrogates). It has no commander default: an absent flag is
 * resolved by core's `resolveBackendPreference` (the flag, else `PDES_BACKEND`, else the
 * command's fallback), the same resolver the library uses. See docs/gpu.md.
 */
import { Option } from "commander";
import { BACKEND_PREFERENCES } from "../core/index.js";

/** `cmd.addOption(backendOption())`; the parsed value is in `opts.backend` (undefined if absent). */
export function backendOption(defaults = "PDES_BACKEND, else auto"): Option {
  const order = BACKEND_PREFERENCES.filter((p) => p !== "auto").join(", ");
  return new Option("--backend <name>", `compute backend (default ${defaults}; auto tries ${order})`).choices([...BACKEND_PREFERENCES]);
}
