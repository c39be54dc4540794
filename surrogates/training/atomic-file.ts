/**
 * Crash-safe file replacement: write a temporary file in the same directory, fsync it, rename it
 * over the target, then fsync the directory so the rename itself survives a power cut. A reader
 * therefore sees the old file or the new one, never a mix.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Remove temporary files left by a writer that was killed mid-write. */
export function removeStaleTemps(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) if (/\.tmp-\d+$/.test(f)) fs.rmSync(path.join(dir, f), { force: true });
}
