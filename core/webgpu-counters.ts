/**
 * Counters on a live tfjs-webgpu backend (docs/gpu.md): what one training step costs in host work, counted
 * rather than timed (software adapters' timings say nothing about a GPU's). Wraps the backend
 * instance's methods; `reset()` zeroes, `snapshot()` reads, `detach()` restores them.
 *
 * - dispatches: GPU kernels recorded (one compute dispatch each);
 * - submits: command buffers submitted to the queue;
 * - uploads / uploadBytes: tensors whose values were written from JS to a GPU buffer;
 * - reads / syncReads: asynchronous (`data()`) and synchronous (`dataSync()`) readbacks;
 * - buffersCreated: GPU buffers allocated (device.createBuffer);
 * - compiles: new compute pipelines (shader compilations);
 * - cpuForwarded: kernels tfjs ran on its CPU fallback (small inputs that are not on the GPU).
 */
import { UnsupportedError } from "./errors.js";

export interface WebGpuCounts {
  dispatches: number;
  submits: number;
  uploads: number;
  uploadBytes: number;
  reads: number;
  syncReads: number;
  buffersCreated: number;
  compiles: number;
  cpuForwarded: number;
}

const ZERO: WebGpuCounts = { dispatches: 0, submits: 0, uploads: 0, uploadBytes: 0, reads: 0, syncReads: 0, buffersCreated: 0, compiles: 0, cpuForwarded: 0 };

export interface WebGpuCounter {
  reset(): void;
  snapshot(): WebGpuCounts;
  detach(): void;
}

type AnyFn = (...a: unknown[]) => unknown;
interface TensorData {
  values?: ArrayLike<number> | null;
  resource?: unknown;
  shape: number[];
  dtype: string;
}
interface BackendInternals {
  tensorMap: { get(id: unknown): TensorData | undefined };
  pipelineCache: Record<string, unknown>;
  device: { createBuffer: AnyFn; createBindGroup: AnyFn; [k: string]: unknown };
  [k: string]: unknown;
}

/** Attach counters to the active backend, which must be "webgpu". */
export function attachWebGpuCounter(): WebGpuCounter {
  // tfjs's engine (the one `tf.getBackend()` and `tf.backend()` read), found on the global
  // object rather than imported: core must not load tfjs for code that never uses it
  // (core/webgpu.ts). Absent until something has imported tfjs.
  const engine = (globalThis as { _tfengine?: { backendName: string | null; backend: unknown } })._tfengine;
  const name = engine?.backendName ?? "none (tfjs not loaded)";
  if (name !== "webgpu") throw new UnsupportedError(`webgpu counters need the active backend to be webgpu, not ${name}`);
  const be = engine!.backend as BackendInternals;
  let c: WebGpuCounts = { ...ZERO };
  const saved: Array<[string, AnyFn]> = [];
  const wrap = (name: string, before: (args: unknown[]) => void, after?: (r: unknown, args: unknown[]) => void) => {
    const orig = be[name] as AnyFn;
    saved.push([name, orig]);
    be[name] = function (this: unknown, ...args: unknown[]) {
      before(args);
      const r = orig.apply(this, args);
      after?.(r, args);
      return r;
    };
  };
  wrap("submitQueue", () => c.submits++);
  wrap("uploadToGPU", (args) => {
    const d = be.tensorMap.get(args[0]);
    if (d && d.resource == null && d.values != null) {
      c.uploads++;
      c.uploadBytes += 4 * d.values.length;
    }
  });
  wrap("getBufferData", () => c.reads++);
  wrap("readSync", (args) => {
    const d = be.tensorMap.get(args[0]);
    if (d && d.values == null) c.syncReads++;
  });
  wrap("runWebGPUProgram", () => {}, () => {
    const n = Object.keys(be.pipelineCache).length;
    if (n > lastPipelines) c.compiles += n - lastPipelines;
    lastPipelines = n;
  });
  wrap("shouldExecuteOnCPU", () => {}, (r) => {
    if (r === true) c.cpuForwarded++;
  });
  let lastPipelines = Object.keys(be.pipelineCache).length;
  const dev = be.device;
  const createBuffer = dev.createBuffer;
  dev.createBuffer = function (this: unknown, ...args: unknown[]) {
    c.buffersCreated++;
    return createBuffer.apply(this, args);
  };
  // Every dispatch, tfjs's programs and the ones recorded directly, binds one new group.
  const createBindGroup = dev.createBindGroup;
  dev.createBindGroup = function (this: unknown, ...args: unknown[]) {
    c.dispatches++;
    return createBindGroup.apply(this, args);
  };
  return {
    reset: () => {
      c = { ...ZERO };
      lastPipelines = Object.keys(be.pipelineCache).length;
    },
    snapshot: () => ({ ...c }),
    detach: () => {
      for (const [name, fn] of saved.reverse()) be[name] = fn;
      dev.createBuffer = createBuffer;
      dev.createBindGroup = createBindGroup;
    },
  };
}
