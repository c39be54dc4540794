/**
 * Crash safety of `pdes train` (docs/training.md §Checkpoints and resume): kill -9 in the middle of an epoch and --resume gives
 * the uninterrupted run's per-step losses; a truncated newest checkpoint falls back to the
 * previous one with a warning; a NaN batch stops the run at once, keeping the last checkpoint.
 * The kills and the SIGINT need a process each, and the first resume after a kill -9 runs in one
 * too; the reference run, the other resumes and the NaN run (an exit code and a message, no
 * signal) run the CLI's main() in this process (scripts/__tests__/cli-in-process.ts): the same
 * code without a process start each (docs/testing.md §Error paths in process).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMetrics, type EpochRecord, type StepRecord } from "../index.js";
import { decodeCheckpoint, listCheckpoints } from "../training/index.js";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { errorLines, generateStore, pdes, pdesAsync, readMetricsFile, tempDir } from "./train-helpers.js";

const EPOCHS = 12;
// 48 samples, 20 % validation → 38 training samples, batch 4 → 10 steps per epoch.
const STEPS_PER_EPOCH = 10;
let dir: string;
let store: string;
let reference: StepRecord[];
let configFile: string;

const trainArgs = (out: string) => [
  "train", "--config", configFile, "--data", store, "--model", "mlp", "--epochs", String(EPOCHS), "--batch-size", "4", "--lr", "0.003",
  "--seed", "11", "--backend", "cpu", "--checkpoint-every", "3", "--out", out, "--quiet",
];

function steps(run: string): StepRecord[] {
  return readMetricsFile(run).filter((r): r is StepRecord => r.type === "step");
}
function epochs(run: string): EpochRecord[] {
  return readMetricsFile(run).filter((r): r is EpochRecord => r.type === "epoch");
}

/** Start a run and SIGKILL it once its metrics log has at least `minLines` lines. */
async function killMidway(out: string, minLines: number): Promise<{ signal: NodeJS.Signals | null }> {
  const child = pdesAsync(trainArgs(out));
  const file = path.join(out, "metrics.jsonl");
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (!fs.existsSync(file)) return;
      if (fs.readFileSync(file, "utf8").trim().split("\n").length >= minLines) {
        child.kill("SIGKILL");
        clearInterval(timer);
      }
    }, 5);
    child.on("exit", () => {
      clearInterval(timer);
      resolve();
    });
  });
  return { signal: child.signalCode };
}

function expectSameCurve(run: string): void {
  const got = steps(run);
  expect(got.map((r) => r.step)).toEqual(Array.from({ length: EPOCHS * STEPS_PER_EPOCH }, (_, i) => i + 1));
  got.forEach((r, i) => {
    const ref = reference[i]!;
    expect(r.epoch).toBe(ref.epoch);
    expect(Math.abs(r.loss - ref.loss)).toBeLessThanOrEqual(1e-6 * Math.abs(ref.loss));
  });
  const ep = epochs(run).map((e) => e.epoch);
  expect(ep).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
}

beforeAll(async () => {
  dir = tempDir("resume");
  store = path.join(dir, "heat");
  configFile = path.join(dir, "config.json");
  fs.writeFileSync(configFile, JSON.stringify({ modelConfig: { hidden: [32] } }));
  await generateStore("heat1d", store, 48, 3, 16);
  const ref = await pdesInProcess(trainArgs(path.join(dir, "ref")));
  expect(ref.code, ref.stderr).toBe(0);
  reference = steps(path.join(dir, "ref"));
  expect(reference).toHaveLength(EPOCHS * STEPS_PER_EPOCH);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Start a run that freezes after `step` (test hook), then SIGKILL it there. */
async function killAtStep(out: string, step: number): Promise<NodeJS.Signals | null> {
  const child = pdesAsync(trainArgs(out), { PDES_TEST_PAUSE_AT_STEP: String(step) });
  let err = "";
  await new Promise<void>((resolve) => {
    child.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      if (err.includes(`paused after step ${step}`)) child.kill("SIGKILL");
    });
    child.on("exit", () => resolve());
  });
  return child.signalCode;
}

describe("pdes train --resume after kill -9", () => {
  it("continues mid-epoch with the same per-step losses, continuous steps and no repeated epoch", async () => {
    const out = path.join(dir, "killed");
    // Step 25 is batch 5 of epoch 3; the newest checkpoint is step 24 (checkpoint every 3 steps).
    expect(await killAtStep(out, 25)).toBe("SIGKILL");
    expect(fs.existsSync(path.join(out, "surrogate.json"))).toBe(false);
    expect(steps(out).map((s) => s.step)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const cks = listCheckpoints(path.join(out, "checkpoints"));
    const newest = decodeCheckpoint<{ step: number; epoch: number; batchInEpoch: number }>(fs.readFileSync(cks.at(-1)!), cks.at(-1)!).meta;
    expect(newest).toMatchObject({ step: 24, epoch: 2, batchInEpoch: 4 });
    const r = pdes([...trainArgs(out).filter((a) => a !== "--quiet"), "--resume"]);
    expect(r.code, r.stderr).toBe(0);
    expectSameCurve(out);
    expect(fs.existsSync(path.join(out, "surrogate.json"))).toBe(true);
    // The final model equals the uninterrupted run's, byte for byte.
    expect(fs.readFileSync(path.join(out, "weights.bin")).equals(fs.readFileSync(path.join(dir, "ref", "weights.bin")))).toBe(true);
  });

  it("after a kill at an arbitrary moment, falls back past a truncated newest checkpoint with a warning", async () => {
    const out = path.join(dir, "truncated");
    const { signal } = await killMidway(out, 45);
    expect(signal).toBe("SIGKILL");
    expect(fs.existsSync(path.join(out, "surrogate.json"))).toBe(false);
    // The library reader: the kill may have torn the last line (the resumed run must clean it up).
    const before = readMetrics(out).filter((r) => r.type === "step");
    expect(before.length).toBeGreaterThanOrEqual(40);
    expect(before.length).toBeLessThan(EPOCHS * STEPS_PER_EPOCH);
    const cks = listCheckpoints(path.join(out, "checkpoints"));
    // Two are kept; a kill between writing a new one and pruning the oldest leaves three.
    expect(cks.length).toBeGreaterThanOrEqual(2);
    expect(cks.length).toBeLessThanOrEqual(3);
    const newest = cks.at(-1)!;
    const previous = cks.at(-2)!;
    const previousStep = (decodeCheckpoint<{ step: number }>(fs.readFileSync(previous), previous)).meta.step;
    fs.truncateSync(newest, Math.floor(fs.statSync(newest).size / 2));
    const r = await pdesInProcess([...trainArgs(out), "--resume"]);
    expect(r.code, r.stderr).toBe(0);
    const warn = errorLines(r.stderr).filter((l) => l.includes("warning"));
    expect(warn.length).toBe(1);
    expect(warn[0]).toMatch(new RegExp(`${path.basename(newest)}.*falling back to the previous one`));
    expect(fs.existsSync(newest + ".corrupt")).toBe(true);
    expectSameCurve(out);
    expect(previousStep).toBeGreaterThan(0);
  });
});

describe("pdes train on SIGINT", () => {
  it("writes a checkpoint at the current step, exits non-zero, and resumes exactly", async () => {
    const out = path.join(dir, "sigint");
    const child = pdesAsync(trainArgs(out));
    let err = "";
    child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    const file = path.join(out, "metrics.jsonl");
    const code = await new Promise<number | null>((resolve) => {
      const timer = setInterval(() => {
        if (fs.existsSync(file) && fs.readFileSync(file, "utf8").split("\n").length > 15) {
          clearInterval(timer);
          child.kill("SIGINT");
        }
      }, 5);
      child.on("exit", (c) => {
        clearInterval(timer);
        resolve(c);
      });
    });
    expect(code).toBe(1);
    const m = /training interrupted \(SIGINT\) after step (\d+); checkpoint .* written, continue with --resume/.exec(err);
    expect(m, err).not.toBeNull();
    const at = Number(m![1]);
    expect(steps(out).at(-1)!.step).toBe(at);
    const cks = listCheckpoints(path.join(out, "checkpoints"));
    expect(decodeCheckpoint<{ step: number }>(fs.readFileSync(cks.at(-1)!), cks.at(-1)!).meta.step).toBe(at);
    const r = await pdesInProcess([...trainArgs(out), "--resume"]);
    expect(r.code, r.stderr).toBe(0);
    expectSameCurve(out);
  });
});

describe("NaN guard", () => {
  it("stops within one step with a non-zero exit and keeps the last good checkpoint", async () => {
    const out = path.join(dir, "nan");
    // The CLI reads its test hook from the environment (per-file-setup.ts puts the variable back).
    process.env.PDES_TEST_NAN_STEP = "14";
    const r = await pdesInProcess(trainArgs(out)).finally(() => delete process.env.PDES_TEST_NAN_STEP);
    expect(r.code).not.toBe(0);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/training loss is NaN at step 14 \(epoch 2\)/);
    // Steps 1..13 ran; step 14 was neither logged nor applied.
    expect(steps(out).map((s) => s.step)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const cks = listCheckpoints(path.join(out, "checkpoints"));
    const newest = cks[cks.length - 1]!;
    const ck = decodeCheckpoint<{ step: number }>(fs.readFileSync(newest), newest);
    expect(ck.meta.step).toBe(12);
    expect(fs.existsSync(path.join(out, "surrogate.json"))).toBe(false);
    // The checkpoint is usable: resuming without the injected NaN reproduces the clean run.
    const resumed = await pdesInProcess([...trainArgs(out), "--resume"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expectSameCurve(out);
  });
});
