import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshot } from "./store-snapshot.js";
import { afterAll, describe, expect, it } from "vitest";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { generateDataset } from "../index.js";

// The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
const PDES = process.env.PDES_TEST_CLI || "bin/pdes.js";

const root = mkdtempSync(join(tmpdir(), "pdes-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SDE = "1700000000";
const env = { ...process.env, SOURCE_DATE_EPOCH: SDE };

function pdes(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [PDES, ...args], { encoding: "utf8", env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI's main() in this process, output captured. */
async function pdesHere(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const r = await pdesInProcess(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

describe("pdes generate: bad input → one line on stderr, non-zero exit, nothing written", () => {
  const out = join(root, "bad");
  const cases: Array<[string, string[], RegExp]> = [
    ["unknown problem", ["generate", "burgers", "--n", "4", "--seed", "1", "--out", out], /problem must be one of/],
    ["n = 0", ["generate", "heat1d", "--n", "0", "--seed", "1", "--out", out], /n must be an integer/],
    ["n < 0", ["generate", "heat1d", "--n", "-3", "--seed", "1", "--out", out], /n must be an integer/],
    ["n not a number", ["generate", "heat1d", "--n", "many", "--seed", "1", "--out", out], /--n must be a number/],
    ["resolution 1", ["generate", "heat2d", "--n", "4", "--seed", "1", "--out", out, "--resolution", "1"], /resolution must be in \[2, 65536\], got 1/],
    ["resolution not an integer", ["generate", "heat2d", "--n", "4", "--seed", "1", "--out", out, "--resolution", "3.5"], /resolution must be an integer/],
    ["parameter of another problem", ["generate", "darcy2d", "--n", "4", "--seed", "1", "--out", out, "--kappa", "1"], /kappa is not a parameter of darcy2d/],
    ["bad shard", ["generate", "heat1d", "--n", "4", "--seed", "1", "--out", out, "--shard", "2/2"], /shard/],
  ];
  // The first case starts a process, for the exit status itself; the others are refused by the
  // same parse and checks before any work, so they run the CLI's main() in this process
  // (docs/testing.md §Error paths in process).
  for (const [i, [label, args, msg]] of cases.entries()) {
    it(label, async () => {
      const r = i === 0 ? pdes(args) : await pdesHere(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("existing file or non-dataset directory", async () => {
    const dir = join(root, "notastore");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.txt"), "keep me");
    for (const target of [dir, join(dir, "a.txt")]) {
      const r = await pdesHere(["generate", "heat1d", "--n", "4", "--seed", "1", "--out", target]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/must be a new path or an existing dataset store/);
    }
    expect(readdirSync(dir)).toEqual(["a.txt"]);
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("keep me");
  });

  // verify's exit 65 from a process: scripts/__tests__/cli.e2e.
  it("verify and info on a missing store fail with exit 65", async () => {
    for (const cmd of ["verify", "info"]) {
      const r = await pdesHere([cmd, join(root, "missing")]);
      expect(r.status).toBe(65);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("crash safety: kill -9 at random moments, resume, same bytes as an uninterrupted run", () => {
  it("three kills then a resume give the reference bytes, verify passes, no temp files remain", async () => {
    const gen = { problem: "darcy2d", params: { resolution: 31 }, n: 96, seed: 5, chunkSamples: 4 };
    const ref = join(root, "ref");
    await generateDataset({ ...gen, out: ref, created: new Date(Number(SDE) * 1000) });
    const out = join(root, "crash");
    const args = ["generate", "darcy2d", "--resolution", "31", "--n", "96", "--seed", "5", "--chunk-samples", "4", "--workers", "2", "--out", out];
    const records = (): number => (existsSync(join(out, ".pdes", "chunks")) ? readdirSync(join(out, ".pdes", "chunks")).filter((f) => f.endsWith(".json")).length : 0);
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    // Kill points: during start-up/metadata, after the first chunks, around the middle.
    // The whole uninterrupted run takes ~2 s on a quiet machine, so the start-up kill
    // must land well inside that (a 1.5 s jitter once let the first run finish).
    const plans = [
      { after: 0, jitter: 300 },
      { after: records() + 2, jitter: 60 },
      { after: 14, jitter: 60 },
    ];
    let killed = 0;
    for (const plan of plans) {
      const child = spawn(process.execPath, [PDES, ...args], { env, stdio: "ignore" });
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      let done = false;
      void exited.then(() => (done = true));
      const t0 = Date.now();
      while (!done && records() < plan.after && Date.now() - t0 < 60_000) await sleep(10);
      await sleep(Math.random() * plan.jitter);
      if (!done) {
        child.kill("SIGKILL");
        killed++;
      }
      await exited;
    }
    expect(killed).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(out, ".pdes", "COMPLETE"))).toBe(false);
    const r = pdes(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/store complete/);
    expect(snapshot(out)).toEqual(snapshot(ref));
    expect(Object.keys(snapshot(out)).filter((f) => /\.tmp-/.test(f))).toEqual([]);
    // verify and info read the store only: in this process.
    const v = await pdesHere(["verify", out]);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/ok \(/);
    const info = await pdesHere(["info", out]);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/darcy2d/);
    expect(info.stdout).toMatch(/inputs +\[96, 31, 31, 1\] float32/);
  });
});
