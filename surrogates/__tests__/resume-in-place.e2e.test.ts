/**
 * A run resumes in place wherever it lives (docs/safety.md §Runs resume in place): config.json
 * records its paths relative to the run directory, so a copy resumes into the copy (leaving the
 * original untouched), a moved run resumes from any working directory, a moved store is named
 * with --data, and --epochs on resume is what config.json then says. A resume with no usable
 * checkpoint logs the closed-form "before" fit once, not twice. The killed runs are processes; the
 * resumes run the CLI's main() in this process from the working directory each names
 * (scripts/__tests__/cli-in-process.ts; docs/testing.md §Error paths in process).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshot } from "../../datasets/__tests__/store-snapshot.js";
import type { FitRecord, StepRecord } from "../index.js";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { BIN, errorLines, generateStore, readMetricsFile, tempDir } from "./train-helpers.js";

let dir: string;

/** The CLI's main() run from working directory `cwd`, in this process. */
function pdesIn(cwd: string, args: string[]) {
  return pdesInProcess(args, cwd);
}

/** Start the CLI in `cwd`, freeze it after `step` (test hook) and kill -9 it there. */
async function killAtStep(cwd: string, args: string[], step: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, PDES_TEST_PAUSE_AT_STEP: String(step) }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  await new Promise<void>((resolve) => {
    child.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      if (err.includes(`paused after step ${step}`)) child.kill("SIGKILL");
    });
    child.on("exit", () => resolve());
  });
  expect(child.signalCode, err).toBe("SIGKILL");
}

const steps = (run: string) => readMetricsFile(run).filter((r): r is StepRecord => r.type === "step").map((r) => r.step);
const config = (run: string) => JSON.parse(fs.readFileSync(path.join(run, "config.json"), "utf8")) as Record<string, unknown>;

beforeAll(async () => {
  dir = tempDir("resume-in-place");
  await generateStore("heat1d", path.join(dir, "heat"), 20, 4, 16);
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// 16 training samples, batch 4: 4 steps per epoch.
const args = (out: string, epochs: number) => ["train", "--data", "heat", "--model", "mlp", "--epochs", String(epochs), "--batch-size", "4", "--seed", "3", "--backend", "cpu", "--checkpoint-every", "2", "--out", out, "--quiet"];

describe("train --resume in place", () => {
  it("a copy resumes into itself, a moved run from anywhere, a moved store with --data; --epochs is recorded", async () => {
    const a = path.join(dir, "A");
    await killAtStep(dir, args("A", 2), 3);
    expect(config(a)).toMatchObject({ out: ".", data: "../heat" });
    const original = snapshot(a);
    // cp -a A B, then resume B from another working directory, asking for more epochs.
    const b = path.join(dir, "B");
    fs.cpSync(a, b, { recursive: true, preserveTimestamps: true });
    const rb = await pdesIn(path.parse(dir).root, ["train", "--resume", "--out", b, "--epochs", "3", "--quiet"]);
    expect(rb.code, rb.stderr).toBe(0);
    expect(fs.existsSync(path.join(b, "surrogate.json"))).toBe(true);
    expect(steps(b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(config(b)).toMatchObject({ epochs: 3, out: ".", data: "../heat" });
    expect(snapshot(a)).toEqual(original);
    // mv A C and mv heat elsewhere: resuming C names the missing store, then takes --data.
    const c = path.join(dir, "sub", "C");
    fs.mkdirSync(path.dirname(c));
    fs.renameSync(a, c);
    fs.renameSync(path.join(dir, "heat"), path.join(dir, "heat-moved"));
    const missing = await pdesInProcess(["train", "--resume", "--out", c, "--quiet"], dir);
    expect(missing.code).toBe(2);
    expect(errorLines(missing.stderr)).toHaveLength(1);
    expect(errorLines(missing.stderr)[0]).toMatch(/config\.data .*does not exist.*--data/);
    const rc = await pdesIn(c, ["train", "--resume", "--out", ".", "--data", path.join(dir, "heat-moved"), "--quiet"]);
    expect(rc.code, rc.stderr).toBe(0);
    expect(steps(c)).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
    fs.renameSync(path.join(dir, "heat-moved"), path.join(dir, "heat"));
  }, 600_000);

  it("a resume killed before its first checkpoint logs the before-fit once", async () => {
    // GSNN fits its linear path in closed form before the first step ("fit" record, stage before).
    const gsnn = ["train", "--data", "heat", "--model", "gsnn", "--epochs", "1", "--batch-size", "4", "--seed", "3", "--backend", "cpu", "--checkpoint-every", "100", "--out", "G", "--quiet"];
    const g = path.join(dir, "G");
    fs.writeFileSync(path.join(dir, "small.json"), JSON.stringify({ modelConfig: { width: 4, depth: 1 } }));
    await killAtStep(dir, [...gsnn, "--config", "small.json"], 1);
    const before = (run: string) => readMetricsFile(run).filter((r): r is FitRecord => r.type === "fit" && r.when === "before");
    expect(before(g)).toHaveLength(1);
    await killAtStep(dir, ["train", "--resume", "--out", "G", "--quiet"], 1);
    expect(before(g)).toHaveLength(1);
    const r = await pdesIn(dir, ["train", "--resume", "--out", "G", "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(before(g)).toHaveLength(1);
    expect(steps(g)).toEqual([1, 2, 3, 4]);
  }, 600_000);
});
