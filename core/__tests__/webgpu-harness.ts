/**
 * Running WebGPU in tests. CI machines have no GPU: Debian's chromium ships SwiftShader (a CPU
 * Vulkan driver) with its own libvulkan.so.1, which Dawn can use when VK_ICD_FILENAMES points at
 * its ICD file and LD_LIBRARY_PATH at its folder. The dynamic linker reads LD_LIBRARY_PATH at
 * process start, so WebGPU work runs in a child process started with that environment.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { childArgs } from "./compiled-child.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** The SwiftShader ICD shipped with chromium, or null. */
export function swiftShaderIcd(): string | null {
  const known = "/usr/lib/chromium/vk_swiftshader_icd.json";
  if (fs.existsSync(known)) return known;
  const r = spawnSync("dpkg", ["-L", "chromium"], { encoding: "utf8" });
  const hit = r.status === 0 ? r.stdout.split("\n").find((l) => l.endsWith("vk_swiftshader_icd.json")) : undefined;
  return hit && fs.existsSync(hit) ? hit : null;
}

/** Environment for a child that should see a WebGPU adapter: SwiftShader's when there is one. */
export function webgpuEnv(): Record<string, string> {
  const icd = swiftShaderIcd();
  if (!icd) return {};
  const dir = path.dirname(icd);
  return { VK_ICD_FILENAMES: icd, LD_LIBRARY_PATH: [dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") };
}

/** Node arguments that make Dawn poll on a timer instead of spinning (dawn-polling.mjs says why). */
export function dawnPollingArgs(): string[] {
  return ["--import", path.join(import.meta.dirname, "dawn-polling.mjs")];
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line that parses as JSON. */
  json: unknown;
}

/**
 * Run a TypeScript file in a child process with the WebGPU environment: from the run's compiled
 * copy when there is one (compiled-child.ts), else through tsx; Dawn polls on a timer.
 */
export function runWebGpuChild(file: string, args: string[] = [], env: Record<string, string> = {}): ChildResult {
  const r = spawnSync(process.execPath, [...dawnPollingArgs(), ...childArgs(file), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...webgpuEnv(), ...env },
    encoding: "utf8",
    timeout: 900_000,
  });
  let json: unknown = null;
  for (const line of r.stdout.split("\n").reverse()) {
    try {
      json = JSON.parse(line);
      break;
    } catch {
      // not the result line
    }
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** The run's compiled copy (beside PDES_TEST_CLI's bin/), or null outside vitest's run. */
function copyRoot(): string | null {
  const bin = process.env.PDES_TEST_CLI;
  return bin ? path.resolve(path.dirname(bin), "..") : null;
}

/**
 * Run a WebGPU child once per test run and share its result between the test files that read it
 * (several files' checks in one process: its start-up and shader compiles are paid once). The
 * result is kept beside the run's compiled copy; the first file to ask runs the child while a lock
 * file holds the others, which wait (sleeping) for the result. Outside vitest's run: run it here.
 */
export function runSharedWebGpuChild(file: string): ChildResult {
  const root = copyRoot();
  if (!root) return runWebGpuChild(file);
  const key = path.basename(file).replace(/\.ts$/, "");
  const result = path.join(root, `${key}.result.json`);
  const lock = path.join(root, `${key}.lock`);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    if (fs.existsSync(result)) return JSON.parse(fs.readFileSync(result, "utf8")) as ChildResult;
    let fd: number | null = null;
    try {
      fd = fs.openSync(lock, "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (fd !== null) {
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      const r = runWebGpuChild(file);
      const tmp = `${result}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(r));
      fs.renameSync(tmp, result);
      return r;
    }
    // Another test worker runs it. Its pid is written right after the lock is made: none yet
    // (or a live process) means wait; a pid that is gone means it died, so take its place.
    const holder = Number(fs.readFileSync(lock, "utf8"));
    if (holder > 0 && !alive(holder)) fs.rmSync(lock, { force: true });
    else Atomics.wait(sleeper, 0, 0, 200);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type Availability = { ok: true } | { ok: false; reason: string };

/**
 * Whether a WebGPU adapter (SwiftShader or a GPU) is reachable; when not, tests skip with the
 * reason. Probed in a child process once per test run: the answer is kept beside the run's
 * compiled copy (shared by both test workers), else once per file.
 */
export function webgpuAvailability(): Availability {
  const root = copyRoot();
  const cache = root ? path.join(root, "webgpu-probe.json") : null;
  if (cache && fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, "utf8")) as Availability;
  const r = runWebGpuChild(path.join(import.meta.dirname, "webgpu-probe-child.ts"));
  const j = r.json as { ok?: boolean; reason?: string } | null;
  const a: Availability = j?.ok ? { ok: true } : { ok: false, reason: `no WebGPU adapter (neither chromium's SwiftShader nor a GPU): ${j?.reason ?? r.stderr.trim().split("\n").pop()}` };
  if (cache) {
    const tmp = `${cache}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(a));
    fs.renameSync(tmp, cache);
  }
  return a;
}
