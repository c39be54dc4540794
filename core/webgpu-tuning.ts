/**
 * Fixes to @tensorflow/tfjs-backend-webgpu 4.22 that our models need, applied once when
 * core/webgpu.ts registers the backend (docs/gpu.md §What was fixed):
 *
 * - AddN binds every input as its own storage buffer, so more inputs than the device's
 *   `maxStorageBuffersPerShaderStage − 1` make an invalid pipeline, and Dawn then drops the whole
 *   command buffer it sits in: the global gradient norm over ~20 weight tensors silently read
 *   garbage and the step's other kernels never ran. Sums of many tensors are now done in chunks.
 * - Uploads (every tensor made from JS values: a batch, a constant, each scalar of `tf.mul(x, 2)`)
 *   went through a new mapped staging buffer, created and destroyed per upload. They now go
 *   through `queue.writeBuffer` into a pooled buffer: no buffer creation per upload.
 */
import * as tf from "@tensorflow/tfjs";

interface TensorData {
  values: ArrayLike<number> | null;
  resource: unknown;
  shape: number[];
  dtype: string;
}
interface BackendInternals {
  tensorMap: { get(id: unknown): TensorData };
  bufferManager: { acquireBuffer(size: number, usage: number, mapped?: boolean): unknown };
  queue: { writeBuffer(b: unknown, offset: number, data: ArrayBuffer, dataOffset: number, size: number): void };
  device: { limits: Record<string, number> };
  disposeData(id: unknown): void;
  uploadToGPU(id: unknown): void;
}

const TUNED = Symbol.for("pdes.webgpuTuned");

/** Apply the fixes to the backend class (idempotent). */
export function tuneWebGpuBackend(Backend: { prototype: object }): void {
  const proto = Backend.prototype as BackendInternals & { [TUNED]?: boolean };
  if (proto[TUNED]) return;
  proto[TUNED] = true;
  patchUploads(proto);
  chunkAddN();
}

function patchUploads(proto: BackendInternals): void {
  const original = proto.uploadToGPU;
  proto.uploadToGPU = function (this: BackendInternals, dataId: unknown): void {
    const d = this.tensorMap.get(dataId);
    if (d.resource != null || d.values == null || (d.dtype !== "float32" && d.dtype !== "int32" && d.dtype !== "bool")) {
      original.call(this, dataId);
      return;
    }
    const n = d.shape.reduce((a, b) => a * b, 1);
    if (n === 0 || d.values.length !== n) {
      original.call(this, dataId);
      return;
    }
    const G = globalThis as unknown as { GPUBufferUsage: Record<string, number> };
    const usage = G.GPUBufferUsage.STORAGE! | G.GPUBufferUsage.COPY_SRC! | G.GPUBufferUsage.COPY_DST!;
    // bool is stored as int32 on this backend.
    const src = d.dtype === "float32" ? asType(d.values, Float32Array) : asType(d.values, Int32Array);
    const buffer = this.bufferManager.acquireBuffer(4 * n, usage);
    // Queue order: the write lands before any command buffer submitted after it, and a buffer
    // taken from the pool is never referenced by the command encoder still being recorded (the
    // backend delays releasing those until it submits), so no later-recorded kernel sees stale data.
    this.queue.writeBuffer(buffer, 0, src.buffer as ArrayBuffer, src.byteOffset, 4 * n);
    d.values = null;
    d.resource = buffer;
  };
}

function asType<T extends Float32Array | Int32Array>(v: ArrayLike<number>, C: { new (a: ArrayLike<number>): T; prototype: T }): T {
  return v instanceof C ? v : new C(v);
}

function chunkAddN(): void {
  const k = tf.getKernel("AddN", "webgpu");
  if (!k) return;
  const inner = k.kernelFunc;
  const kernelFunc: tf.KernelFunc = (args) => {
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    const be = args.backend as unknown as BackendInternals;
    const max = Math.max(2, (be.device.limits.maxStorageBuffersPerShaderStage ?? 8) - 1);
    if (inputs.length <= max) return inner(args);
    let level = inputs;
    const temps: tf.TensorInfo[] = [];
    while (level.length > max) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < level.length; i += max) {
        const part = level.slice(i, i + max);
        if (part.length === 1) next.push(part[0]!);
        else {
          const r = inner({ ...args, inputs: part as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
          temps.push(r);
          next.push(r);
        }
      }
      level = next;
    }
    const out = inner({ ...args, inputs: level as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
    for (const t of temps) be.disposeData(t.dataId);
    return out;
  };
  tf.unregisterKernel("AddN", "webgpu");
  tf.registerKernel({ ...k, kernelFunc });
}
