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

/** Loads a module by specifier; injectable so tests can stub a package that fails to import. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** What loading a backend found: the provider's version when it says, the GPU adapter (webgpu). */
interface LoadResult {
  version?: string;
  adapter?: WebGpuAdapterInfo;
}

/** How one concrete backend is loaded. */
interface BackendDef {
  /** npm package that provides it. */
  readonly package: string;
  /** Name the package registers with tfjs. */
  readonly tfName: string;
  /**
   * Import whatever registers the backend. Throws when a package is missing; returns a string
   * (the reason) when the backend is unusable here. `explicit`: the caller named this backend.
   */
  readonly load: (importer: ModuleImporter, explicit: boolean, injected: boolean) => Promise<LoadResult | string>;
  /** Appended to the error when an explicit request for it fails (only after a failed import). */
  readonly installHint?: string;
}

/**
 * Every backend, in the order `auto` tries them. Adding a backend is adding an entry here:
 * the preference list, the CLI choices, the config schemas and `auto` all derive from it.
 */
const BACKENDS = {
  // Both native packages register the backend "tensorflow" on import.
  "tfjs-node-gpu": {
    package: "@tensorflow/tfjs-node-gpu",
    tfName: "tensorflow",
    load: async (imp) => ({ version: nativeVersion(await imp("@tensorflow/tfjs-node-gpu"), "tfjs-node-gpu") }),
    installHint: " (install it with `npm install @tensorflow/tfjs-node-gpu`; see docs/gpu.md)",
  },
  // Hardware adapters for auto, any adapter when named (core/webgpu.ts). The backend package is
  // released with tfjs-core and does not export a version of its own.
  webgpu: {
    package: "@tensorflow/tfjs-backend-webgpu",
    tfName: "webgpu",
    load: async (imp, explicit, injected) => {
      const r = await loadWebGpu({ allowSoftware: explicit, ...(injected ? { importer: imp } : {}) });
      return typeof r === "string" ? r : { adapter: r };
    },
    installHint: " (install them with `npm install webgpu @tensorflow/tfjs-backend-webgpu`; see docs/gpu.md)",
  },
  "tfjs-node": {
    package: "@tensorflow/tfjs-node",
    tfName: "tensorflow",
    load: async (imp) => ({ version: nativeVersion(await imp("@tensorflow/tfjs-node"), "tfjs-node") }),
    installHint: " (install it with `npm install @tensorflow/tfjs-node`; see docs/gpu.md)",
  },
  wasm: {
    package: "@tensorflow/tfjs-backend-wasm",
    tfName: "wasm",
    load: async (imp) => ({ version: ((await imp("@tensorflow/tfjs-backend-wasm")) as { version_wasm?: string }).version_wasm }),
  },
  // Ships inside @tensorflow/tfjs: nothing to import.
  cpu: { package: "@tensorflow/tfjs-backend-cpu", tfName: "cpu", load: async () => ({}) },
} satisfies Record<string, BackendDef>;

function nativeVersion(m: unknown, key: string): string | undefined {
  const v = (m as { version?: Record<string, string> }).version;
  return v?.[key] ?? v?.["tfjs-node"];
}

export type ConcreteBackend = keyof typeof BACKENDS;
export type BackendPreference = "auto" | ConcreteBackend;
const AUTO_ORDER = Object.keys(BACKENDS) as ConcreteBackend[];
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ["auto", ...AUTO_ORDER];

/** What a run record stores about the backend it ran on. */
export interface BackendInfo {
  /** The concrete choice (never "auto"). */
  preference: ConcreteBackend;
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

export interface SelectBackendOptions {
  /** Do not log the chosen backend. */
  quiet?: boolean;
  /** Where the one log line goes (default: stderr). */
  log?: (line: string) => void;
  importer?: ModuleImporter;
}

const defaultImporter: ModuleImporter = (s) => import(s);

/** Validates a backend name from an option, the environment or a CLI flag. */
export function parseBackendPreference(name: string, value: unknown): BackendPreference {
  if (typeof value !== "string" || !BACKEND_PREFERENCES.includes(value as BackendPreference))
    throw new InvalidArgumentError(name, value, `must be one of ${BACKEND_PREFERENCES.join(", ")}`);
  return value as BackendPreference;
}

/**
 * The one backend-option resolver: the explicit option (a flag, a config key, a function
 * argument) when given, else `PDES_BACKEND` when set, else `fallback` ("auto" unless a caller
 * has a reason, e.g. `pdes compare` defaults to the reproducible "cpu"). Empty strings count as
 * unset. `name` is what an invalid option is called in the error ("--backend", "config.backend").
 */
export function resolveBackendPreference(option?: string | null, fallback: BackendPreference = "auto", name = "backend"): BackendPreference {
  if (option !== undefined && option !== null && option !== "") return parseBackendPreference(name, option);
  const env = process.env.PDES_BACKEND;
  if (env !== undefined && env !== "") return parseBackendPreference("PDES_BACKEND", env);
  return fallback;
}

/**
 * Load and activate a tfjs backend. `pref` is resolved by `resolveBackendPreference`
 * (the argument, else `PDES_BACKEND`, else `auto`).
 * @throws InvalidArgumentError for an unknown name; UnsupportedError when an explicitly
 *   requested backend cannot be loaded or initialised.
 */
export async function selectBackend(pref?: string | null, opts: SelectBackendOptions = {}): Promise<BackendInfo> {
  const p = resolveBackendPreference(pref);
  const importer = opts.importer ?? defaultImporter;
  const skipped: BackendInfo["skipped"] = [];
  let info: BackendInfo | undefined;
  if (p === "auto") {
    for (const c of AUTO_ORDER) {
      const r = await tryBackend(c, importer, false, opts.importer !== undefined);
      if (typeof r === "string") skipped.push({ preference: c, reason: r });
      else {
        info = { ...r, skipped };
        break;
      }
    }
    // cpu ships inside @tensorflow/tfjs, so reaching here means tfjs itself is broken.
    if (!info) throw new UnsupportedError(`no tfjs backend could be initialised: ${skipped.map((s) => `${s.preference}: ${s.reason}`).join("; ")}`);
  } else {
    const r = await tryBackend(p, importer, true, opts.importer !== undefined);
    if (typeof r === "string") {
      const hint = r.startsWith("import failed") ? ((BACKENDS[p] as BackendDef).installHint ?? "") : "";
      throw new UnsupportedError(`backend ${JSON.stringify(p)} is not available: ${r}${hint}`);
    }
    info = { ...r, skipped };
  }
  if (!opts.quiet) (opts.log ?? ((l) => process.stderr.write(l + "\n")))(describeBackend(info));
  selected = info;
  return info;
}

let selected: BackendInfo | null = null;

/**
 * Forget the last `selectBackend` choice, so the next `ensureBackend` chooses afresh (as in a new
 * process). For hosts that run several independent jobs in one process: the test harness calls
 * it between test files that share a worker (__tests__/per-file-setup.ts), where a file that
 * named `cpu` would otherwise leave every later file on the pure-JS backend. It does not change
 * tfjs's active backend.
 */
export function forgetSelectedBackend(): void {
  selected = null;
}

/** The backend the last `selectBackend` activated, while it is still tfjs's active one. */
export async function currentBackend(): Promise<BackendInfo | null> {
  if (selected === null) return null;
  const tf = await import("@tensorflow/tfjs");
  return tf.getBackend() === selected.name ? selected : null;
}

/**
 * The library's entry points (train, loadSurrogate, evaluate, compare) call this: select a
 * backend once, unless the caller already did. An explicit `pref` (a concrete name) that differs
 * from the active backend switches; otherwise (unset, or "auto") a backend chosen earlier with
 * `selectBackend` stays, and with none chosen yet the choice is made now (PDES_BACKEND, else
 * `auto`) — never tfjs's silent default of the pure-JS cpu backend. Quiet unless `opts` says.
 * A backend set with `tf.setBackend` alone is not seen as chosen: name it to keep it.
 */
export async function ensureBackend(pref?: string | null, opts: SelectBackendOptions = {}): Promise<BackendInfo> {
  const explicit = pref !== undefined && pref !== null && pref !== "";
  const p = resolveBackendPreference(pref);
  const cur = await currentBackend();
  if (cur && (!explicit || p === "auto" || p === cur.preference)) return cur;
  return selectBackend(p, { quiet: true, ...opts });
}

/** What a run record keeps: the backend actually used, without `auto`'s skip list. */
export function backendRecord(info: BackendInfo): Omit<BackendInfo, "skipped"> {
  const { skipped: _skipped, ...rest } = info;
  return rest;
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
 * named this backend; `injected`: the importer is a caller's (tests), not the default.
 */
async function tryBackend(p: ConcreteBackend, importer: ModuleImporter, explicit: boolean, injected: boolean): Promise<Loaded | string> {
  const tf = await import("@tensorflow/tfjs");
  const def: BackendDef = BACKENDS[p];
  let loaded: LoadResult;
  try {
    const r = await def.load(importer, explicit, injected);
    if (typeof r === "string") return r;
    loaded = r;
  } catch (e) {
    return `import failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
  }
  const name = def.tfName;
  if (tf.findBackendFactory(name) == null) return `${def.package} loaded but registered no "${name}" backend`;
  try {
    if (!(await tf.setBackend(name))) return `the "${name}" backend failed to initialise`;
    await tf.ready();
  } catch (e) {
    return `the "${name}" backend failed to initialise: ${e instanceof Error ? e.message : String(e)}`;
  }
  const { adapter } = loaded;
  return { preference: p, name, package: def.package, version: loaded.version ?? tf.version_core, tfjsVersion: tf.version_core, ...(adapter ? { adapter } : {}) };
}
