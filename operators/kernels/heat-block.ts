/**
 * fusedHeatBlock: a deterministic GSNN block, y = GELU(heat_τ(x·Wm + bm) + x·Ws), as one tfjs
 * op each way. The forward kernel runs the fused kernels' own kernel functions (PdesMatMul,
 * PdesHeatFilter, the backend's Add, PdesGelu) on the backend's tensor data and frees the
 * intermediates itself; the backward kernel does the same with their gradients (PdesGeluGrad,
 * PdesDenseGrad twice, PdesHeatFilterGrad, Add). tfjs's engine then sees one op forward (saving
 * x, the spectrum with log τ at its end and the pre-activation) and one backward instead of the
 * five layers' 22 engine calls per block and step (docs/operators.md §Where a step's fixed cost
 * goes). The results are those of the five ops in sequence: the same kernels on the same data.
 * wasm and cpu backends; the caller checks `fusedKernelsAvailable("heat")` etc.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import type { AxisBasis } from "../spectral/index.js";
import { GELU, GELU_GRAD, registerElementwiseKernels } from "./elementwise-kernels.js";
import { modeClasses } from "./filter-geometry.js";
import { fusedGelu } from "./gelu.js";
import { heatSymmetricFilter, HEAT_FILTER, HEAT_FILTER_GRAD, registerHeatFilterKernels } from "./heat-symmetric-filter.js";
import { DENSE_GRAD, fusedDense, MATMUL, registerLinearKernels } from "./linear-kernel.js";

export const HEAT_BLOCK = "PdesHeatBlock";
export const HEAT_BLOCK_GRAD = "PdesHeatBlockGrad";

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
type Backend = { disposeData(id: object): void };
interface Attrs {
  bases: string;
  lengths: number[];
  classes: number[];
  tauShape: number[];
}

/** Kernel `name` of the current backend, called on tensor data (no engine op). */
function call(name: string, backend: object, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo[] {
  const out = tf.getKernel(name, tf.getBackend())!.kernelFunc({ inputs, backend, attrs } as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo | TensorInfo[];
  return Array.isArray(out) ? out : [out];
}

const free = (backend: object, ts: TensorInfo[]): void => ts.forEach((t) => (backend as Backend).disposeData(t.dataId));

function forwardKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: object; attrs: Attrs }): TensorInfo[] {
  const { x, wm, bm, logTau, ws } = inputs as Record<"x" | "wm" | "bm" | "logTau" | "ws", TensorInfo>;
  const [z] = call(MATMUL, backend, { a: x, b: wm, bias: bm });
  const [f, spec] = call(HEAT_FILTER, backend, { x: z!, logTau }, attrs);
  const [s] = call(MATMUL, backend, { a: x, b: ws });
  const [u] = call("Add", backend, { a: f!, b: s! });
  const [y] = call(GELU, backend, { x: u! }, { approximate: false });
  free(backend, [z!, f!, s!]);
  return [y!, spec!, u!];
}

function gradKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: object; attrs: Attrs }): TensorInfo[] {
  const { dy, x, spec, u, wm, ws } = inputs as Record<"dy" | "x" | "spec" | "u" | "wm" | "ws", TensorInfo>;
  const [du] = call(GELU_GRAD, backend, { x: u, dy }, { approximate: false });
  const [dxs, dws] = call(DENSE_GRAD, backend, { x, w: ws, dy: du! }, { bias: false });
  const [dz, dl] = call(HEAT_FILTER_GRAD, backend, { dy: du!, spec }, attrs);
  const [dxm, dwm, dbm] = call(DENSE_GRAD, backend, { x, w: wm, dy: dz! }, { bias: true });
  // dx in the order tfjs's backprop sums h's two gradients (the same bits: IEEE addition commutes).
  const [dx] = call("Add", backend, { a: dxm!, b: dxs! });
  free(backend, [du!, dxs!, dz!, dxm!]);
  return [dx!, dwm!, dbm!, dl!, dws!];
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  registerElementwiseKernels();
  registerLinearKernels();
  registerHeatFilterKernels();
  for (const backendName of ["wasm", "cpu"]) {
    tf.registerKernel({ kernelName: HEAT_BLOCK, backendName, kernelFunc: forwardKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: HEAT_BLOCK_GRAD, backendName, kernelFunc: gradKernel as unknown as tf.KernelFunc });
  }
}

type Args = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * GELU(heat_τ(x·Wm + bm) + x·Ws) for x `[B, ...spatial, C]` (1 or 2 spatial axes), Wm and Ws
 * `[C, C]`, bm `[C]`, logTau `[C]` or `[1, C]` (τ_c = exp(logTau_c)), the heat filter of
 * heatSymmetricFilter (`lengths`, mode `classes` per axis, `bases`). Differentiable w.r.t. all
 * five; weights that are tf.Variables are read at backward time rather than saved.
 */
export function fusedHeatBlock(x: tf.Tensor, wm: tf.Tensor2D, bm: tf.Tensor1D, logTau: tf.Tensor, ws: tf.Tensor2D, lengths: readonly number[], classes: readonly number[], bases: readonly AxisBasis[]): tf.Tensor {
  const spatial = x.shape.slice(1, -1);
  if (spatial.length < 1 || spatial.length > 2) throw new ShapeMismatchError("x", x.shape, "[batch, n, C] or [batch, n1, n2, C]");
  const C = x.shape[x.rank - 1]!;
  for (const [name, w] of [["wm", wm], ["ws", ws]] as const) if (w.rank !== 2 || w.shape[0] !== C || w.shape[1] !== C) throw new ShapeMismatchError(name, w.shape, [C, C]);
  if (bm.rank !== 1 || bm.shape[0] !== C) throw new ShapeMismatchError("bm", bm.shape, [C]);
  if (logTau.size !== C || logTau.rank > 2 || (logTau.rank === 2 && logTau.shape[0] !== 1)) throw new ShapeMismatchError("logTau", logTau.shape, `[${C}] or [1, ${C}]`);
  if (bases.length !== spatial.length || classes.length !== spatial.length || lengths.length !== spatial.length)
    throw new InvalidArgumentError("bases/classes/lengths", [bases, classes, lengths], `must have one entry per spatial axis (${spatial.length})`);
  spatial.forEach((n, a) => {
    const max = modeClasses(bases[a]!, n);
    if (!(classes[a]! >= 1 && classes[a]! <= max)) throw new InvalidArgumentError(`classes[${a}]`, classes[a], `must be in [1, ${max}] for a ${bases[a]} axis of ${n} points`);
  });
  if ([x, wm, bm, logTau, ws].some((t) => t.dtype !== "float32")) throw new InvalidArgumentError("dtype", [x, wm, bm, logTau, ws].map((t) => t.dtype), "must be float32");
  register();
  const attrs = { bases: bases.join(","), lengths: [...lengths], classes: [...classes], tauShape: [...logTau.shape] } as unknown as tf.NamedAttrMap;
  const held = wm instanceof tf.Variable && ws instanceof tf.Variable;
  const op = tf.customGrad(((...args: Args) => {
    const [xi, wmi, bmi, li, wsi, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, spec, u] = tf.engine().runKernel(HEAT_BLOCK, { x: xi, wm: wmi, bm: bmi, logTau: li, ws: wsi }, attrs) as tf.Tensor[];
    save(held ? [xi, spec!, u!] : [xi, spec!, u!, wmi, wsi]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.engine().runKernel(HEAT_BLOCK_GRAD, { dy, x: saved[0]!, spec: saved[1]!, u: saved[2]!, wm: held ? wmi : saved[3]!, ws: held ? wsi : saved[4]! }, attrs) as tf.Tensor[],
    };
  }) as CustomGradientFunc);
  return (op as (...t: tf.Tensor[]) => tf.Tensor)(x, wm, bm, logTau, ws);
}

/** The same block as five ops (the GSNN's layers): the reference of the tests and the bench. */
export function heatBlockReference(x: tf.Tensor, wm: tf.Tensor2D, bm: tf.Tensor1D, logTau: tf.Tensor, ws: tf.Tensor2D, lengths: readonly number[], classes: readonly number[], bases: readonly AxisBasis[]): tf.Tensor {
  return tf.tidy(() => {
    const f = heatSymmetricFilter(fusedDense(x, wm, bm), logTau, lengths, classes, bases);
    return fusedGelu(tf.add(f, fusedDense(x, ws)), false);
  });
}
