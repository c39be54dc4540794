/** `pdes demo` in a subprocess: every row within its tolerance, bad --n is a usage error. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
// The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
const pdes = (...args: string[]) => spawnSync(process.execPath, [process.env.PDES_TEST_CLI || "bin/pdes.js", ...args], { cwd: root, encoding: "utf8" });

describe("pdes demo", () => {
  it("--json: all problems solved within their stated tolerance", () => {
    const r = pdes("demo", "--n", "64", "--json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ problem: string; error: number; tolerance: number; grid: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) expect(row.error, row.problem).toBeLessThanOrEqual(row.tolerance);
    expect(rows.some((row) => row.grid === "64×64")).toBe(true);
  });
  it("--n out of range exits 2 with one line naming the flag", () => {
    const r = pdes("demo", "--n", "10");
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("pdes: error: --n must be an integer in [64, 2048], got \"10\"");
  });
});
