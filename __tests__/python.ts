/**
 * Find a python3 that has the given modules (numpy, scipy, zarr...). Debian's packages
 * (python3-zarr etc.) install for /usr/bin/python3, which may not be the first python3 on PATH,
 * so both are tried. Used by benchmarks and by cross-check tests, which skip with a clear
 * message when none is found. Lives in the root __tests__/ (test support shared by every area
 * and by bench/), so tests never import bench/.
 *
 * Each candidate is asked once per process, for every module the tests use, whether it is
 * installed (`importlib.util.find_spec`, which finds a module without running it): importing
 * them to find out cost 0.5–1.5 s of CPU per probe (torch, scipy), and a python3 found through
 * a version manager's shim about 0.5 s just to start (docs/testing.md §Python children). A module
 * that is installed but fails to import then fails its test instead of skipping it.
 */
import { spawnSync } from "node:child_process";

/** The modules the tests and benchmarks look for, probed together. */
const KNOWN = ["numpy", "scipy", "zarr", "xarray", "h5py", "torch", "sklearn"];

/** Per candidate: the modules asked about so far, and those it has. */
const probed = new Map<string, { asked: Set<string>; has: Set<string> }>();

function has(py: string, modules: readonly string[]): boolean {
  let p = probed.get(py);
  if (!p || modules.some((m) => !p!.asked.has(m))) {
    const ask = [...new Set([...KNOWN, ...(p?.asked ?? []), ...modules])];
    const code = "import importlib.util as u, json, sys\nprint(json.dumps([m for m in sys.argv[1:] if u.find_spec(m) is not None]))";
    const r = spawnSync(py, ["-c", code, ...ask], { encoding: "utf8" });
    let found: string[] = [];
    if (r.status === 0) {
      try {
        found = JSON.parse(r.stdout.trim().split("\n").pop()!) as string[];
      } catch {
        found = [];
      }
    }
    p = { asked: new Set(ask), has: new Set(found) };
    probed.set(py, p);
  }
  return modules.every((m) => p!.has.has(m));
}

export function findPython(modules: readonly string[]): string | null {
  const candidates = [process.env.PDES_PYTHON, "python3", "/usr/bin/python3", "/usr/local/bin/python3"].filter(
    (c): c is string => !!c,
  );
  for (const py of candidates) if (has(py, modules)) return py;
  return null;
}

/** Run a python snippet with `py`, returning stdout; throws with stderr on failure. */
export function runPython(py: string, code: string, input?: string): string {
  const r = spawnSync(py, ["-c", code], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
