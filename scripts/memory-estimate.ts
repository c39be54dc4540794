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

/** The most memory tfjs-wasm can address (32-bit wasm: 4 GiB); past it, it aborts. */
export const WASM_HEAP_BYTES = 2 ** 32;

/**
 * Bytes one training step (forward and backward) of a model holds per sample and grid point,
 * or undefined for kinds without an estimate. Fitted to the wasm heap's growth over one step
 * (docs/safety.md §Memory), 2D and 1D grids alike: GSNN ≈ 66·width·depth + 21.5·projectionWidth
 * + 2000 bytes (13.2 KB at the defaults; the probabilistic model's variance path ≈ 30× that:
 * 400 KB), FNO ≈ 124·width·depth (16 KB at the 2D defaults).
 */
export function stepBytesPerPoint(kind: string, modelConfig: Record<string, unknown>, dims: number): number | undefined {
  const num = (k: string, d: number): number => (typeof modelConfig[k] === "number" && (modelConfig[k] as number) > 0 ? (modelConfig[k] as number) : d);
  if (kind === "gsnn") {
    // Defaults as in docs/gsnn.md: width 32, depth 4, projectionWidth 128.
    const det = 66 * num("width", 32) * num("depth", 4) + 21.5 * num("projectionWidth", 128) + 2000;
    return modelConfig.probabilistic === true ? 30 * det : det;
  }
  // FNO defaults (docs/operators.md): width 64 in 1D, 32 in 2D; depth 4.
  if (kind === "fno") return 124 * num("width", dims === 1 ? 64 : 32) * num("depth", 4);
  return undefined;
}

/**
 * Refusal text when a training step of `batch` samples on a grid of `shape` cannot fit: over
 * the wasm heap on the wasm backend, or over the machine's memory on any; else undefined.
 */
export function trainStepRefusal(
  kind: string,
  modelConfig: Record<string, unknown>,
  shape: readonly number[],
  batch: number,
  backend: string,
  available = availableMemory(),
): string | undefined {
  const perPoint = stepBytesPerPoint(kind, modelConfig, shape.length);
  if (perPoint === undefined) return undefined;
  const points = shape.reduce((p, q) => p * q, 1);
  const need = batch * points * perPoint;
  const wasm = backend === "wasm";
  const limit = wasm ? Math.min(WASM_HEAP_BYTES, 0.8 * available) : 0.8 * available;
  if (need <= limit) return undefined;
  const where = wasm && limit === WASM_HEAP_BYTES ? `the ${formatBytes(WASM_HEAP_BYTES)} the wasm backend can address` : `the ${formatBytes(available)} available`;
  const fits = Math.floor(limit / (points * perPoint));
  const advice = fits >= 1 ? `use --batch-size ${fits} or less` : `even one sample does not fit: train on a coarser grid or a narrower model`;
  return `is too large: a ${kind} training step on a ${shape.join("×")} grid needs about ${formatBytes(need)} (${formatBytes(points * perPoint)} per sample), more than ${where}; ${advice}`;
}

/** A JS or wasm allocation failure (tfjs-wasm aborts with "Aborted()" when its heap is full). */
export function isOutOfMemory(e: unknown): boolean {
  const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return /Aborted\(|out of memory|Array buffer allocation failed|Invalid (typed )?array length|memory access out of bounds/i.test(m);
}
