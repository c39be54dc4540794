import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Relative path → sha256 of every file under `p` (hidden ones included), or of `p` itself when it
 * is a file (key ""); {} when `p` does not exist. Byte-level identity of a store, a run
 * directory or an output file, to show a command left things exactly as they were.
 */
export function snapshot(p: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (q: string): void => {
    if (statSync(q).isDirectory()) for (const e of readdirSync(q)) walk(join(q, e));
    else out[relative(p, q)] = createHash("sha256").update(readFileSync(q)).digest("hex");
  };
  if (existsSync(p)) walk(p);
  return out;
}
