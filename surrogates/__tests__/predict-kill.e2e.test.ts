/**
 * kill -9 of `pdes predict` at random moments (docs/safety.md §Outputs): whatever the moment,
 * no partial file is ever left at a final name (each final output is absent or complete), and a
 * rerun of the same command ends with outputs equal to an uninterrupted run's. The killed runs and
 * the uninterrupted one are processes; each rerun is the CLI's main() in this process
 * (scripts/__tests__/cli-in-process.ts: the same code and the same lock take-over of a dead
 * holder, without a process start each; docs/testing.md §Error paths in process).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeField, Rng } from "../../core/index.js";
import { openDataset } from "../../datasets/index.js";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { parseTrainConfig, readNpy, train, trainingDataFromDataset, writeNpy } from "../index.js";
import { BIN, generateStore, pdes, ROOT, tempDir } from "./train-helpers.js";

const N = 64;
const SAMPLES = 400;
let dir: string;
let run: string;
let input: string;
let refNpy: Buffer;
let refStore: Float64Array;

const predictArgs = (out: string) => ["predict", "--run", run, "--input", input, "--out", out, "--backend", "cpu", "--quiet"];

/** Start predict and SIGKILL it after `ms`; resolves once it is gone. */
function killAfter(out: string, ms: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...predictArgs(out)], { cwd: ROOT, stdio: "ignore" });
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  return new Promise((resolve) =>
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    }),
  );
}

async function storeOutputs(p: string): Promise<Float64Array> {
  const ds = await openDataset(p);
  return (await ds.read("outputs", 0, ds.n, "float64")) as Float64Array;
}

/** Nothing but complete outputs and our own hidden lock/temporaries beside them. */
async function expectNoPartial(out: string, kind: "npy" | "store"): Promise<void> {
  if (!fs.existsSync(out)) return;
  if (kind === "npy") expect(fs.readFileSync(out).equals(refNpy), "a partial .npy at the final name").toBe(true);
  else expect(await storeOutputs(out)).toEqual(refStore);
}

/** Kill times spread over the command's run: from before the output is claimed to after it is written. */
function killTimes(total: number, count: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Math.round(total * (0.3 + 0.8 * rng.uniform())));
}

let uninterruptedMs = 0;

beforeAll(async () => {
  dir = tempDir("predict-kill");
  const store = path.join(dir, "heat");
  run = path.join(dir, "run");
  input = path.join(dir, "in.npy");
  // The store and the run are made in this process: what is killed is `pdes predict`.
  await generateStore("heat1d", store, 16, 2, N);
  const config = parseTrainConfig({ data: store, out: run, model: "ridge", backend: "cpu" });
  const t = await train({ config, data: await trainingDataFromDataset(await openDataset(store)), backend: "cpu", warn: () => {} });
  t.model.dispose();
  const rng = new Rng(5);
  writeNpy(input, makeField([SAMPLES, N, 1], Float64Array.from({ length: SAMPLES * N }, () => rng.normal())));
  const t0 = performance.now();
  const a = pdes(predictArgs(path.join(dir, "ref.npy")));
  uninterruptedMs = performance.now() - t0;
  expect(a.code, a.stderr).toBe(0);
  refNpy = fs.readFileSync(path.join(dir, "ref.npy"));
  // A store output holds the same Float64 predictions as the .npy (surrogate.e2e checks that on
  // every value), so the uninterrupted run's store outputs are the .npy's values.
  refStore = readNpy(path.join(dir, "ref.npy")).data;
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("pdes predict killed at random moments, then rerun", () => {
  for (const kind of ["npy", "store"] as const) {
    it(`${kind} output: never partial at the final name; the rerun equals the uninterrupted run`, async () => {
      const times = killTimes(uninterruptedMs, 3, kind === "npy" ? 11 : 12);
      for (const [i, ms] of times.entries()) {
        const out = path.join(dir, `${kind}-${i}${kind === "npy" ? ".npy" : ""}`);
        await killAfter(out, ms);
        await expectNoPartial(out, kind);
        const existed = fs.existsSync(out);
        const r = await pdesInProcess(predictArgs(out));
        // A kill after the output was published and its lock released leaves a finished output:
        // the rerun then refuses to overwrite it (exit 2), which is as it should be.
        if (!(existed && r.code === 2)) expect(r.code, `kill at ${ms} ms: ${r.stderr}`).toBe(0);
        if (kind === "npy") expect(readNpy(out).data).toEqual(readNpy(path.join(dir, "ref.npy")).data);
        else expect(await storeOutputs(out)).toEqual(refStore);
        // Nothing of the killed run is left beside the output.
        expect(fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(out) + ".tmp") || f.startsWith(`.${path.basename(out)}`))).toEqual([]);
      }
    }, 600_000);
  }
});
