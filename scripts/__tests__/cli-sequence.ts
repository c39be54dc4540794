/**
 * Several `pdes` commands in one child process (cli-sequence-child.ts, from the run's compiled
 * copy: core/__tests__/compiled-child.ts), for tests whose point is what the commands write, not a
 * process per command: one start-up (0.5–0.7 s of CPU for a command that loads tfjs) instead of
 * one per command (docs/testing.md §Error paths in process). Kills, signals, locks and reruns
 * that must not share a process's state keep a process each.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { childArgs } from "../../core/__tests__/compiled-child.js";

export interface SequenceResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const SEQUENCE_CHILD = path.join(import.meta.dirname, "cli-sequence-child.ts");

/** Run each argv through the CLI's main() in one child; throws when the child itself fails. */
export function pdesSequence(argvs: readonly (readonly string[])[], opts: { cwd?: string; env?: Record<string, string> } = {}): SequenceResult[] {
  const r = spawnSync(process.execPath, [...childArgs(SEQUENCE_CHILD), JSON.stringify(argvs)], {
    cwd: opts.cwd ?? path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, ...opts.env },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !last.startsWith("[")) throw new Error(`cli-sequence child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(last) as SequenceResult[];
}
