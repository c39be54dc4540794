/**
 * The data-parallel bench's two extra baselines (bench/data-parallel.ts), each run by child
 * processes that execute the bench's own one-thread loop (`serveLoop` there: the same model,
 * data, step and warm-up as the in-process one-thread row):
 * - one core: one child pinned to core 0 with `taskset -c 0`, so V8's helper threads (GC,
 *   compiler) share that core with the training thread instead of taking the other one;
 * - ceiling: two unpinned children timed at once, never exchanging anything: the aggregate
 *   throughput of any 2-way parallelism on this machine (memory bandwidth, caches, the helper
 *   threads of both processes).
 * A child prints `@@loop ready` once warm, then answers each `time K` line on its stdin with
 * `@@loop {"wall":…,"cpu":…}` (s per epoch; CPU of the child process, all its threads).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as os from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface Timing {
  wall: number;
  cpu: number;
}

export const LOOP_PREFIX = "@@loop ";

export class LoopChild {
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly exited: Promise<number | null>;
  readonly ready: Promise<void>;

  constructor(private readonly proc: ChildProcess, what: string) {
    this.exited = new Promise((resolve) => proc.on("exit", (code) => resolve(code)));
    void this.exited.then((code) => {
      // A child that dies fails whatever waits on it (the bench stops with its exit code).
      for (const w of this.waiting.splice(0)) w(`exit ${code}`);
    });
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      if (line.startsWith(LOOP_PREFIX)) this.waiting.shift()?.(line.slice(LOOP_PREFIX.length));
    });
    this.ready = this.next().then((l) => {
      if (l !== "ready") throw new Error(`${what}: child loop did not start (${l})`);
    });
  }

  private next(): Promise<string> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Time `steps` steps in the child: s/epoch wall and CPU. */
  async time(steps: number): Promise<Timing> {
    const reply = this.next();
    this.proc.stdin!.write(`time ${steps}\n`);
    const l = await reply;
    if (!l.startsWith("{")) throw new Error(`child loop failed (${l})`);
    return JSON.parse(l) as Timing;
  }

  async close(): Promise<void> {
    this.proc.stdin!.end("exit\n");
    await this.exited;
  }
}

/** Why the one-core baseline cannot run here, or null when `taskset -c 0` works. */
export function oneCoreUnavailable(): string | null {
  if (process.platform !== "linux") return `one-core baseline skipped: taskset is Linux-only (platform ${process.platform})`;
  if (os.cpus().length < 2) return "one-core baseline skipped: this machine has 1 core (every run is already on one core)";
  const r = spawnSync("taskset", ["-c", "0", "true"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return `one-core baseline skipped: \`taskset -c 0\` failed (${r.error?.message ?? (r.stderr || `exit ${r.status}`).trim()})`;
  return null;
}

/** A child running the bench's one-thread loop of model `name` on `backend`, pinned to core 0 or not. */
export function startLoopChild(name: string, backend: string, pinned: boolean): LoopChild {
  const runTs = fileURLToPath(new URL("./run.ts", import.meta.url));
  // process.execArgv carries tsx's loader flags, so the child runs the same sources.
  const node = [process.execPath, ...process.execArgv, runTs, "models", "--loop-child", name, "--backends", backend];
  const [cmd, ...args] = pinned ? ["taskset", "-c", "0", ...node] : node;
  const proc = spawn(cmd!, args, { stdio: ["pipe", "pipe", "inherit"] });
  return new LoopChild(proc, pinned ? "one-core" : "ceiling");
}
