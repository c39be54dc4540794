/**
 * The training losses as one kernel forward and one backward on wasm and cpu (family `loss`):
 * a step's loss as tfjs ops is ~15 kernels forward and ~25 backward for the relative L2 loss
 * (the trainer's default), ~10 in all for MSE — as many calls as a whole fused model
 * (docs/operators.md §Where a step's fixed cost goes). The work is a few passes over the batch,
 * so plain loops over the tensors where they lie (the wasm heap, or the cpu runtime's copy),
 * accumulated in float64.
 *
 * relL2: mean over samples b of ‖e_b‖ / max(‖t_b‖, floor) with e = std⊙(p − y),
 * t = std⊙y + mean per channel (the last axis; std = 1, mean = 0 without statistics).
 * Gradients, for an upstream g: dp = (g/B)·std⊙e/(‖e‖·den) (0 where ‖e‖ = 0), and
 * dy = −dp − (g/B)·(‖e‖/den²)·std⊙t/‖t‖ where ‖t‖ > floor (the floor is a constant).
 * mse: mean of (p − y)²; dp = 2g(p − y)/N, dy = −dp.
 */
import * as tf from "@tensorflow/tfjs";
import { kernelRuntime, type KernelRuntime } from "./runtime.js";

export const REL_L2_LOSS = "PdesRelL2Loss";
export const REL_L2_LOSS_GRAD = "PdesRelL2LossGrad";
export const MSE_LOSS = "PdesMseLoss";
export const MSE_LOSS_GRAD = "PdesMseLossGrad";

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
interface Attrs {
  std: number[];
  mean: number[];
  floor: number;
}
type Args = { inputs: Record<string, TensorInfo>; backend: object; attrs: Attrs };
// The loops run in JavaScript; the runtime only gives both backends' tensors one interface.
const runtime = (backend: object): KernelRuntime => kernelRuntime("loss", () => "(module)", backend);
const sizeOf = (t: TensorInfo): number => t.shape.reduce((a, b) => a * b, 1);

/** Per sample: ‖e‖² and ‖t‖² (float64). */
function norms(h: Float32Array, p: number, y: number, B: number, per: number, C: number, a: Attrs): { se: Float64Array; st: Float64Array } {
  const se = new Float64Array(B);
  const st = new Float64Array(B);
  const stats = a.std.length === C;
  for (let b = 0; b < B; b++) {
    let e2 = 0;
    let t2 = 0;
    for (let i = b * per, end = i + per; i < end; i++) {
      const c = i % C;
      const s = stats ? a.std[c]! : 1;
      const e = s * (h[p + i]! - h[y + i]!);
      const t = stats ? s * h[y + i]! + a.mean[c]! : h[y + i]!;
      e2 += e * e;
      t2 += t * t;
    }
    se[b] = e2;
    st[b] = t2;
  }
  return { se, st };
}

function relL2({ inputs, backend, attrs }: Args): TensorInfo {
  const { p, y } = inputs as { p: TensorInfo; y: TensorInfo };
  const rt = runtime(backend);
  const [pp, yp] = [rt.input(p, "p") / 4, rt.input(y, "y") / 4];
  const B = p.shape[0]!;
  const C = p.shape[p.shape.length - 1]!;
  const { se, st } = norms(rt.f32(), pp, yp, B, sizeOf(p) / B, C, attrs);
  let loss = 0;
  for (let b = 0; b < B; b++) loss += Math.sqrt(se[b]!) / Math.max(Math.sqrt(st[b]!), attrs.floor);
  const out = rt.output([], "loss");
  rt.f32()[out.ptr / 4] = loss / B;
  return rt.finish([out.info])[0]!;
}

function relL2Grad({ inputs, backend, attrs }: Args): TensorInfo[] {
  const { dl, p, y } = inputs as { dl: TensorInfo; p: TensorInfo; y: TensorInfo };
  const rt = runtime(backend);
  const [gp, pp, yp] = [rt.input(dl, "dl") / 4, rt.input(p, "p") / 4, rt.input(y, "y") / 4];
  const B = p.shape[0]!;
  const C = p.shape[p.shape.length - 1]!;
  const per = sizeOf(p) / B;
  const { se, st } = norms(rt.f32(), pp, yp, B, per, C, attrs);
  const dp = rt.output(p.shape, "dp");
  const dy = rt.output(y.shape, "dy");
  const h = rt.f32();
  const g = h[gp]! / B;
  const stats = attrs.std.length === C;
  for (let b = 0; b < B; b++) {
    const num = Math.sqrt(se[b]!);
    const tn = Math.sqrt(st[b]!);
    const den = Math.max(tn, attrs.floor);
    const ke = num > 0 ? g / (num * den) : 0;
    const kt = tn > attrs.floor ? (-g * num) / (den * den * tn) : 0;
    for (let i = b * per, end = i + per; i < end; i++) {
      const c = i % C;
      const s = stats ? attrs.std[c]! : 1;
      const d = s * s * ke * (h[pp + i]! - h[yp + i]!);
      const t = stats ? s * h[yp + i]! + attrs.mean[c]! : h[yp + i]!;
      h[dp.ptr / 4 + i] = d;
      h[dy.ptr / 4 + i] = -d + kt * s * t;
    }
  }
  return rt.finish([dp.info, dy.info]);
}

function mse({ inputs, backend }: Args): TensorInfo {
  const { p, y } = inputs as { p: TensorInfo; y: TensorInfo };
  const rt = runtime(backend);
  const [pp, yp] = [rt.input(p, "p") / 4, rt.input(y, "y") / 4];
  const N = sizeOf(p);
  const h = rt.f32();
  let s = 0;
  for (let i = 0; i < N; i++) {
    const e = h[pp + i]! - h[yp + i]!;
    s += e * e;
  }
  const out = rt.output([], "loss");
  rt.f32()[out.ptr / 4] = s / N;
  return rt.finish([out.info])[0]!;
}

function mseGrad({ inputs, backend }: Args): TensorInfo[] {
  const { dl, p, y } = inputs as { dl: TensorInfo; p: TensorInfo; y: TensorInfo };
  const rt = runtime(backend);
  const [gp, pp, yp] = [rt.input(dl, "dl") / 4, rt.input(p, "p") / 4, rt.input(y, "y") / 4];
  const N = sizeOf(p);
  const dp = rt.output(p.shape, "dp");
  const dy = rt.output(y.shape, "dy");
  const h = rt.f32();
  const k = (2 * h[gp]!) / N;
  for (let i = 0; i < N; i++) {
    const d = k * (h[pp + i]! - h[yp + i]!);
    h[dp.ptr / 4 + i] = d;
    h[dy.ptr / 4 + i] = -d;
  }
  return rt.finish([dp.info, dy.info]);
}

let registered = false;
function register(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ["wasm", "cpu"]) {
    tf.registerKernel({ kernelName: REL_L2_LOSS, backendName, kernelFunc: relL2 as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: REL_L2_LOSS_GRAD, backendName, kernelFunc: relL2Grad as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: MSE_LOSS, backendName, kernelFunc: mse as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: MSE_LOSS_GRAD, backendName, kernelFunc: mseGrad as unknown as tf.KernelFunc });
  }
}

type GradArgs = Array<tf.Tensor | tf.GradSaveFunc>;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

function lossOp(fwd: string, bwd: string, attrs: Attrs): (p: tf.Tensor, y: tf.Tensor) => tf.Scalar {
  const a = attrs as unknown as tf.NamedAttrMap;
  return tf.customGrad(((...args: GradArgs) => {
    const [p, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([p, y]);
    return {
      value: tf.engine().runKernel(fwd, { p, y }, a) as tf.Scalar,
      gradFunc: (dl: tf.Tensor, s: tf.Tensor[]) => tf.engine().runKernel(bwd, { dl, p: s[0]!, y: s[1]! }, a) as tf.Tensor[],
    };
  }) as CustomGradientFunc) as (p: tf.Tensor, y: tf.Tensor) => tf.Scalar;
}

/**
 * Mean over samples of ‖std⊙(p − y)‖ / max(‖std⊙y + mean‖, floor) (statistics per channel, the
 * last axis; without them ‖p − y‖ / max(‖y‖, floor)), differentiable w.r.t. p and y; p and y
 * float32 of the same shape [B, ...]. The caller checks fusedKernelsAvailable("loss").
 */
export function fusedRelL2Loss(p: tf.Tensor, y: tf.Tensor, floor: number, stats?: { mean: readonly number[]; std: readonly number[] }): tf.Scalar {
  register();
  return lossOp(REL_L2_LOSS, REL_L2_LOSS_GRAD, { std: stats ? [...stats.std] : [], mean: stats ? [...stats.mean] : [], floor })(p, y);
}

let mseOp: ((p: tf.Tensor, y: tf.Tensor) => tf.Scalar) | null = null;

/** Mean of (p − y)² for p, y float32 of the same shape, differentiable w.r.t. both. */
export function fusedMseLoss(p: tf.Tensor, y: tf.Tensor): tf.Scalar {
  register();
  mseOp ??= lossOp(MSE_LOSS, MSE_LOSS_GRAD, { std: [], mean: [], floor: 0 });
  return mseOp(p, y);
}
