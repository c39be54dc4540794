/**
 * Crash-safe file writes: data go to a temporary name in the same directory, are fsync'ed, and
 * only then renamed over the final name (rename is atomic on POSIX file systems), so a reader
 * or a resumed run sees either the old file, or nothing, or the complete new file — never a
 * torn one. Temporary names carry `.tmp-<pid>-<thread>-<counter>` so stale ones can be found
 * and removed after a crash.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { link, mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";
import { IoError } from "../core/index.js";

let counter = 0;

/**
 * Matches the temporary names made by this module, and the shorter `.tmp-<pid>` of the
 * synchronous writer that run directories used before, so a crash of either leaves nothing behind.
 */
export const TEMP_SUFFIX = /\.tmp-\d+(?:-\d+-\d+)?$/;

function tempName(path: string): string {
  return `${path}.tmp-${process.pid}-${threadId}-${counter++}`;
}

async function writeTemp(path: string, data: Uint8Array | string, durable: boolean): Promise<string> {
  const tmp = tempName(path);
  // The directory almost always exists: create it only when open says it is missing, which
  // saves a mkdir call per file on the hot path.
  const fh = await open(tmp, "w").catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
    await mkdir(dirname(path), { recursive: true });
    return open(tmp, "w");
  });
  try {
    await fh.writeFile(data);
    if (durable) await fh.sync();
  } finally {
    await fh.close();
  }
  return tmp;
}

export interface AtomicWriteOptions {
  /** fsync the data before the rename (default true). */
  fsync?: boolean;
  /** fsync the directory after the rename, making the rename itself durable (default = fsync). */
  syncDir?: boolean;
}

/**
 * Write `data` to `path` atomically (temp + fsync + rename). Without fsync the write is still
 * atomic for readers and against a killed process; only a power loss could lose it.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, opts: AtomicWriteOptions = {}): Promise<void> {
  const durable = opts.fsync ?? true;
  let tmp: string | undefined;
  try {
    tmp = await writeTemp(path, data, durable);
    await rename(tmp, path);
    if (opts.syncDir ?? durable) await syncDir(dirname(path));
  } catch (e) {
    if (tmp !== undefined) await unlink(tmp).catch(() => undefined);
    throw new IoError(path, `atomic write failed: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The same write, synchronously, for callers with a synchronous API (`.npy` files, lock
 * records): temp (exclusive create) + fsync + rename; the directory fsync is skipped.
 */
export function writeFileAtomicSync(path: string, data: Uint8Array | string, opts: Pick<AtomicWriteOptions, "fsync"> = {}): void {
  const tmp = tempName(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(tmp, "wx");
    try {
      writeSync(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
      if (opts.fsync ?? true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new IoError(path, `atomic write failed: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Publish `data` at `path` only if nothing is there yet (temp + fsync + hard link, which fails
 * if the target exists). Returns false when another writer got there first. Used for the
 * store's spec file, so concurrent shards agree on one creation record.
 */
export async function createFileExclusive(path: string, data: Uint8Array | string): Promise<boolean> {
  const tmp = await writeTemp(path, data, true);
  try {
    await link(tmp, path);
    await syncDir(dirname(path));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new IoError(path, `exclusive create failed: ${(e as Error).message}`, { cause: e });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** fsync a directory so a rename inside it survives a power loss (best effort). */
async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, "r");
    await fh.sync();
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic.
  } finally {
    await fh?.close();
  }
}

/**
 * Remove stale temporary files in `dir` whose final name satisfies `owned` (non-recursive),
 * only those last modified at least `minAgeMs` ago.
 */
export async function removeStaleTemps(dir: string, owned: (finalName: string) => boolean, minAgeMs = 0): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!TEMP_SUFFIX.test(name)) continue;
    if (!owned(name.replace(TEMP_SUFFIX, ""))) continue;
    if (minAgeMs > 0) {
      const st = await stat(join(dir, name)).catch(() => undefined);
      if (!st || Date.now() - st.mtimeMs < minAgeMs) continue;
    }
    await unlink(join(dir, name)).catch(() => undefined);
    removed++;
  }
  return removed;
}
