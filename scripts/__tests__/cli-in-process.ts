/**
 * `pdes <args>` run in the test's own process: the CLI's main(argv) with stdout and stderr
 * captured, its return value as the exit code. The bin does nothing else (`process.exitCode =
 * await main(argv)`), so an error path that writes nothing and exits before any work — a usage
 * error, a store of the wrong problem, an output that may not be written — is checked here
 * without a process start, which costs 0.3–0.7 s of CPU each (docs/testing.md §Error paths in
 * process). What only a process shows (the exit status itself, signals, a process that does not
 * exit) keeps a spawned check: scripts/__tests__/usage-errors.e2e, and one per command where it
 * is the point.
 */
import { vi } from "vitest";
import { main } from "../main.js";

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** main(args) from working directory `cwd` (default: the current one), output captured. */
export async function pdesInProcess(args: readonly string[], cwd?: string): Promise<InProcessResult> {
  let stdout = "";
  let stderr = "";
  const here = process.cwd();
  const out = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    if (cwd !== undefined) process.chdir(cwd);
    const code = await main([...args]);
    return { code, stdout, stderr };
  } finally {
    process.chdir(here);
    out.mockRestore();
    err.mockRestore();
  }
}
