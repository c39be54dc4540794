/**
 * The rules of docs/safety.md through the CLI, one case per defect found by trying the commands
 * as a clumsy user would: outputs never overwrite (an input least of all), data of another
 * problem is refused before anything is written, and output paths that cannot be written are
 * one usage line, not an errno from deep inside a write. Each refusal happens before any work,
 * so most run the CLI's main() in this process (docs/testing.md §Error paths in process); the
 * exit-65 refusal of predict starts a process, for the exit status itself.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshot } from "../../datasets/__tests__/store-snapshot.js";
import { makeField } from "../../core/index.js";
import { openDataset } from "../../datasets/index.js";
import { parseTrainConfig, train, trainingDataFromDataset, writeNpy } from "../index.js";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { errorLines, generateStore, pdes, tempDir } from "./train-helpers.js";

const pdesHere = async (args: string[]) => ({ ...(await pdesInProcess(args)), signal: null });

let dir: string;
let heat: string;
let poisson: string;
let run: string;
let input: string;

function expectOneLine(r: { code: number | null; stderr: string }, code: number, re: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = errorLines(r.stderr);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(re);
}

// The stores and the run are made in this process: what is tested is how the commands treat them.
beforeAll(async () => {
  dir = tempDir("safety-cli");
  heat = path.join(dir, "heat");
  poisson = path.join(dir, "poisson");
  run = path.join(dir, "run");
  input = path.join(dir, "ok.npy");
  await generateStore("heat1d", heat, 12, 1, 16);
  await generateStore("poisson1d", poisson, 12, 1, 16);
  const config = parseTrainConfig({ data: heat, out: run, model: "ridge", backend: "cpu" });
  const t = await train({ config, data: await trainingDataFromDataset(await openDataset(heat)), backend: "cpu", warn: () => {} });
  t.model.dispose();
  writeNpy(input, makeField([2, 16, 1], Float64Array.from({ length: 32 }, (_, i) => Math.sin(i))));
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("predict never overwrites", () => {
  it("--variance naming the input (or any existing file) is refused, and the input is unchanged", async () => {
    const before = fs.readFileSync(input);
    const out = path.join(dir, "a.npy");
    const r = await pdesHere(["predict", "--run", run, "--input", input, "--out", out, "--variance", input, "--backend", "cpu"]);
    expectOneLine(r, 2, /--variance/);
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
  }, 600_000);
});

describe("data of another problem is refused before anything is written", () => {
  it("predict, evaluate and compare on a poisson1d store with a heat1d run: exit 65, nothing written", async () => {
    const runBefore = snapshot(run);
    const out = path.join(dir, "p-out");
    expectOneLine(pdes(["predict", "--run", run, "--input", poisson, "--out", out, "--backend", "cpu"]), 65, /poisson.*heat1d|heat1d.*poisson/);
    expect(fs.existsSync(out)).toBe(false);
    expectOneLine(await pdesHere(["evaluate", "--run", run, "--data", poisson, "--backend", "cpu"]), 65, /poisson.*heat1d|heat1d.*poisson/);
    const cmp = path.join(dir, "cmp");
    const c = await pdesHere(["compare", "--dataset", `${heat},${poisson}`, "--models", "ridge", "--n-train", "8", "--seeds", "0", "--out", cmp, "--quiet"]);
    expectOneLine(c, 65, /poisson.*heat1d|heat1d.*poisson/);
    expect(fs.existsSync(cmp)).toBe(false);
    // The run (and its evaluation.json, if any) is exactly as it was.
    expect(snapshot(run)).toEqual(runBefore);
  }, 600_000);
});

describe("output paths that cannot be written are usage errors", () => {
  it("a --out under a file (ENOTDIR), in a read-only directory, or a non-empty compare --out: exit 2, nothing created", async () => {
    const file = path.join(dir, "plain-file");
    fs.writeFileSync(file, "x");
    expectOneLine(await pdesHere(["generate", "heat1d", "--n", "4", "--seed", "1", "--resolution", "16", "--out", path.join(file, "store"), "--quiet"]), 2, /--out .*file/);
    const ro = path.join(dir, "read-only");
    fs.mkdirSync(ro);
    fs.chmodSync(ro, 0o555);
    try {
      // As root every directory is writable; the check is then moot.
      if (process.getuid?.() !== 0) {
        expectOneLine(await pdesHere(["generate", "heat1d", "--n", "4", "--seed", "1", "--resolution", "16", "--out", path.join(ro, "s"), "--quiet"]), 2, /--out .*not writable/);
        expect(fs.readdirSync(ro)).toEqual([]);
      }
    } finally {
      fs.chmodSync(ro, 0o755);
    }
    const full = path.join(dir, "full");
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, "keep.txt"), "mine");
    expectOneLine(await pdesHere(["compare", "--dataset", `${heat},${heat}`, "--models", "ridge", "--n-train", "8", "--seeds", "0", "--out", full, "--quiet"]), 2, /--out .*not empty/);
    expect(fs.readdirSync(full)).toEqual(["keep.txt"]);
  }, 600_000);

  it("generate refuses a grid too large for memory with the figure, and overflowing parameters naming sample 0, writing nothing", async () => {
    const big = path.join(dir, "big");
    expectOneLine(await pdesHere(["generate", "heat2d", "--n", "4", "--seed", "1", "--resolution", "65536", "--out", big, "--quiet"]), 2, /--resolution .*needs .*(B|array)/);
    expect(fs.existsSync(big)).toBe(false);
    const inf = path.join(dir, "inf");
    expectOneLine(await pdesHere(["generate", "heat1d", "--n", "4", "--seed", "1", "--resolution", "16", "--kappa", "1e308", "--time", "1e308", "--out", inf, "--quiet"]), 2, /sample 0/);
    expect(fs.existsSync(inf)).toBe(false);
  }, 600_000);
});
