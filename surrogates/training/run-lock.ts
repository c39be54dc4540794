/**
 * Lock files: one process at a time writes a run directory (or an output file). The lock is a
 * small JSON file created exclusively (O_EXCL) that names its holder: pid, host, the process's
 * start time (so a recycled pid is not mistaken for the holder) and the command. A second
 * writer is refused at once with a one-line message (docs/safety.md §Locks); a lock whose
 * holder is dead (kill -9) is stale and taken over. A holder on another host cannot be
 * checked: it is treated as alive, and the message says which file to remove if it is not.
 *
 * The lock file also carries the holder's journal (what it is publishing right now), so the
 * process that takes over a stale lock knows which half-published outputs were its
 * predecessor's (output-files.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PdesError } from "../../core/index.js";
import { writeFileAtomicSync } from "../../datasets/index.js";

export interface LockRecord {
  format: "pdes-lock";
  pid: number;
  host: string;
  /** Start time of the holder process in clock ticks since boot (Linux), to tell a reused pid. */
  startTicks: number | null;
  started: string;
  command: string;
  /** What the holder is publishing (output-files.ts): final paths and the sha256 of each file. */
  publishing?: Array<{ path: string; sha256?: string }>;
}

export interface LockHandle {
  readonly file: string;
  /** The record of a dead holder this lock was taken over from, if any. */
  readonly stale: LockRecord | null;
  /** Rewrite the record (atomically), keeping the lock. */
  update(extra: Pick<LockRecord, "publishing">): void;
  /** Remove the lock if it is still ours. Idempotent. */
  release(): void;
}

/** A refusal to write because another process holds the lock: exit 2 in the CLI. */
export class LockedError extends PdesError {
  readonly file: string;
  constructor(what: string, file: string, holder: LockRecord | null) {
    const who = holder
      ? `pdes process ${holder.pid} on ${holder.host}${holder.started ? ` (since ${holder.started})` : ""}${holder.command ? `: ${holder.command}` : ""}`
      : "another process";
    const hint = holder && holder.host !== os.hostname() ? `; if that process is gone, remove ${file}` : "; wait for it to finish or stop it";
    super("InvalidArgument", `${what} is being written by ${who}${hint}`);
    this.file = file;
  }
}

/** Start time of process `pid` in clock ticks (field 22 of /proc/<pid>/stat), or null. */
function processStartTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: fields follow the last ")".
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const v = Number(rest[19]);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

const selfTicks = processStartTicks(process.pid);

/** Is the holder of `rec` alive? Unknown (another host, unreadable record) counts as alive. */
export function holderAlive(rec: LockRecord | null): boolean {
  if (rec === null || rec.host !== os.hostname() || !Number.isInteger(rec.pid)) return true;
  try {
    process.kill(rec.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  if (rec.startTicks !== null && rec.startTicks !== undefined) {
    const now = processStartTicks(rec.pid);
    if (now !== null && now !== rec.startTicks) return false; // the pid was recycled
  }
  return true;
}

function readRecord(file: string): LockRecord | null | "missing" {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    return null;
  }
  try {
    const r = JSON.parse(text) as LockRecord;
    return r && r.format === "pdes-lock" && Number.isInteger(r.pid) ? r : null;
  } catch {
    return null; // torn: a holder killed while creating it, or not ours
  }
}

/**
 * Take the lock `file` for `what` (e.g. `run directory "runs/a"`), or throw LockedError.
 * `command` describes the holder in the refusal message of a second writer.
 */
export function acquireLock(file: string, what: string, command: string): LockHandle {
  const mine = (): LockRecord => ({
    format: "pdes-lock",
    pid: process.pid,
    host: os.hostname(),
    startTicks: selfTicks,
    started: new Date().toISOString(),
    command,
  });
  let stale: LockRecord | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const rec = mine();
    try {
      const fd = fs.openSync(file, "wx");
      try {
        fs.writeSync(fd, JSON.stringify(rec) + "\n");
      } finally {
        fs.closeSync(fd);
      }
      return handle(file, rec, stale);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const held = readRecord(file);
    if (held === "missing") continue; // released meanwhile: try again
    // A torn record is taken over only once it is old: its writer may still be writing it.
    if (held === null) {
      const age = Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age < 10_000) throw new LockedError(what, file, null);
    } else if (holderAlive(held)) throw new LockedError(what, file, held);
    // Stale: move it aside (only one taker's rename succeeds), then create ours.
    const aside = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, aside);
      fs.rmSync(aside, { force: true });
      if (held !== null) stale = held;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  throw new LockedError(what, file, null);
}

function handle(file: string, rec: LockRecord, stale: LockRecord | null): LockHandle {
  let held = true;
  return {
    file,
    stale,
    update(extra) {
      if (!held) return;
      // The one atomic writer; no fsync: the record guards against other processes, not power loss.
      writeFileAtomicSync(file, JSON.stringify({ ...rec, ...extra }) + "\n", { fsync: false });
    },
    release() {
      if (!held) return;
      held = false;
      const now = readRecord(file);
      if (now !== "missing" && now !== null && now.pid === rec.pid && now.started === rec.started) fs.rmSync(file, { force: true });
    },
  };
}

/** The lock of a path sits beside it (`.<name>.pdes-lock`), so a copy of the directory carries none. */
export const lockPathFor = (p: string): string => {
  const abs = path.resolve(p);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.pdes-lock`);
};

/** Lock a run directory for this process's writes (train, resume): a second writer gets LockedError. */
export function lockRunDir(dir: string, command: string): LockHandle {
  return acquireLock(lockPathFor(dir), `run directory ${dir}`, command);
}
