/**
 * Up-front memory estimates, so a job too large for this machine is refused with the figure
 * (docs/safety.md §Memory) instead of dying mid-way with "Array buffer allocation failed" or
 * being killed by the kernel without a message. Estimates are deliberately rough (a constant
 * factor over the arrays that must exist); what they catch is the order-of-magnitude mistake.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { constants } from "node:buffer";

/** Memory this process may use: the machine's, or a smaller cgroup limit (containers, `systemd-run -p MemoryMax`). */
export function availableMemory(): number {
  let limit = os.totalmem();
  for (const f of ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]) {
    try {
      const v = Number(fs.readFileSync(f, "utf8").trim());
      if (Number.isFinite(v) && v > 0) limit = Math.min(limit, v);
    } catch {
      // not limited there
    }
  }
  return limit;
}

/** The largest single typed array V8 allocates here, in bytes. */
export const MAX_ARRAY_BYTES = constants.MAX_LENGTH;

export function formatBytes(b: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let u = 0;
  while (b >= 1000 && u < units.length - 1) {
    b /= 1000;
    u++;
  }
  return `${b.toPrecision(b >= 100 ? 3 : 2)} ${units[u]}`;
}

/**
 * Refusal text when `need` bytes (largest single array `largest`) cannot fit, else undefined.
 * `what` describes the job ("a 65536×65536 grid").
 */
export function memoryRefusal(need: number, largest: number, what: string): string | undefined {
  const have = availableMemory();
  if (largest > MAX_ARRAY_BYTES) return `needs a single ${formatBytes(largest)} array for ${what}, more than the ${formatBytes(MAX_ARRAY_BYTES)} an array can hold`;
  if (need > 0.8 * have) return `needs about ${formatBytes(need)} of memory for ${what}, more than the ${formatBytes(have)} available`;
  return undefined;
}
