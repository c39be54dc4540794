/**
 * Find a python3 that can import the given modules (numpy, scipy, zarr...). Debian's packages
 * (python3-zarr etc.) install for /usr/bin/python3, which may not be the first python3 on PATH,
 * so both are tried. Used by benchmarks and by cross-check tests, which skip with a clear
 * message when none is found. Lives in the root __tests__/ (test support shared by every area
 * and by bench/), so tests never import bench/.
 */
import { spawnSync } from "node:child_process";

const cache = new Map<string, string | null>();

export function findPython(modules: readonly string[]): string | null {
  const key = modules.join(",");
  if (cache.has(key)) return cache.get(key)!;
  const candidates = [process.env.PDES_PYTHON, "python3", "/usr/bin/python3", "/usr/local/bin/python3"].filter(
    (c): c is string => !!c,
  );
  let found: string | null = null;
  for (const py of candidates) {
    const r = spawnSync(py, ["-c", modules.map((m) => `import ${m}`).join("; ") || "pass"], { stdio: "ignore" });
    if (r.status === 0) {
      found = py;
      break;
    }
  }
  cache.set(key, found);
  return found;
}

/** Run a python snippet with `py`, returning stdout; throws with stderr on failure. */
export function runPython(py: string, code: string, input?: string): string {
  const r = spawnSync(py, ["-c", code], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
