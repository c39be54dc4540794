// A reader that closes the pipe early (`pdes --help | head -1`) must not crash the CLI with an
// unhandled EPIPE stack trace: it exits 0 with nothing on stderr. One spawn of the help text,
// whose output (several KB across the command list) outlives `head -c 1`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("pdes output into a pipe closed early", () => {
  it("pdes generate --help | head -c 1: exit 0, empty stderr", () => {
    // The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
    const bin = process.env.PDES_TEST_CLI || path.join(root, "bin/pdes.js");
    // pipefail makes the CLI's exit status the pipeline's.
    const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${bin}" generate --help | head -c 1 >/dev/null`], {
      encoding: "utf8",
    });
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.status, r.stderr).toBe(0);
  });
});
