/** Shared helpers for the training tests: the CLI in a subprocess, tiny in-memory datasets. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeGrid, Rng, type Grid } from "../../core/index.js";
import { generateDataset } from "../../datasets/index.js";
import type { MetricRecord, TrainingData } from "../index.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");
// The CLI these tests spawn: under vitest, the run's transpiled copy of the sources
// (__tests__/cli-build.ts: the same code without tsx's start-up cost); else the checkout's bin.
export const BIN = process.env.PDES_TEST_CLI || path.join(ROOT, "bin/pdes.js");

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pdes-${tag}-`));
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function pdes(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A generated store, made in this process: the setup of tests about other commands (`pdes
 * generate` itself is tested in datasets/__tests__/cli.e2e). The same store as `pdes generate
 * <problem> --n <n> --seed <seed> --resolution <resolution>`, without a CLI start (about 0.5 s of
 * CPU each).
 */
export async function generateStore(problem: string, out: string, n: number, seed: number, resolution: number): Promise<void> {
  await generateDataset({ problem, params: { resolution }, n, seed, out, fsync: false });
}

export function pdesAsync(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

/** stderr without tfjs' "install the node backend" banner and the backend line. */
export function errorLines(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((l) => l.trim() !== "" && !/^=+$/.test(l.trim()) && !/TensorFlow\.js|tfjs-node|^backend:/.test(l));
}

export function readMetricsFile(run: string): MetricRecord[] {
  return fs
    .readFileSync(path.join(run, "metrics.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as MetricRecord);
}

/**
 * A periodic 1-D smoothing problem: y = 0.5·x_j + 0.25·(x_{j−1} + x_{j+1}) per sample, x ~ N(0, 1).
 * `channels` > 1 stacks shifted copies, so the channel checks have something to check.
 */
export function smoothingData(count: number, n: number, seed = 7, grid: Grid = makeGrid({ shape: [n] })): TrainingData {
  const rng = new Rng(seed);
  const inputs = new Float32Array(count * n);
  const outputs = new Float32Array(count * n);
  for (let i = 0; i < count; i++) for (let j = 0; j < n; j++) inputs[i * n + j] = 2 + rng.normal();
  for (let i = 0; i < count; i++)
    for (let j = 0; j < n; j++) {
      const x = (k: number) => inputs[i * n + ((k + n) % n)]!;
      outputs[i * n + j] = 3 * (0.5 * x(j) + 0.25 * (x(j - 1) + x(j + 1)));
    }
  return { inputs, outputs, count, grid, inChannels: 1, outChannels: 1, problem: { problem: "smoothing-test" } };
}
