// Runs around every test file (vitest.config.ts `setupFiles`). The suite runs with
// `isolate: false`: test files share a worker process and its module cache, so tfjs, the wasm
// backend and the library are imported once per worker instead of once per file (about 1.5 s of
// CPU per file; docs/testing.md). What a file changes in the process is put back after it, so the
// next file starts as it would in a fresh process: the environment variables, the working
// directory, tfjs on its default cpu backend with its PROD flag off (the CLI's program builder
// sets it; a file that wants another backend sets it), and no library backend choice.
//
// With PDES_TEST_CPU_LOG=<file>, each test file appends one JSON line: its CPU seconds in this
// process and in the child processes it waited for (the CLI runs, python3, chromium), from
// /proc (Linux only; elsewhere nothing is written). docs/testing.md ranks files with it. With
// PDES_TEST_CPU_TESTS=1 as well, one more line per test (its name and its own two figures).
import { appendFileSync, readFileSync } from "node:fs";
import { afterAll, afterEach, beforeEach } from "vitest";

const env = { ...process.env };
const cwd = process.cwd();
const cpuLog = process.env.PDES_TEST_CPU_LOG;

/** [own, children] CPU seconds of this process so far: utime+stime, cutime+cstime (proc(5)). */
function cpuSeconds(): [number, number] | null {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    const tick = 100; // USER_HZ, 100 on every Linux ABI Node runs on
    return [(f[11]! + f[12]!) / tick, (f[13]! + f[14]!) / tick];
  } catch {
    return null;
  }
}

// Taken when this setup runs, before the test file is imported: its imports count for it.
const start = cpuLog ? cpuSeconds() : null;

if (cpuLog && process.env.PDES_TEST_CPU_TESTS === "1") {
  let before: [number, number] | null = null;
  beforeEach(() => {
    before = cpuSeconds();
  });
  afterEach(({ task }) => {
    const after = cpuSeconds();
    if (!before || !after) return;
    const line = { test: task.name, file: task.file?.filepath, self: +(after[0] - before[0]).toFixed(2), children: +(after[1] - before[1]).toFixed(2) };
    appendFileSync(cpuLog, JSON.stringify(line) + "\n");
  });
}

afterAll(async ({}, suite) => {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (process.env[k] !== v) process.env[k] = v;
  if (process.cwd() !== cwd) process.chdir(cwd);
  // Only when the file loaded tfjs (its engine lives on the global object): a file that never
  // touches tfjs should not pay for importing it here.
  if ((globalThis as { _tfengine?: unknown })._tfengine !== undefined) {
    const tf = await import("@tensorflow/tfjs");
    if (tf.engine().backendName !== "cpu") await tf.setBackend("cpu");
    if (tf.env().getBool("PROD")) tf.env().set("PROD", false);
    // The library's own record of the chosen backend goes too (a file that named cpu would
    // otherwise keep later files' automatic choice on cpu: same tfjs backend, still "chosen").
    const backend = await import("../core/index.js");
    backend.forgetSelectedBackend();
  }
  const end = cpuLog ? cpuSeconds() : null;
  if (cpuLog && start && end) {
    const file = "filepath" in suite ? suite.filepath : suite.file.filepath;
    appendFileSync(cpuLog, JSON.stringify({ file, pid: process.pid, self: +(end[0] - start[0]).toFixed(2), children: +(end[1] - start[1]).toFixed(2) }) + "\n");
  }
});
