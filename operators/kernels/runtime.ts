/**
 * Where the fused kernels run: one instance of a kernel module per (module, backend).
 *
 * - wasm backend: the module imports the tfjs-wasm heap (its exported memory), so the kernels
 *   read inputs and write outputs in place: no copies between JS and the backend. Scratch and
 *   tables are allocated with the backend's own malloc.
 * - cpu backend: the module gets a memory of its own; inputs are copied in and outputs out (the
 *   cpu backend keeps tensors in JS arrays, so a copy is the only way in; it is small next to
 *   the kernels' work).
 *
 * State lives in a WeakMap keyed by the backend object, so a worker_thread with its own tfjs
 * and its own backend gets its own instances (nothing is shared between threads).
 */
import * as tf from "@tensorflow/tfjs";
import { UnsupportedError } from "../../core/index.js";
import { assembleWat } from "./wat.js";

type TensorInfo = { dataId: object; shape: number[]; dtype: string };

// The lib settings have no DOM types; these are the few WebAssembly members used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
type KernelExports = Record<string, (...args: number[]) => void>;

interface WasmBackendLike {
  wasm: { asm: { memory: WasmMemory }; _malloc(n: number): number; _free(p: number): void; HEAPU8: Uint8Array };
  dataIdMap: { get(id: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): TensorInfo;
}
interface CpuBackendLike {
  data: { get(id: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): TensorInfo;
}

const compiled = new Map<string, object>();
const runtimes = new WeakMap<object, Map<string, KernelRuntime>>();

/** The backends with fused kernels. */
export const FUSED_BACKENDS = ["wasm", "cpu"] as const;

/** The kernel families, each with a switch for A/B benchmarks (`setFusedKernels`). */
export type FusedKernelFamily = "filter" | "heat" | "derivative" | "gelu" | "linear" | "mix" | "adam" | "identity" | "fourier" | "loss";
const enabled: Record<FusedKernelFamily, boolean> = { filter: true, heat: true, derivative: true, gelu: true, linear: true, mix: true, adam: true, identity: true, fourier: true, loss: true };

/**
 * Switch kernel families off (their callers then take the tfjs-op path) or back on. For A/B
 * benchmarks (`npm run bench -- models --ablate`); results agree either way to round-off.
 */
export function setFusedKernels(on: Partial<Record<FusedKernelFamily, boolean>>): void {
  Object.assign(enabled, on);
}

/** Whether the fused kernels (of `family`, if given) run on the current backend. */
export function fusedKernelsAvailable(family?: FusedKernelFamily, backend: string = tf.getBackend()): boolean {
  return (FUSED_BACKENDS as readonly string[]).includes(backend) && (family === undefined || enabled[family]);
}

export class KernelRuntime {
  readonly exports: KernelExports;
  private readonly memory: WasmMemory;
  private readonly regions = new Map<string, { ptr: number; raw: number; bytes: number }>();
  /** cpu only: bump pointer of the private memory (regions are never freed there). */
  private top = 1024;
  private pending: { info: TensorInfo; ptr: number; size: number }[] = [];

  constructor(
    private readonly kind: "wasm" | "cpu",
    private readonly backend: WasmBackendLike | CpuBackendLike,
    module: object,
  ) {
    this.memory = kind === "wasm" ? (backend as WasmBackendLike).wasm.asm.memory : new WA.Memory({ initial: 16 });
    this.exports = new WA.Instance(module, { env: { memory: this.memory } }).exports as unknown as KernelExports;
  }

  /** A Float32Array view of the whole memory (re-take it after any allocation: memory may grow). */
  f32(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  i32(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }

  /** A named scratch region of at least `bytes` (16-byte aligned), reused across calls. */
  region(name: string, bytes: number): number {
    const r = this.regions.get(name);
    if (r && r.bytes >= bytes) return r.ptr;
    const size = Math.max(bytes, r ? 2 * r.bytes : 0);
    if (r && this.kind === "wasm") (this.backend as WasmBackendLike).wasm._free(r.raw);
    const a = this.allocate(size);
    this.regions.set(name, { ...a, bytes: size });
    return a.ptr;
  }

  private allocate(bytes: number): { ptr: number; raw: number } {
    if (this.kind === "wasm") {
      const raw = (this.backend as WasmBackendLike).wasm._malloc(bytes + 16);
      if (raw === 0) throw new RangeError(`fused kernel: cannot allocate ${bytes} bytes on the wasm heap`);
      // malloc on wasm32 aligns to 8; the kernels want 16 for their v128 accesses to be cheap.
      return { ptr: (raw + 15) & ~15, raw };
    }
    const ptr = (this.top + 15) & ~15;
    this.top = ptr + bytes;
    const need = Math.ceil(this.top / 65536) - this.memory.buffer.byteLength / 65536;
    if (need > 0) this.memory.grow(need);
    return { ptr, raw: ptr };
  }

  /** Byte address of a float32 input tensor (copied into a named region on cpu). */
  input(t: TensorInfo, name: string): number {
    if (this.kind === "wasm") return (this.backend as WasmBackendLike).dataIdMap.get(t.dataId).memoryOffset;
    const values = (this.backend as CpuBackendLike).data.get(t.dataId).values;
    const ptr = this.region(name, values.length * 4);
    this.f32().set(values, ptr / 4);
    return ptr;
  }

  /** A new float32 output tensor and its byte address; call `finish()` before returning outputs. */
  output(shape: number[], name: string): { info: TensorInfo; ptr: number } {
    const size = shape.reduce((p, q) => p * q, 1);
    if (this.kind === "wasm") {
      const b = this.backend as WasmBackendLike;
      const info = b.makeOutput(shape, "float32");
      return { info, ptr: b.dataIdMap.get(info.dataId).memoryOffset };
    }
    const ptr = this.region(name, size * 4);
    const info = { dataId: {}, shape, dtype: "float32" }; // replaced in finish()
    this.pending.push({ info, ptr, size });
    return { info, ptr };
  }

  /** Makes the outputs real tensors (cpu: copies them out of the private memory). */
  finish(outs: TensorInfo[]): TensorInfo[] {
    if (this.kind === "wasm") return outs;
    const made = outs.map((o) => {
      const p = this.pending.find((q) => q.info === o);
      if (!p) return o;
      return (this.backend as CpuBackendLike).makeTensorInfo(o.shape, "float32", this.f32().slice(p.ptr / 4, p.ptr / 4 + p.size));
    });
    this.pending = [];
    return made;
  }
}

let copyingIdentity: tf.KernelFunc | null = null;

/**
 * tfjs saves every tensor a gradient needs through `Identity` (engine.clone: ~110 calls per GSNN
 * training step), and tfjs-wasm's Identity copies the data; tensors are immutable (a variable's
 * assign rebinds its data), so sharing the data with a reference count, as tfjs-wasm's Reshape and
 * tfjs-cpu's Identity do, gives the same values without the copy (docs/operators.md §Where a
 * step's fixed cost goes). Installed once, on first use of a fused kernel; the family switch
 * "identity" restores the copy (strings always copy).
 */
function shareIdentityOnWasm(): void {
  if (copyingIdentity) return;
  const k = tf.getKernel("Identity", "wasm");
  if (!k) return;
  const copy = k.kernelFunc;
  copyingIdentity = copy;
  tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel({
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: ((args: { inputs: { x: TensorInfo }; backend: { incRef(id: object): void } }) => {
      const { x } = args.inputs;
      if (!enabled.identity || x.dtype === "string") return copy(args as unknown as Parameters<tf.KernelFunc>[0]);
      args.backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    }) as unknown as tf.KernelFunc,
  });
  // A Cast to the tensor's own dtype is an Identity too (tfjs-cpu's shares the data; tfjs-wasm's
  // copies): the gradient of every clone (e.g. tf.layers' Add clones its first input) is one.
  const c = tf.getKernel("Cast", "wasm");
  if (!c) return;
  const cast = c.kernelFunc;
  tf.unregisterKernel("Cast", "wasm");
  tf.registerKernel({
    kernelName: "Cast",
    backendName: "wasm",
    kernelFunc: ((args: { inputs: { x: TensorInfo }; attrs: { dtype: string }; backend: { incRef(id: object): void } }) => {
      const { x } = args.inputs;
      if (!enabled.identity || x.dtype === "string" || x.dtype !== args.attrs.dtype) return cast(args as unknown as Parameters<tf.KernelFunc>[0]);
      args.backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    }) as unknown as tf.KernelFunc,
  });
}

/** The runtime of the kernel module `name` (WAT text from `source()`) for a kernel's backend. */
export function kernelRuntime(name: string, source: () => string, backend: object): KernelRuntime {
  let byBackend = runtimes.get(backend);
  if (!byBackend) {
    shareIdentityOnWasm();
    byBackend = new Map();
    runtimes.set(backend, byBackend);
  }
  let rt = byBackend.get(name);
  if (!rt) {
    let mod = compiled.get(name);
    if (!mod) {
      mod = new WA.Module(assembleWat(source()));
      compiled.set(name, mod);
    }
    const kind = "wasm" in backend && "dataIdMap" in backend ? "wasm" : "data" in backend && "makeTensorInfo" in backend ? "cpu" : null;
    if (kind === null) throw new UnsupportedError("fused kernels run on the wasm and cpu backends only");
    rt = new KernelRuntime(kind, backend as WasmBackendLike | CpuBackendLike, mod);
    byBackend.set(name, rt);
  }
  return rt;
}
