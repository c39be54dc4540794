/**
 * The CLI with `--backend webgpu`: without the packages, one clear line and exit 2, nothing
 * written; on SwiftShader (or a GPU), a few training steps, a predict and an evaluate complete
 * and every record (config, metrics, surrogate.json, evaluation.json) says webgpu.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../datasets/index.js";
import { SEQUENCE_CHILD } from "../../scripts/__tests__/cli-sequence.js";
import { ROOT, runWebGpuChild, webgpuAvailability } from "./webgpu-harness.js";

// The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
const BIN = process.env.PDES_TEST_CLI || path.join(ROOT, "bin/pdes.js");
let dir: string;
let store: string;

function pdes(args: string[], opts: { env?: Record<string, string>; nodeArgs?: string[] } = {}) {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: ROOT, env: { ...process.env, ...opts.env }, encoding: "utf8", timeout: 900_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-webgpu-cli-"));
  store = path.join(dir, "heat");
  // The input store is made in-process (what is tested is train, predict and evaluate). 32 points:
  // at 16 the evaluation's high Fourier band (bins from 12 on) would be empty.
  await generateDataset({ problem: "heat1d", params: { resolution: 32 }, n: 12, seed: 3, out: store, fsync: false });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("pdes train --backend webgpu without the WebGPU packages", () => {
  it("fails with one line naming what to install, exit 2, and writes nothing", () => {
    const out = path.join(dir, "no-packages");
    const r = pdes(["train", "--data", store, "--model", "mlp", "--epochs", "1", "--backend", "webgpu", "--out", out, "--quiet"], {
      nodeArgs: ["--import", path.join(import.meta.dirname, "hide-webgpu.mjs")],
    });
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pdes: error: backend "webgpu" is not available: import failed: .*webgpu/);
    expect(lines[0]).toContain("npm install webgpu @tensorflow/tfjs-backend-webgpu");
    expect(fs.existsSync(out)).toBe(false);
  });
});

const avail = webgpuAvailability();

describe.skipIf(!avail.ok)(`pdes train, predict and evaluate --backend webgpu ${avail.ok ? "" : avail.reason}`, () => {
  // An MLP: this test is about the CLI's backend plumbing and records. The three commands run the
  // CLI's main() one after the other in one child (scripts/__tests__/cli-sequence-child.ts): one start-up, one adapter,
  // and shaders compiled once, where three processes compiled theirs afresh each (SwiftShader
  // compiled an FNO's in 2–4 s per process, an MLP's in well under 1 s). The FNO and GSNN on
  // webgpu, trained, loaded, predicting and evaluating through the library, are
  // webgpu-no-sync.e2e's, their gradients webgpu-models.grad's.
  it("train a few steps, predict and evaluate; config, metrics, surrogate.json and evaluation.json record webgpu", () => {
    const run = path.join(dir, "mlp");
    const pred = path.join(dir, "pred.npy");
    const evalFile = path.join(dir, "evaluation.json");
    const child = runWebGpuChild(SEQUENCE_CHILD, [
      JSON.stringify([
        ["train", "--data", store, "--model", "mlp", "--config", writeConfig(), "--epochs", "1", "--batch-size", "4", "--backend", "webgpu", "--out", run],
        ["predict", "--run", run, "--input", store, "--out", pred, "--backend", "webgpu", "--quiet"],
        ["evaluate", "--run", run, "--data", store, "--out", evalFile, "--backend", "webgpu"],
      ]),
    ]);
    expect(child.code, child.stderr).toBe(0);
    const [t, p, e] = child.json as Array<{ code: number; stdout: string; stderr: string }>;
    expect(t!.code, t!.stderr).toBe(0);
    expect(t!.stderr).toMatch(/backend: webgpu on /);
    expect(JSON.parse(fs.readFileSync(path.join(run, "config.json"), "utf8")).backend).toBe("webgpu");
    expect(JSON.parse(fs.readFileSync(path.join(run, "surrogate.json"), "utf8")).backend).toBe("webgpu");
    const metrics = fs.readFileSync(path.join(run, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { type: string; backend: string });
    expect(metrics.filter((m) => m.type === "step").length).toBeGreaterThanOrEqual(2);
    expect(new Set(metrics.map((m) => m.backend))).toEqual(new Set(["webgpu"]));
    expect(p!.code, p!.stderr).toBe(0);
    expect(fs.statSync(pred).size).toBeGreaterThan(12 * 32 * 8);
    expect(e!.code, e!.stderr).toBe(0);
    const ev = JSON.parse(fs.readFileSync(evalFile, "utf8")) as { backend: string };
    expect(ev.backend).toBe("webgpu");
    // A hang guard only: three CLI runs on SwiftShader (every kernel emulated) on busy cores.
  }, 900_000);
});

function writeConfig(): string {
  const f = path.join(dir, "mlp-config.json");
  fs.writeFileSync(f, JSON.stringify({ modelConfig: { hidden: [8] } }));
  return f;
}
