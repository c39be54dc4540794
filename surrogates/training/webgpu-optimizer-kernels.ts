/**
 * Optimizer kernels for the tfjs webgpu backend (docs/gpu.md §Where the time goes). Each tfjs
 * op is one GPU dispatch plus ~0.1–0.5 ms of host work, so the op-by-op Adam (13 ops per weight
 * tensor, each with its scalar constants uploaded) and the gradient norm (2 per tensor) were
 * more than half of a training step's dispatches. Here:
 *
 * - `PdesAdamW`: one dispatch per weight tensor reads (w, m, v, g) and writes (w', m', v'),
 *   with the step's scalars as uniforms (nothing uploaded);
 * - `PdesSumSquares`: Σg² of up to (storage-buffer limit − 1) tensors per dispatch, one
 *   workgroup per tensor, into slots of one output.
 *
 * tfjs programs have a single output, so these record their own pipelines into the backend's
 * command encoder, with its bookkeeping (tensors used by the pending encoder are released only
 * after it is submitted). The members used are those of @tensorflow/tfjs-backend-webgpu 4.x;
 * `webgpuKernelsUsable` checks for them and the callers fall back to tfjs ops without them.
 */
import * as tf from "@tensorflow/tfjs";

interface TensorData {
  resource: { size: number } | null;
}
interface GpuPassLike {
  setPipeline(p: unknown): void;
  setBindGroup(i: number, g: unknown): void;
  dispatchWorkgroups(x: number, y: number, z: number): void;
}
interface WebGpuBackendLike {
  device: {
    limits: Record<string, number>;
    createShaderModule(d: { code: string }): unknown;
    createComputePipeline(d: Record<string, unknown>): { getBindGroupLayout(i: number): unknown };
    createBindGroup(d: Record<string, unknown>): unknown;
  };
  tensorMap: { get(id: unknown): TensorData };
  commandEncoder: { beginComputePass(d: Record<string, unknown>): GpuPassLike } | null;
  computePassEncoder: GpuPassLike | null;
  commandQueueOwnedIds: WeakSet<object>;
  dispatchCountInPass: number;
  activeTimers?: unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  uploadToGPU(id: unknown): void;
  makeUniforms(u: Array<{ type: string; data: number[] }>): { offset: number; size: number; buffer: unknown };
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

const WORKGROUP = 64;
const REDUCE_WORKGROUP = 256;

/** True when the active backend is webgpu with the internals these kernels record through. */
export function webgpuKernelsUsable(): boolean {
  if (tf.getBackend() !== "webgpu") return false;
  const be = tf.backend() as unknown as Partial<WebGpuBackendLike>;
  return (
    typeof be.makeUniforms === "function" &&
    typeof be.ensureCommandEncoderReady === "function" &&
    typeof be.endComputePassEncoder === "function" &&
    typeof be.submitQueue === "function" &&
    be.commandQueueOwnedIds instanceof WeakSet &&
    be.tensorMap !== undefined
  );
}

const pipelines = new WeakMap<object, Map<string, { getBindGroupLayout(i: number): unknown }>>();

function pipeline(be: WebGpuBackendLike, key: string, code: () => string) {
  let m = pipelines.get(be.device);
  if (!m) pipelines.set(be.device, (m = new Map()));
  let p = m.get(key);
  if (!p) {
    p = be.device.createComputePipeline({ layout: "auto", compute: { module: be.device.createShaderModule({ code: code() }), entryPoint: "main" } });
    m.set(key, p);
  }
  return p;
}

/** GPU buffer binding of a tensor (uploaded first if its values are still in JS). */
function bind(be: WebGpuBackendLike, t: tf.TensorInfo) {
  be.uploadToGPU(t.dataId);
  return { buffer: be.tensorMap.get(t.dataId).resource, offset: 0, size: 4 * Math.max(1, t.shape.reduce((a, b) => a * b, 1)) };
}

/** Record one dispatch into the backend's command encoder, as its own programs do. */
function record(be: WebGpuBackendLike, p: { getBindGroupLayout(i: number): unknown }, entries: unknown[], used: tf.TensorInfo[], groups: [number, number]): void {
  const bindGroup = be.device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: entries.map((resource, binding) => ({ binding, resource })) });
  for (const t of used) be.commandQueueOwnedIds.add(t.dataId as object);
  be.ensureCommandEncoderReady();
  if (be.activeTimers != null) be.endComputePassEncoder(); // profiling: a pass of its own
  if (!be.computePassEncoder) be.computePassEncoder = be.commandEncoder!.beginComputePass({});
  const pass = be.computePassEncoder;
  pass.setPipeline(p);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(groups[0], groups[1], 1);
  be.dispatchCountInPass++;
  if (be.activeTimers != null || (tf.env().get("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE") as number) <= be.dispatchCountInPass) {
    be.endComputePassEncoder();
    be.submitQueue();
  }
}

/** Workgroups for `n` threads in groups of `size`, folded into 2-D past the per-dimension limit. */
function groupsFor(be: WebGpuBackendLike, n: number, size: number): [number, number] {
  const total = Math.max(1, Math.ceil(n / size));
  const max = be.device.limits.maxComputeWorkgroupsPerDimension ?? 65535;
  return total <= max ? [total, 1] : [max, Math.ceil(total / max)];
}

const ADAM_WGSL = `
struct U { lr: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, eps: f32, wd: f32, c1: f32, c2: f32, scale: f32, n: u32, pad: u32 };
@group(0) @binding(0) var<storage, read_write> wo: array<f32>;
@group(0) @binding(1) var<storage, read_write> mo: array<f32>;
@group(0) @binding(2) var<storage, read_write> vo: array<f32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> m: array<f32>;
@group(0) @binding(5) var<storage, read> v: array<f32>;
@group(0) @binding(6) var<storage, read> g: array<f32>;
@group(0) @binding(7) var<uniform> u: U;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let i = gid.x + gid.y * nw.x * ${WORKGROUP}u;
  if (i >= u.n) { return; }
  // Same operations, in the same order, as the op-by-op AdamW (adamw.ts).
  let gi = g[i] * u.scale;
  let mi = u.b1 * m[i] + u.omb1 * gi;
  let vi = u.b2 * v[i] + u.omb2 * (gi * gi);
  mo[i] = mi;
  vo[i] = vi;
  var upd = (mi / u.c1) / (sqrt(vi / u.c2) + u.eps);
  if (u.wd > 0.0) { upd = upd + w[i] * u.wd; }
  wo[i] = w[i] - upd * u.lr;
}`;

export interface AdamStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  /** Bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ. */
  c1: number;
  c2: number;
  /** Gradient scale (global-norm clipping), 1 for none. */
  gradScale: number;
}

tf.registerKernel({
  kernelName: "PdesAdamW",
  backendName: "webgpu",
  kernelFunc: ({ inputs, backend, attrs }) => {
    const be = backend as unknown as WebGpuBackendLike;
    const { w, m, v, g } = inputs as unknown as Record<"w" | "m" | "v" | "g", tf.TensorInfo>;
    const a = attrs as unknown as AdamStepAttrs;
    const n = w.shape.reduce((p, q) => p * q, 1);
    const outs = [w, m, v].map((t) => be.makeTensorInfo([...t.shape], "float32"));
    if (n === 0) return outs;
    const uniforms = be.makeUniforms([
      ...[a.lr, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.epsilon, a.weightDecay, a.c1, a.c2, a.gradScale].map((x) => ({ type: "float32", data: [x] })),
      // Uniform structs are bound in multiples of 16 bytes.
      { type: "uint32", data: [n] },
      { type: "uint32", data: [0] },
    ]);
    const p = pipeline(be, "adamw", () => ADAM_WGSL);
    record(be, p, [...outs.map((t) => bind(be, t)), ...[w, m, v, g].map((t) => bind(be, t)), uniforms], [...outs, w, m, v, g], groupsFor(be, n, WORKGROUP));
    return outs;
  },
});

function sumSquaresWgsl(k: number): string {
  const decl = Array.from({ length: k }, (_, j) => `@group(0) @binding(${j + 1}) var<storage, read> x${j}: array<f32>;`).join("\n");
  const pick = Array.from({ length: k }, (_, j) => `${j === 0 ? "" : "else "}if (wg.x == ${j}u) { for (var i = t; i < arrayLength(&x${j}); i += ${REDUCE_WORKGROUP}u) { s += x${j}[i] * x${j}[i]; } }`).join("\n  ");
  return `
struct U { base: u32, pad0: u32, pad1: u32, pad2: u32 };
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
${decl}
@group(0) @binding(${k + 1}) var<uniform> u: U;
var<workgroup> part: array<f32, ${REDUCE_WORKGROUP}>;
@compute @workgroup_size(${REDUCE_WORKGROUP})
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  var s = 0.0;
  ${pick}
  part[t] = s;
  workgroupBarrier();
  for (var h = ${REDUCE_WORKGROUP / 2}u; h > 0u; h = h / 2u) {
    if (t < h) { part[t] = part[t] + part[t + h]; }
    workgroupBarrier();
  }
  if (t == 0u) { out[u.base + wg.x] = part[0]; }
}`;
}

tf.registerKernel({
  kernelName: "PdesSumSquares",
  backendName: "webgpu",
  kernelFunc: ({ inputs, backend }) => {
    const be = backend as unknown as WebGpuBackendLike;
    const xs = Object.values(inputs as unknown as Record<string, tf.TensorInfo>);
    const out = be.makeTensorInfo([xs.length], "float32");
    const per = Math.max(1, (be.device.limits.maxStorageBuffersPerShaderStage ?? 8) - 1);
    for (let base = 0; base < xs.length; base += per) {
      const part = xs.slice(base, base + per);
      const p = pipeline(be, `sumsq${part.length}`, () => sumSquaresWgsl(part.length));
      const uniforms = be.makeUniforms([base, 0, 0, 0].map((x) => ({ type: "uint32", data: [x] })));
      record(be, p, [bind(be, out), ...part.map((t) => bind(be, t)), uniforms], [out, ...part], [part.length, 1]);
    }
    return out;
  },
});

/** One fused AdamW step of a weight tensor on webgpu: returns [w', m', v'] (new tensors). */
export function adamStepWebGpu(w: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, attrs: AdamStepAttrs): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel("PdesAdamW", { w, m, v, g }, attrs as unknown as tf.NamedAttrMap) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/** Σ‖x‖² of each tensor, `[count]`, on webgpu. */
export function sumSquaresWebGpu(xs: readonly tf.Tensor[]): tf.Tensor1D {
  const inputs: Record<string, tf.Tensor> = {};
  xs.forEach((x, i) => (inputs[`x${i}`] = x));
  return tf.engine().runKernel("PdesSumSquares", inputs) as tf.Tensor1D;
}
