/**
 * Output files and directories that a command writes together (e.g. `pdes predict --out m.npy
 * --variance v.npy`), under the rules of docs/safety.md:
 *
 * - claimed up front, before any work: each target is new (or an empty directory), differs
 *   from every other target and from every input, lies in an existing writable directory, and
 *   is locked (`.<name>.pdes-lock` beside it) so a second writer is refused;
 * - published atomically: each is written in full under a temporary name beside it, then moved
 *   to its final name (a hard link, which never replaces anything, for files; a rename onto a
 *   missing or empty directory for directories); a failure rolls back what this call published;
 * - resumable: the lock records what is being published, so after a kill -9 between two
 *   renames the rerun knows which existing targets were its predecessor's (checked by sha256)
 *   and replaces them; the dead writer's temporaries are removed.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError, IoError } from "../core/index.js";
import { acquireLock, type LockHandle } from "./training/run-lock.js";

export interface OutputTarget {
  /** The flag that named it, for messages (e.g. "--out"). */
  flag: string;
  path: string;
  kind: "file" | "dir";
  /** An existing file at `path` may be replaced when this says so (e.g. an older record of the same kind). */
  replaceIf?: (path: string) => boolean;
}

export interface ReadPath {
  flag: string;
  path: string;
  /** Also refuse outputs inside it (a dataset store: writing there would change the store). */
  noInside?: boolean;
}

export type OutputItem = { path: string; data: Uint8Array } | { path: string; build: (tmpDir: string) => Promise<void> };

export interface OutputClaim {
  /** Write every item under a temporary name, then move them all into place (all or none). */
  publish(items: readonly OutputItem[]): Promise<void>;
  /** Drop the locks (outputs not published stay unwritten). Idempotent. */
  release(): void;
}

let counter = 0;
const tempName = (p: string): string => `${p}.tmp-${process.pid}-0-${counter++}`;
const lockName = (p: string): string => path.join(path.dirname(p), `.${path.basename(p)}.pdes-lock`);
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") throw new InvalidArgumentError("path", p, "has a parent that is a file, not a directory");
    throw e;
  }
}

/** Same file or directory (by device and inode when both exist, else by resolved path)? */
function samePath(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  const sa = statOf(a);
  const sb = statOf(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

function isInside(child: string, dir: string): boolean {
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(dir), path.join(real(path.dirname(child)), path.basename(child)));
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** The target's directory must exist, be a directory and be writable. */
function checkDirectory(t: OutputTarget): void {
  const dir = path.dirname(path.resolve(t.path));
  let st: fs.Stats | undefined;
  try {
    st = statOf(dir);
  } catch {
    throw new InvalidArgumentError(t.flag, t.path, "cannot be written: a parent of it is a file, not a directory");
  }
  if (st === undefined) throw new InvalidArgumentError(t.flag, t.path, `cannot be written: its directory ${dir} does not exist`);
  if (!st.isDirectory()) throw new InvalidArgumentError(t.flag, t.path, `cannot be written: ${dir} is not a directory`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InvalidArgumentError(t.flag, t.path, `cannot be written: its directory is ${code === "EROFS" ? "on a read-only file system" : "not writable (permission denied)"}`);
  }
}

/** Remove what a dead writer of `target` left beside it (we hold its lock, so none is live). */
function removeTemps(target: string): void {
  const dir = path.dirname(target);
  const re = new RegExp(`^${escapeRe(path.basename(target))}\\.tmp-\\d+(?:-\\d+-\\d+)?$`);
  for (const name of fs.readdirSync(dir)) if (re.test(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

function fileSha(p: string): string | undefined {
  try {
    return sha256(fs.readFileSync(p));
  } catch {
    return undefined;
  }
}

/**
 * Test hook for the fault-injection tests: with PDES_TEST_PAUSE_OUTPUTS=<point> the process
 * says "paused at <point>" on stderr and freezes there, so a test can kill it at that moment.
 */
function testPause(point: string): void {
  if (process.env.PDES_TEST_PAUSE_OUTPUTS !== point) return;
  process.stderr.write(`paused at ${point}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** Move a finished temporary file to a final name that must not exist. */
function publishNew(tmp: string, final: string): void {
  try {
    fs.linkSync(tmp, final); // fails if anything appeared there meanwhile: nothing is replaced
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // File systems without hard links: check, then rename (a narrow race instead of none).
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw e;
    if (fs.existsSync(final)) throw Object.assign(new Error(`${final} exists`), { code: "EEXIST", path: final });
    fs.renameSync(tmp, final);
    return;
  }
  fs.rmSync(tmp, { force: true });
}

/**
 * Claim `targets` for writing (see the module comment); throws a tagged error naming the flag
 * when one cannot be, and holds nothing then. `command` describes this process in the lock.
 */
export function claimOutputs(targets: readonly OutputTarget[], reads: readonly ReadPath[], command: string): OutputClaim {
  targets.forEach((t, i) => {
    if (typeof t.path !== "string" || t.path === "") throw new InvalidArgumentError(t.flag, t.path, "must be a path");
    for (const u of targets.slice(0, i)) if (samePath(t.path, u.path)) throw new InvalidArgumentError(t.flag, t.path, `must differ from ${u.flag}`);
    for (const r of reads) {
      if (samePath(t.path, r.path)) throw new InvalidArgumentError(t.flag, t.path, `must differ from ${r.flag} (it would be overwritten)`);
      if (r.noInside && isInside(t.path, r.path)) throw new InvalidArgumentError(t.flag, t.path, `must not be inside ${r.flag} ${r.path}`);
    }
    checkDirectory(t);
  });
  const locks: LockHandle[] = [];
  const replaceable = new Map<string, string | true>();
  const releaseAll = () => locks.forEach((l) => l.release());
  try {
    for (const t of targets) {
      const lock = acquireLock(lockName(path.resolve(t.path)), `${t.flag} ${t.path}`, command);
      locks.push(lock);
      const abs = path.resolve(t.path);
      // A dead writer's half-published outputs: ours to replace if they are what it published.
      for (const p of lock.stale?.publishing ?? []) if (p.path === abs) replaceable.set(abs, p.sha256 ?? true);
      removeTemps(abs);
      const st = statOf(abs);
      if (st === undefined) continue;
      const mine = replaceable.get(abs);
      const ours = mine === true ? st.isDirectory() === (t.kind === "dir") : mine !== undefined && st.isFile() && fileSha(abs) === mine;
      if (ours) continue;
      replaceable.delete(abs);
      if (t.kind === "file" && st.isFile() && t.replaceIf?.(abs)) {
        replaceable.set(abs, true);
        continue;
      }
      if (t.kind === "dir" && st.isDirectory() && fs.readdirSync(abs).length === 0) continue;
      throw new InvalidArgumentError(t.flag, t.path, t.kind === "dir" ? "already exists and is not empty" : "already exists");
    }
  } catch (e) {
    releaseAll();
    throw e;
  }
  const lockOf = (p: string): LockHandle => locks[targets.findIndex((t) => path.resolve(t.path) === p)]!;

  return {
    async publish(items) {
      const staged: Array<{ abs: string; tmp: string; dir: boolean; sha?: string }> = [];
      const published: Array<{ abs: string; dir: boolean }> = [];
      try {
        for (const it of items) {
          const abs = path.resolve(it.path);
          if (targets.every((t) => path.resolve(t.path) !== abs)) throw new InvalidArgumentError("output", it.path, "was not claimed");
          const tmp = tempName(abs);
          if ("data" in it) {
            const fd = fs.openSync(tmp, "wx");
            try {
              fs.writeSync(fd, it.data);
              fs.fsyncSync(fd);
            } finally {
              fs.closeSync(fd);
            }
            staged.push({ abs, tmp, dir: false, sha: sha256(it.data) });
          } else {
            fs.mkdirSync(tmp);
            staged.push({ abs, tmp, dir: true });
            await it.build(tmp);
          }
        }
        testPause("staged");
        // The journal first: a kill from here on leaves outputs the rerun recognises as its own.
        for (const s of staged) lockOf(s.abs).update({ publishing: [{ path: s.abs, ...(s.sha ? { sha256: s.sha } : {}) }] });
        testPause("journal");
        for (const [k, s] of staged.entries()) {
          if (k > 0) testPause(`published-${k}`);
          const replace = replaceable.has(s.abs) && fs.existsSync(s.abs);
          if (s.dir) {
            if (replace) fs.rmSync(s.abs, { recursive: true, force: true });
            fs.renameSync(s.tmp, s.abs); // fails on a non-empty directory: nothing is replaced
          } else if (replace) fs.renameSync(s.tmp, s.abs);
          else publishNew(s.tmp, s.abs);
          published.push({ abs: s.abs, dir: s.dir });
        }
      } catch (e) {
        for (const p of published) fs.rmSync(p.abs, { recursive: p.dir, force: true });
        for (const s of staged) fs.rmSync(s.tmp, { recursive: true, force: true });
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EEXIST" || code === "ENOTEMPTY")
          throw new IoError(String((e as { dest?: string }).dest ?? (e as NodeJS.ErrnoException).path ?? ""), "appeared while this command ran; nothing was written", { cause: e });
        throw e;
      }
    },
    release: releaseAll,
  };
}
