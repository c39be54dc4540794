// `pdes import` in a subprocess: the summary, and bad input → one line on stderr, exit 2
// (usage) or 65 (bad data), nothing written. The refusals before any work, and the verify, run
// the CLI's main() in this process (docs/testing.md §Error paths in process); the import itself
// and the exit 65 of an unreadable archive start a process.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";

// The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
const PDES = process.env.PDES_TEST_CLI || "bin/pdes.js";

const root = mkdtempSync(join(tmpdir(), "pdes-import-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fixture = new URL("./fixtures/neuralop/darcy_test_16.pt", import.meta.url).pathname;

function pdes(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [PDES, ...args], { encoding: "utf8", env: { ...process.env, SOURCE_DATE_EPOCH: "1700000000" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function pdesHere(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const r = await pdesInProcess(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

describe("pdes import", () => {
  it("imports a neuraloperator set and the store verifies", async () => {
    const out = join(root, "d16");
    const r = pdes(["import", fixture, "--out", out, "--no-fsync"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/50 samples from 1 file\(s\) \(source neuralop-darcy\), inputs \[50, 16, 16, 1\] \(a\), outputs \[50, 16, 16, 1\] \(u\), float32; grid 16×16 bc dirichlet\/dirichlet layout one-sided\/one-sided/);
    // A different import onto the same store is refused and leaves it as it was.
    const again = await pdesHere(["import", fixture, "--out", out, "--layout", "vertex"]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/out is a store made with different parameters/);
    expect((await pdesHere(["verify", out])).status).toBe(0);
  });

  // Each subprocess costs a tsx start-up (seconds on a loaded machine): one case per exit path;
  // the library tests cover the other messages.
  const truncated = join(root, "cut.pt");
  writeFileSync(truncated, readFileSync(fixture).subarray(0, 40_000));
  const cases: Array<[string, string[], number, RegExp]> = [
    ["missing file", ["import", join(root, "nope.pt")], 2, /file must exist/],
    ["bad axis letters", ["import", fixture, "--input", "x:nqy"], 2, /must be axis letters/],
    ["truncated archive", ["import", truncated], 65, /cut\.pt: not a readable zip archive/],
  ];
  for (const [label, args, code, msg] of cases) {
    it(label, async () => {
      const out = join(root, `bad-${label.replace(/\W+/g, "-")}`);
      const r = code === 65 ? pdes([...args, "--out", out]) : await pdesHere([...args, "--out", out]);
      expect(r.status).toBe(code);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    });
  }
});
