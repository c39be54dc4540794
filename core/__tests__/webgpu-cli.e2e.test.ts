/**
 * The CLI with `--backend webgpu`: without the packages, one clear line and exit 2, nothing
 * written; on SwiftShader (or a GPU), a few training steps and a predict complete and the run
 * records webgpu.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./webgpu-harness.js";

const BIN = path.join(ROOT, "bin/pdes.js");
let dir: string;
let store: string;

function pdes(args: string[], opts: { env?: Record<string, string>; nodeArgs?: string[] } = {}) {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: ROOT, env: { ...process.env, ...opts.env }, encoding: "utf8", timeout: 900_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-webgpu-cli-"));
  store = path.join(dir, "heat");
  const g = pdes(["generate", "heat1d", "--n", "12", "--seed", "3", "--resolution", "16", "--out", store, "--quiet"]);
  expect(g.code, g.stderr).toBe(0);
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
