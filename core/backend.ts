/**
 * Compute-backend selection for the tfjs side (docs/gpu.md). `auto` tries, in order,
 * `@tensorflow/tfjs-node-gpu`, WebGPU (`webgpu` + `@tensorflow/tfjs-backend-webgpu`, hardware
 * adapters only: a software adapter such as SwiftShader is used only when `webgpu` is named),
 * `@tensorflow/tfjs-node` (optional peer dependencies: the native packages' install downloads
 * libtensorflow from outside the npm registry, so a normal `npm ci` never installs them), then
 * the wasm backend, then the pure-JS cpu backend. Optional packages are loaded with a dynamic
 * `import()` only when asked for, so their absence costs nothing.
 *
 * An explicit request for a backend that cannot be loaded is an error, never a silent fallback:
 * a run that asked for the GPU must not quietly train for a day on the cpu backend.
 *
 * tfjs itself is imported lazily so that code using only core (solvers, datasets) never loads it.
 *
 * Nothing is stored here: the returned `BackendInfo` is what a run record keeps.
 */
import { InvalidArgumentError, UnsupportedError } from "./errors.js";
import { describeAdapter, loadWebGpu, type WebGpuAdapterInfo } from "./webgpu.js";

export type BackendPreference = "auto" | "tfjs-node-gpu" | "webgpu" | "tfjs-node" | "wasm" | "cpu";
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ["auto", "tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"];

/** What a run record stores about the backend it ran on. */
export interface BackendInfo {
  /** The concrete choice (never "auto"). */
  preference: Exclude<BackendPreference, "auto">;
  /** tfjs backend name: "tensorflow" (both native packages), "webgpu", "wasm" or "cpu". */
  name: string;
  /** npm package that provides it. */
  package: string;
  /** Version of that package. */
  version: string;
  /** Version of @tensorflow/tfjs-core in use. */
  tfjsVersion: string;
  /** What `auto` tried and skipped before this one, with the reason. */
  skipped: { preference: BackendPreference; reason: string }[];
  /** The GPU adapter (webgpu only). */
  adapter?: WebGpuAdapterInfo;
}

/** Loads a module by specifier; injectable so tests can stub a package that fails to import. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

export interface SelectBackendOptions {
  /** Do not log the chosen backend. */
  quiet?: boolean;
  /** Where the one log line goes (default: stderr). */
  log?: (line: string) => void;
  importer?: ModuleImporter;
}

const PACKAGES: Record<Exclude<BackendPreference, "auto">, string> = {
  "tfjs-node-gpu": "@tensorflow/tfjs-node-gpu",
  webgpu: "@tensorflow/tfjs-backend-webgpu",
  "tfjs-node": "@tensorflow/tfjs-node",
  wasm: "@tensorflow/tfjs-backend-wasm",
  cpu: "@tensorflow/tfjs-backend-cpu",
};
const AUTO_ORDER = ["tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"] as const;

const defaultImporter: ModuleImporter = (s) => import(s);

/** Validates a backend name from an option, the environment or a CLI flag. */
export function parseBackendPreference(name: string, value: unknown): BackendPreference {
  if (typeof value !== "string" || !BACKEND_PREFERENCES.includes(value as BackendPreference))
    throw new InvalidArgumentError(name, value, `must be one of ${BACKEND_PREFERENCES.join(", ")}`);
  return value as BackendPreference;
}

/**
 * Load and activate a tfjs backend. `pref` defaults to `PDES_BACKEND`, else `auto`.
 * @throws InvalidArgumentError for an unknown name; UnsupportedError when an explicitly
 *   requested backend cannot be loaded or initialised.
 */
export async function selectBackend(
  pref: string = process.env.PDES_BACKEND || "auto",
  opts: SelectBackendOptions = {},
): Promise<BackendInfo> {
  const p = parseBackendPreference(pref && process.env.PDES_BACKEND === pref ? "PDES_BACKEND" : "backend", pref);
  const importer = opts.importer ?? defaultImporter;
  const skipped: BackendInfo["skipped"] = [];
  let info: BackendInfo | undefined;
  if (p === "auto") {
    for (const c of AUTO_ORDER) {
      const r = await tryBackend(c, importer, false);
      if (typeof r === "string") skipped.push({ preference: c, reason: r });
      else {
        info = { ...r, skipped };
        break;
      }
    }
    // cpu ships inside @tensorflow/tfjs, so reaching here means tfjs itself is broken.
    if (!info) throw new UnsupportedError(`no tfjs backend could be initialised: ${skipped.map((s) => `${s.preference}: ${s.reason}`).join("; ")}`);
  } else {
    const r = await tryBackend(p, importer, true);
    if (typeof r === "string") {
      const hint = p.startsWith("tfjs-node")
        ? ` (install it with \`npm install ${PACKAGES[p]}\`; see docs/gpu.md)`
        : p === "webgpu" && r.startsWith("import failed")
          ? " (install them with `npm install webgpu @tensorflow/tfjs-backend-webgpu`; see docs/gpu.md)"
          : "";
      throw new UnsupportedError(`backend ${JSON.stringify(p)} is not available: ${r}${hint}`);
    }
    info = { ...r, skipped };
  }
  if (!opts.quiet) (opts.log ?? ((l) => process.stderr.write(l + "\n")))(describeBackend(info));
  return info;
}

/** One line for logs: `backend: wasm (@tensorflow/tfjs-backend-wasm 4.22.0, tfjs 4.22.0)`. */
export function describeBackend(info: BackendInfo): string {
  const skipped = info.skipped.length ? `; skipped ${info.skipped.map((s) => s.preference).join(", ")}` : "";
  const adapter = info.adapter ? ` on ${describeAdapter(info.adapter)}` : "";
  return `backend: ${info.preference}${adapter} (${info.package} ${info.version}, tfjs ${info.tfjsVersion})${skipped}`;
}

type Loaded = Omit<BackendInfo, "skipped">;

/**
 * Returns the loaded backend's info, or the reason it is unavailable. `explicit`: the caller
 * named this backend (a software WebGPU adapter is accepted only then).
 */
async function tryBackend(p: Exclude<BackendPreference, "auto">, importer: ModuleImporter, explicit: boolean): Promise<Loaded | string> {
  const tf = await import("@tensorflow/tfjs");
  const pkg = PACKAGES[p];
  let version = tf.version_core;
  let name: string;
  let adapter: WebGpuAdapterInfo | undefined;
  try {
    if (p === "cpu") name = "cpu";
    else if (p === "webgpu") {
      const r = await loadWebGpu({ allowSoftware: explicit, ...(importer === defaultImporter ? {} : { importer }) });
      if (typeof r === "string") return r;
      adapter = r;
      version = tf.version_core; // tfjs-backend-webgpu is released with tfjs-core
      name = "webgpu";
    } else if (p === "wasm") {
      const m = (await importer(pkg)) as { version_wasm?: string };
      version = m.version_wasm ?? version;
      name = "wasm";
    } else {
      // Both native packages register the backend "tensorflow" on import.
      const m = (await importer(pkg)) as { version?: Record<string, string> };
      version = m.version?.[p] ?? m.version?.["tfjs-node"] ?? version;
      name = "tensorflow";
    }
  } catch (e) {
    return `import failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
  }
  if (tf.findBackendFactory(name) == null) return `${pkg} loaded but registered no "${name}" backend`;
  try {
    if (!(await tf.setBackend(name))) return `the "${name}" backend failed to initialise`;
    await tf.ready();
  } catch (e) {
    return `the "${name}" backend failed to initialise: ${e instanceof Error ? e.message : String(e)}`;
  }
  return { preference: p, name, package: pkg, version, tfjsVersion: tf.version_core, ...(adapter ? { adapter } : {}) };
}
