/**
 * WebGPU for tfjs, in browsers and in Node (docs/gpu.md).
 *
 * In a browser the native `navigator.gpu` is used. In Node the optional `webgpu` package (Dawn,
 * shipped as a prebuilt `dawn.node`) provides it: its `create([])` must be on `navigator.gpu`
 * BEFORE `@tensorflow/tfjs-backend-webgpu` is evaluated, because that module registers its
 * backend only if `navigator.gpu` exists at import; so both are imported dynamically, in that
 * order. The adapter is inspected before the backend is registered: a software adapter
 * (SwiftShader, llvmpipe, WARP: a CPU pretending to be a GPU) is refused unless the caller
 * asks for it, so `auto` never trades wasm for an emulated GPU.
 *
 * The backend is registered with our own factory (the device is created here, with the
 * adapter's storage-buffer limit and timestamp queries when available) and tuned by
 * core/webgpu-tuning.ts. One device per process: later calls reuse it. tfjs and the tuning are
 * imported when WebGPU is asked for, so code using only core (solvers, datasets, the CLI's
 * `generate`, `verify`, `info`) never loads tfjs (core/backend.ts).
 */
import type * as tf from "@tensorflow/tfjs";
import type { ModuleImporter } from "./backend.js";

/** What a run record keeps about the adapter. */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU implementation of WebGPU (SwiftShader, llvmpipe, WARP), not a GPU. */
  software: boolean;
}

export interface LoadWebGpuOptions {
  /** Accept a software adapter (only when the caller named `webgpu` explicitly). */
  allowSoftware: boolean;
  /** Loads `webgpu` and `@tensorflow/tfjs-backend-webgpu`; tests inject failing ones. */
  importer?: ModuleImporter;
}

// The subset of the WebGPU API used here (the `@webgpu/types` globals are not in this project's lib).
interface GpuAdapterLike {
  info?: Record<string, unknown>;
  isFallbackAdapter?: boolean;
  features: { has(f: string): boolean };
  limits: Record<string, number>;
  requestDevice(d: Record<string, unknown>): Promise<unknown>;
}
interface GpuLike {
  requestAdapter(o?: Record<string, unknown>): Promise<GpuAdapterLike | null>;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/** True for adapters that run on the CPU (by the fallback flag or a known software renderer's name). */
export function isSoftwareAdapter(info: Partial<Record<"vendor" | "architecture" | "device" | "description", string>>, fallback = false): boolean {
  if (fallback) return true;
  return SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(" "));
}

/** Dawn's libraries' literal specifiers, so a bundler (bench/gpu) can see and keep them. */
const literalImporter: ModuleImporter = (s) => {
  if (s === "webgpu") return import("webgpu");
  if (s === "@tensorflow/tfjs-backend-webgpu") return import("@tensorflow/tfjs-backend-webgpu");
  return import(s);
};

let loaded: WebGpuAdapterInfo | null = null;

/**
 * Make the tfjs "webgpu" backend available (not active: `tf.setBackend("webgpu")` does that).
 * Returns the adapter, or the reason WebGPU is unavailable (for `auto`'s skip list).
 */
export async function loadWebGpu(opts: LoadWebGpuOptions): Promise<WebGpuAdapterInfo | string> {
  const tf = await import("@tensorflow/tfjs");
  if (loaded && tf.findBackendFactory("webgpu") != null) {
    if (loaded.software && !opts.allowSoftware) return softwareReason(loaded);
    return loaded;
  }
  const importer = opts.importer ?? literalImporter;
  const gpu = await navigatorGpu(importer);
  if (typeof gpu === "string") return gpu;
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    return `requesting a WebGPU adapter failed: ${firstLine(e)}`;
  }
  if (adapter == null) return "no WebGPU adapter found (no GPU driver with Vulkan, Metal or D3D12 support; see docs/gpu.md)";
  const raw = (adapter.info ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : "");
  const info: WebGpuAdapterInfo = {
    vendor: str("vendor"),
    architecture: str("architecture"),
    device: str("device"),
    description: str("description"),
    software: isSoftwareAdapter(
      { vendor: str("vendor"), architecture: str("architecture"), device: str("device"), description: str("description") },
      raw.isFallbackAdapter === true || adapter.isFallbackAdapter === true,
    ),
  };
  if (info.software && !opts.allowSoftware) return softwareReason(info);

  let mod: { WebGPUBackend?: new (device: unknown, info?: unknown) => tf.KernelBackend };
  try {
    mod = (await importer("@tensorflow/tfjs-backend-webgpu")) as typeof mod;
  } catch (e) {
    return `import failed: ${firstLine(e)}`;
  }
  if (typeof mod.WebGPUBackend !== "function") return "@tensorflow/tfjs-backend-webgpu loaded but exports no WebGPUBackend";
  let device: unknown;
  try {
    device = await adapter.requestDevice(deviceDescriptor(adapter));
  } catch (e) {
    return `creating the WebGPU device failed: ${firstLine(e)}`;
  }
  const Backend = mod.WebGPUBackend;
  // Replace the module's own factory (it would request a second adapter and device).
  if (tf.findBackendFactory("webgpu") != null) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", () => new Backend(device, adapter!.info), 3);
  (await import("./webgpu-tuning.js")).tuneWebGpuBackend(Backend);
  loaded = info;
  return info;
}

/** One line naming the adapter: `NVIDIA H200 (nvidia, hopper)`. */
export function describeAdapter(a: WebGpuAdapterInfo): string {
  const name = a.description || a.device || "unnamed adapter";
  const detail = [a.vendor, a.architecture].filter(Boolean).join(", ");
  return `${name}${detail ? ` (${detail})` : ""}${a.software ? ", software" : ""}`;
}

function softwareReason(a: WebGpuAdapterInfo): string {
  return `only a software adapter: ${describeAdapter(a)}; auto skips it (name webgpu to use it)`;
}

/**
 * The adapter's limits for what tfjs binds per shader (AddN, Concat take many inputs) and for
 * buffer sizes; timestamp queries when offered (kernel times in `tf.profile`).
 */
function deviceDescriptor(adapter: GpuAdapterLike): Record<string, unknown> {
  const L = adapter.limits;
  const keys = [
    "maxComputeWorkgroupStorageSize",
    "maxComputeWorkgroupsPerDimension",
    "maxStorageBufferBindingSize",
    "maxBufferSize",
    "maxComputeWorkgroupSizeX",
    "maxComputeInvocationsPerWorkgroup",
    "maxStorageBuffersPerShaderStage",
  ];
  const requiredLimits: Record<string, number> = {};
  for (const k of keys) if (typeof L[k] === "number") requiredLimits[k] = L[k];
  const requiredFeatures = adapter.features.has("timestamp-query") ? ["timestamp-query"] : [];
  return { requiredLimits, requiredFeatures };
}

/** `navigator.gpu`: the browser's, or Dawn's from the `webgpu` package in Node. */
async function navigatorGpu(importer: ModuleImporter): Promise<GpuLike | string> {
  const g = globalThis as { navigator?: { gpu?: GpuLike } };
  if (g.navigator?.gpu) return g.navigator.gpu;
  if (typeof process === "undefined" || !process.versions?.node) return "this browser has no navigator.gpu (WebGPU is not enabled)";
  let m: { create?: (o: string[]) => GpuLike; globals?: Record<string, unknown> };
  try {
    m = (await importer("webgpu")) as typeof m;
  } catch (e) {
    return `import failed: ${firstLine(e)}`;
  }
  if (typeof m.create !== "function") return "the webgpu package exports no create()";
  // Without a Vulkan loader Dawn finds nothing on Linux (and says so on stderr): don't start it.
  if (process.platform === "linux" && !(await hasVulkanLoader()))
    return "no Vulkan loader (libvulkan.so.1) on the library path: install libvulkan1 and the GPU's Vulkan driver (docs/gpu.md)";
  // Nor without a Vulkan driver manifest: Dawn would print "no drivers" warnings on every run.
  if (process.platform === "linux" && !(await hasVulkanDriver()))
    return "no Vulkan driver (no ICD manifest in the Vulkan icd.d folders, VK_ICD_FILENAMES or VK_DRIVER_FILES): install the GPU's Vulkan driver (docs/gpu.md)";
  // tfjs-webgpu uses the WebGPU globals (GPUBufferUsage, GPUMapMode, GPUBuffer, ...) by name.
  for (const [k, v] of Object.entries(m.globals ?? {})) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  let gpu: GpuLike;
  try {
    gpu = m.create([]);
  } catch (e) {
    return `starting Dawn failed: ${firstLine(e)}`;
  }
  if (g.navigator) Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, "navigator", { value: { gpu, userAgent: `Node.js/${process.versions.node}` }, configurable: true, writable: true });
  return gpu;
}

/** Whether the dynamic linker can find libvulkan.so.1 (LD_LIBRARY_PATH, ld.so.cache, system dirs). */
async function hasVulkanLoader(): Promise<boolean> {
  const fs = await import("node:fs");
  const name = "libvulkan.so.1";
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean), "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"];
  if (dirs.some((d) => fs.existsSync(`${d}/${name}`))) return true;
  try {
    return fs.readFileSync("/etc/ld.so.cache").includes(name);
  } catch {
    return false;
  }
}

/** Whether the Vulkan loader would find a driver: an ICD manifest named by the environment or in a standard icd.d folder. */
async function hasVulkanDriver(): Promise<boolean> {
  const fs = await import("node:fs");
  const named = [process.env.VK_ICD_FILENAMES, process.env.VK_DRIVER_FILES, process.env.VK_ADD_DRIVER_FILES].flatMap((v) => (v ?? "").split(":")).filter(Boolean);
  if (named.some((f) => fs.existsSync(f))) return true;
  const data = (process.env.XDG_DATA_DIRS ?? "/usr/local/share:/usr/share").split(":").filter(Boolean);
  const config = (process.env.XDG_CONFIG_DIRS ?? "/etc/xdg").split(":").filter(Boolean);
  const dirs = [...config, "/etc", ...data, `${process.env.HOME ?? ""}/.local/share`].map((d) => `${d}/vulkan/icd.d`);
  return dirs.some((d) => {
    try {
      return fs.readdirSync(d).some((f) => f.endsWith(".json"));
    } catch {
      return false;
    }
  });
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}
