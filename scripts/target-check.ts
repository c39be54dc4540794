/**
 * Usage checks of an output path before a command writes anything (docs/safety.md §Outputs):
 * a parent that is a file, a read-only directory or an over-long name become one clear line
 * naming the flag (exit 2), not an ENOTDIR/EACCES/ENOENT from deep inside a write.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError } from "../core/index.js";

/** stat of `p`, or undefined when nothing is there; a path through a file is a usage error. */
export function statTarget(flag: string, p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") throw new InvalidArgumentError(flag, p, "cannot be created: a parent of it is a file, not a directory");
    if (code === "ENAMETOOLONG") throw new InvalidArgumentError(flag, p, "is too long a path");
    if (code === "EACCES") throw new InvalidArgumentError(flag, p, "cannot be read (permission denied)");
    throw e;
  }
}

/**
 * `p` must be creatable or writable: the nearest existing ancestor (or `p` itself, when it is
 * an existing directory) must be a writable directory. Returns the stat of `p`, if it exists.
 */
export function requireWritableTarget(flag: string, p: string): fs.Stats | undefined {
  const st = statTarget(flag, p);
  let dir = st?.isDirectory() ? p : path.dirname(path.resolve(p));
  for (;;) {
    const s = statTarget(flag, dir);
    if (s !== undefined) {
      if (!s.isDirectory()) throw new InvalidArgumentError(flag, p, `cannot be created: ${dir} is a file, not a directory`);
      break;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InvalidArgumentError(flag, p, `cannot be written: ${dir} is ${code === "EROFS" ? "on a read-only file system" : "not writable (permission denied)"}`);
  }
  return st;
}
