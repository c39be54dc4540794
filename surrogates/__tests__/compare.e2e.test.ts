import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { generateStore } from "./train-helpers.js";

const root = new URL("../../", import.meta.url).pathname;
// The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
const PDES = process.env.PDES_TEST_CLI || join(root, "bin/pdes.js");
const dir = mkdtempSync(join(tmpdir(), "pdes-compare-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdes(args: string[]) {
  return spawnSync(process.execPath, [PDES, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, PDES_BACKEND: "" } });
}

/**
 * The CLI's main() in this process: for the refusals, which stop before any work, the run report,
 * which reads files only, and the resumed comparison and the evaluation, whose point is what they
 * write (docs/testing.md §Error paths in process). The first comparison is a process of its own,
 * so the resume's rerun also checks that a run in another process gives identical errors.
 */
async function pdesHere(args: string[]) {
  const r = await pdesInProcess(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

const train = join(dir, "train");
const test = join(dir, "test");

beforeAll(async () => {
  await generateStore("heat1d", train, 40, 11, 32);
  await generateStore("heat1d", test, 12, 12, 32);
});

interface Row {
  model: string;
  nTrain: number;
  seed: number;
  relL2Mean: number;
  relL2Max: number;
  nrmse: number;
  h1Mean: number;
  parameters: number;
  steps: number;
}

function rowsOf(out: string): Row[] {
  return (JSON.parse(readFileSync(join(out, "compare.json"), "utf8")) as { rows: Row[] }).rows;
}

describe("pdes compare", () => {
  const args = (out: string) => ["compare", "--dataset", `${train},${test}`, "--models", "ridge,mlp", "--n-train", "8,32", "--seeds", "0,1", "--epochs", "3", "--backend", "cpu", "--out", out, "--quiet"];

  const errorsOf = (rows: Row[]) => rows.map((r) => [r.model, r.nTrain, r.seed, r.relL2Mean, r.relL2Max, r.nrmse, r.h1Mean, r.parameters, r.steps]);

  it("trains and scores every model × n_train × seed, with the table, the learning curves and the solver points (cpu backend)", () => {
    const a = pdes(args(join(dir, "a")));
    expect(a.status, a.stderr).toBe(0);
    const ra = rowsOf(join(dir, "a"));
    expect(ra.length).toBe(2 * 2 * 2);
    // The seeds matter (different initial weights and shuffles), so the rerun's equality below is not vacuous.
    const mlp = ra.filter((r) => r.model === "mlp" && r.nTrain === 32);
    expect(mlp[0]!.relL2Mean).not.toBe(mlp[1]!.relL2Mean);
    // Equal budget: 3 epochs of batch 16 → 1 step per epoch at n = 8, 2 at n = 32.
    expect(ra.filter((r) => r.model === "mlp").map((r) => r.steps)).toEqual([3, 3, 6, 6]);
    // Learning curve: ridge on the linear heat operator improves with more samples.
    const ridge = (n: number) => ra.find((r) => r.model === "ridge" && r.nTrain === n && r.seed === 0)!.relL2Mean;
    expect(ridge(32)).toBeLessThan(ridge(8));
    expect(a.stdout).toMatch(/^dataset\s+model\s+params\s+n_train\s+seeds/);
    expect(a.stdout).toMatch(/budget: every gradient-trained model gets 3 epochs/);
    expect(existsSync(join(dir, "a", "report.html"))).toBe(true);
    expect(readFileSync(join(dir, "a", "report.md"), "utf8")).toContain("figures/learning-curves.svg");
    // The report's per-dataset figures: solver settings measured beside the surrogates.
    const details = JSON.parse(readFileSync(join(dir, "a", "compare-details.json"), "utf8")) as { datasets: Array<{ dataset: string; solvers: unknown[]; samples: unknown[] }> };
    expect(details.datasets.map((d) => d.dataset)).toEqual(["heat1d"]);
    expect(details.datasets[0]!.solvers.length).toBeGreaterThanOrEqual(4);
    expect(readFileSync(join(dir, "a", "report.md"), "utf8")).toContain("figures/heat1d-cost-vs-error.svg");
  });

  it("--resume reuses finished runs, and the runs it trains again give identical errors (a rerun of both models at both n_train)", async () => {
    // A copy of the comparison with every seed-1 run gone, as if it had been interrupted: the
    // resume trains those 4 again from scratch (one process, not a second whole comparison).
    const b = join(dir, "b");
    cpSync(join(dir, "a"), b, { recursive: true, preserveTimestamps: true });
    for (const model of ["ridge", "mlp"]) for (const n of [8, 32]) rmSync(join(b, "runs", "heat1d", model, `n${n}-s1`), { recursive: true });
    rmSync(join(b, "compare.json"));
    const kept = join(b, "runs", "heat1d", "mlp", "n32-s0", "model.json");
    const keptMtime = statSync(kept).mtimeMs;
    const c = await pdesHere([...args(b), "--resume"]);
    expect(c.status, c.stderr).toBe(0);
    expect(statSync(kept).mtimeMs).toBe(keptMtime);
    expect(existsSync(join(b, "runs", "heat1d", "mlp", "n32-s1", "model.json"))).toBe(true);
    expect(errorsOf(rowsOf(b))).toEqual(errorsOf(rowsOf(join(dir, "a"))));
  });

  it("rejects bad specs with one line naming the key", async () => {
    const r = await pdesHere(["compare", "--dataset", `${train},${test}`, "--models", "ridge,transformer", "--n-train", "8", "--seeds", "0", "--out", join(dir, "c")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n").filter((l) => l.startsWith("pdes: error:"))).toHaveLength(1);
    expect(r.stderr).toMatch(/spec\.models\.1\.kind/);
    expect(existsSync(join(dir, "c"))).toBe(false);
    const d = await pdesHere(["compare", "--dataset", train, "--models", "ridge", "--n-train", "8", "--seeds", "0", "--out", join(dir, "c")]);
    expect(d.status).toBe(2);
    expect(d.stderr).toMatch(/--dataset must be <train-store>,<test-store>/);
  });
});

describe("pdes evaluate and pdes report on a compare run", () => {
  it("scores a run on the test store, writes evaluation.json and the run report", async () => {
    const run = join(dir, "a", "runs", "heat1d", "ridge", "n32-s0");
    const e = await pdesHere(["evaluate", "--run", run, "--data", test, "--subsample", "2", "--backend", "cpu"]);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/ridge \(\d+ parameters\), trained on 32/);
    expect(e.stdout).toMatch(/skipped 16: ridge is tied to its training grid \[32\]/);
    const ev = JSON.parse(readFileSync(join(run, "evaluation.json"), "utf8")) as {
      entries: Array<{ shape: number[]; native: boolean; metrics?: { relL2: { mean: number } }; sample?: { truth: number[] } }>;
    };
    expect(ev.entries.map((x) => x.shape[0])).toEqual([32, 16]);
    // evaluate recomputes the same test error compare recorded.
    const fromCompare = rowsOf(join(dir, "a")).find((r) => r.model === "ridge" && r.nTrain === 32 && r.seed === 0)!.relL2Mean;
    expect(ev.entries[0]!.metrics!.relL2.mean).toBeCloseTo(fromCompare, 12);
    expect(ev.entries[0]!.sample!.truth).toHaveLength(32);
    const rep = await pdesHere(["report", run]);
    expect(rep.status, rep.stderr).toBe(0);
    // ridge: test samples at the 10th, 50th and 90th error percentile and the error spectrum (no loss curve for a closed-form fit).
    expect(rep.stdout).toMatch(/report\.html \(4 figures\)/);
    const md = readFileSync(join(run, "report.md"), "utf8");
    expect(md).toContain("figures/sample-0-0.svg");
    expect(md).toContain("figures/error-spectrum.svg");
    expect(readFileSync(join(run, "report.md"), "utf8")).toContain("## Test metrics");
    const bad = await pdesHere(["report", join(dir, "a", "runs")]);
    expect(bad.status).toBe(65);
    expect(bad.stderr).toMatch(/neither a finished run/);
  });
});
