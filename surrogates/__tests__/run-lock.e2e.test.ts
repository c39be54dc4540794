/**
 * One writer per run directory (docs/safety.md §Locks): while one `pdes train --resume` runs, a
 * second one on the same run is refused at once with one line and exit 2, writing nothing; once
 * the first is killed -9 its lock is stale and the next resume takes it over; metrics.jsonl
 * holds each step and each epoch exactly once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EpochRecord, StepRecord } from "../index.js";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { errorLines, generateStore, pdesAsync, readMetricsFile, tempDir } from "./train-helpers.js";

const EPOCHS = 3;
// 20 samples, 20 % validation → 16 training samples, batch 4 → 4 steps per epoch.
const STEPS = EPOCHS * 4;
let dir: string;
let store: string;

const trainArgs = (out: string) => [
  "train", "--data", store, "--model", "mlp", "--epochs", String(EPOCHS), "--batch-size", "4", "--seed", "3", "--backend", "cpu",
  "--checkpoint-every", "2", "--out", out, "--quiet",
];

/** Start a run that freezes after `step` (test hook); resolves with the child once it is frozen there. */
async function pausedAt(args: string[], step: number) {
  const child = pdasync(args, step);
  let err = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      if (err.includes(`paused after step ${step}`)) resolve();
    });
    child.on("exit", (c) => reject(new Error(`exited ${c} before pausing: ${err}`)));
  });
  return child;
}
const pdasync = (args: string[], step: number) => pdesAsync(args, { PDES_TEST_PAUSE_AT_STEP: String(step) });

async function kill9(child: ReturnType<typeof pdesAsync>): Promise<void> {
  const gone = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  child.kill("SIGKILL");
  await gone;
}

beforeAll(async () => {
  dir = tempDir("run-lock");
  store = path.join(dir, "heat");
  await generateStore("heat1d", store, 20, 4, 16);
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("two writers on one run directory", () => {
  it("a second resume is refused (one line, exit 2, nothing written); after a kill -9 the lock is taken over", async () => {
    const out = path.join(dir, "run");
    await kill9(await pausedAt(trainArgs(out), 3));
    const first = await pausedAt([...trainArgs(out), "--resume"], 6);
    const metricsBefore = fs.readFileSync(path.join(out, "metrics.jsonl"));
    // The second writer is this test's own process (the CLI's main(): docs/testing.md §Error
    // paths in process); the first is the paused child.
    const second = await pdesInProcess([...trainArgs(out), "--resume"]);
    expect(second.code, second.stderr).toBe(2);
    const lines = errorLines(second.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/run directory .*run is being written by pdes process \d+ .*train --resume/);
    expect(fs.readFileSync(path.join(out, "metrics.jsonl")).equals(metricsBefore)).toBe(true);
    // A fresh train into the same directory is refused as well.
    expect((await pdesInProcess(trainArgs(out))).code).toBe(2);
    await kill9(first);
    // The take-over of a dead holder's lock: in this process too (the holder was a child).
    const third = await pdesInProcess([...trainArgs(out), "--resume"]);
    expect(third.code, third.stderr).toBe(0);
    const recs = readMetricsFile(out);
    expect(recs.filter((r): r is StepRecord => r.type === "step").map((r) => r.step)).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    expect(recs.filter((r): r is EpochRecord => r.type === "epoch").map((r) => r.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    // The finished run left no lock behind.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".pdes-lock"))).toEqual([]);
  }, 600_000);
});
