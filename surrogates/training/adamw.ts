/**
 * Adam with optional decoupled weight decay (AdamW, Loshchilov & Hutter 2019):
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
 *   w ← w − lr·(m̂/(√v̂ + ε) + λ·w)
 * λ = 0 is plain Adam. Written here rather than using tf.train.adam because tfjs has no AdamW,
 * the learning rate changes every step (schedules), and the state must round-trip through
 * checkpoints exactly (`getState`/`setState` copy the float32 moments bit for bit).
 *
 * One step is one fused kernel on the wasm and cpu backends (all weights and both moments in
 * one call, operators/kernels), one dispatch per weight on webgpu, tfjs ops elsewhere.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import { fusedAdamStep, fusedKernelsAvailable } from "../../operators/index.js";
import type { OptimizerConfig } from "./config.js";
import { adamStepWebGpu, sumSquaresWebGpu, webgpuKernelsUsable } from "./webgpu-optimizer-kernels.js";

export interface AdamWState {
  /** Number of updates applied so far (t in the bias correction). */
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export class AdamW {
  private readonly vars: tf.Variable[];
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  /**
   * @param implementation "auto" (default): the fastest path the backend has; "ops": always the
   * tfjs-op update (the reference the kernel tests compare with).
   */
  constructor(
    vars: tf.Variable[],
    private readonly cfg: OptimizerConfig,
    private readonly implementation: "auto" | "ops" = "auto",
  ) {
    this.vars = vars;
    this.m = vars.map((w) => tf.variable(tf.zerosLike(w), false));
    this.v = vars.map((w) => tf.variable(tf.zerosLike(w), false));
  }

  get step(): number {
    return this.t;
  }

  /** Apply one update with learning rate `lr`; `grads[i]` belongs to `vars[i]`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    if (grads.length !== this.vars.length) throw new ShapeMismatchError("grads", grads.length, this.vars.length);
    this.t++;
    const { beta1: b1, beta2: b2, epsilon, weightDecay } = this.cfg;
    const c1 = 1 - Math.pow(b1, this.t);
    const c2 = 1 - Math.pow(b2, this.t);
    if (this.implementation === "auto" && fusedKernelsAvailable("adam")) {
      const next = fusedAdamStep(this.vars, grads, this.m, this.v, { beta1: b1, beta2: b2, c1, c2, epsilon, lr, weightDecay });
      this.vars.forEach((w, i) => {
        w.assign(next.weights[i]!);
        this.m[i]!.assign(next.m[i]!);
        this.v[i]!.assign(next.v[i]!);
      });
      tf.dispose([...next.weights, ...next.m, ...next.v]);
      return;
    }
    if (this.implementation === "auto" && webgpuKernelsUsable()) {
      // One dispatch per weight tensor instead of ~13 (docs/gpu.md).
      tf.tidy(() =>
        this.vars.forEach((w, i) => {
          const [w2, m2, v2] = adamStepWebGpu(w, this.m[i]!, this.v[i]!, grads[i]!, { lr, beta1: b1, beta2: b2, epsilon, weightDecay, c1, c2, gradScale: 1 });
          this.m[i]!.assign(m2);
          this.v[i]!.assign(v2);
          w.assign(w2);
        }),
      );
      return;
    }
    tf.tidy(() => {
      this.vars.forEach((w, i) => {
        const g = grads[i]!;
        const m = tf.add(tf.mul(this.m[i]!, b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[i]!, b2), tf.mul(tf.square(g), 1 - b2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        let upd = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
        if (weightDecay > 0) upd = tf.add(upd, tf.mul(w, weightDecay));
        w.assign(tf.sub(w, tf.mul(upd, lr)));
      });
    });
  }

  getState(): AdamWState {
    return { step: this.t, m: this.m.map((x) => (x.dataSync() as Float32Array).slice()), v: this.v.map((x) => (x.dataSync() as Float32Array).slice()) };
  }

  /** The state, read back asynchronously (GPU backends have no synchronous read). */
  async readState(): Promise<AdamWState> {
    const read = (xs: tf.Variable[]) => Promise.all(xs.map(async (x) => ((await x.data()) as Float32Array).slice()));
    return { step: this.t, m: await read(this.m), v: await read(this.v) };
  }

  setState(s: AdamWState): void {
    if (s.m.length !== this.m.length || s.v.length !== this.v.length) throw new ShapeMismatchError("optimizer state", s.m.length, this.m.length);
    if (!Number.isInteger(s.step) || s.step < 0) throw new InvalidArgumentError("optimizer state step", s.step, "must be an integer >= 0");
    this.t = s.step;
    const put = (dst: tf.Variable[], src: Float32Array[]) =>
      dst.forEach((x, i) => {
        if (src[i]!.length !== x.size) throw new ShapeMismatchError(`optimizer state[${i}]`, src[i]!.length, x.size);
        x.assign(tf.tensor(src[i]!, x.shape, "float32"));
      });
    tf.tidy(() => {
      put(this.m, s.m);
      put(this.v, s.v);
    });
  }

  dispose(): void {
    this.m.forEach((x) => x.dispose());
    this.v.forEach((x) => x.dispose());
  }
}

/** √(Σ‖g‖²) over all gradients, as a scalar tensor. */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  if (webgpuKernelsUsable()) return tf.tidy(() => tf.sqrt(tf.sum(sumSquaresWebGpu(grads))) as tf.Scalar);
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** Scale `grads` so their global L2 norm is at most `maxNorm`; returns new tensors and the norm before clipping. */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: tf.Scalar } {
  return tf.tidy(() => {
    const norm = globalNorm(grads);
    const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(norm, 1e-12)));
    return { grads: grads.map((g) => tf.mul(g, scale)), norm };
  });
}
