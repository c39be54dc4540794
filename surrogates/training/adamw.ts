/**
 * Adam with optional decoupled weight decay (AdamW, Loshchilov & Hutter 2019):
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
 *   w ← w − lr·(m̂/(√v̂ + ε) + λ·w)
 * λ = 0 is plain Adam. Written here rather than using tf.train.adam because tfjs has no AdamW,
 * the learning rate changes every step (schedules), and the state must round-trip through
 * checkpoints exactly (`getState`/`setState` copy the float32 moments bit for bit).
 *
 * The moments of all weights are two flat buffers. On the wasm and cpu backends one fused
 * kernel updates every weight and both moments per step (operators/kernels); elsewhere the
 * same update runs as a handful of tfjs ops over the concatenated gradients.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import { fusedAdamStep, fusedKernelsAvailable } from "../../operators/index.js";
import type { OptimizerConfig } from "./config.js";

export interface AdamWState {
  /** Number of updates applied so far (t in the bias correction). */
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export class AdamW {
  private readonly vars: tf.Variable[];
  private readonly sizes: number[];
  private m: tf.Tensor1D;
  private v: tf.Tensor1D;
  private t = 0;

  /**
   * @param implementation "auto" (default): the fused kernel where the backend has it;
   * "ops": always the tfjs-op path (the reference the kernel tests compare with).
   */
  constructor(
    vars: tf.Variable[],
    private readonly cfg: OptimizerConfig,
    private readonly implementation: "auto" | "ops" = "auto",
  ) {
    this.vars = vars;
    this.sizes = vars.map((w) => w.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.keep(tf.zeros([total]));
    this.v = tf.keep(tf.zeros([total]));
  }

  get step(): number {
    return this.t;
  }

  /** Apply one update with learning rate `lr`; `grads[i]` belongs to `vars[i]`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    if (grads.length !== this.vars.length) throw new ShapeMismatchError("grads", grads.length, this.vars.length);
    grads.forEach((g, i) => {
      if (g.size !== this.sizes[i]) throw new ShapeMismatchError(`grads[${i}]`, g.shape, this.vars[i]!.shape);
    });
    this.t++;
    const { beta1, beta2, epsilon, weightDecay } = this.cfg;
    const args = { beta1, beta2, c1: 1 - Math.pow(beta1, this.t), c2: 1 - Math.pow(beta2, this.t), epsilon, lr, weightDecay };
    const fused = this.implementation === "auto" && fusedKernelsAvailable();
    const next = fused ? fusedAdamStep(this.vars, grads, this.m, this.v, args) : this.opsStep(grads, args);
    this.vars.forEach((w, i) => w.assign(next.weights[i]!));
    tf.dispose([this.m, this.v, ...next.weights]);
    this.m = tf.keep(next.m) as tf.Tensor1D;
    this.v = tf.keep(next.v) as tf.Tensor1D;
  }

  /** The same update with tfjs ops over the flat buffers (backends without fused kernels). */
  private opsStep(grads: readonly tf.Tensor[], a: { beta1: number; beta2: number; c1: number; c2: number; epsilon: number; lr: number; weightDecay: number }) {
    return tf.tidy(() => {
      const g = tf.concat(grads.map((x) => tf.reshape(x, [-1])));
      const w = tf.concat(this.vars.map((x) => tf.reshape(x, [-1])));
      const m = tf.add(tf.mul(this.m, a.beta1), tf.mul(g, 1 - a.beta1));
      const v = tf.add(tf.mul(this.v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
      let upd = tf.div(tf.div(m, a.c1), tf.add(tf.sqrt(tf.div(v, a.c2)), a.epsilon));
      if (a.weightDecay > 0) upd = tf.add(upd, tf.mul(w, a.weightDecay));
      const parts = tf.split(tf.sub(w, tf.mul(upd, a.lr)), this.sizes);
      return { weights: parts.map((p, i) => tf.reshape(p, this.vars[i]!.shape)), m, v };
    });
  }

  getState(): AdamWState {
    const split = (flat: tf.Tensor): Float32Array[] => {
      const d = flat.dataSync() as Float32Array;
      let off = 0;
      return this.sizes.map((n) => d.slice(off, (off += n)));
    };
    return { step: this.t, m: split(this.m), v: split(this.v) };
  }

  setState(s: AdamWState): void {
    if (s.m.length !== this.sizes.length || s.v.length !== this.sizes.length) throw new ShapeMismatchError("optimizer state", s.m.length, this.sizes.length);
    if (!Number.isInteger(s.step) || s.step < 0) throw new InvalidArgumentError("optimizer state step", s.step, "must be an integer >= 0");
    const flat = (src: Float32Array[]): tf.Tensor1D => {
      const out = new Float32Array(this.sizes.reduce((a, b) => a + b, 0));
      let off = 0;
      src.forEach((x, i) => {
        if (x.length !== this.sizes[i]) throw new ShapeMismatchError(`optimizer state[${i}]`, x.length, this.sizes[i]!);
        out.set(x, off);
        off += x.length;
      });
      return tf.keep(tf.tensor1d(out));
    };
    const m = flat(s.m);
    const v = flat(s.v);
    tf.dispose([this.m, this.v]);
    this.t = s.step;
    this.m = m;
    this.v = v;
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
  }
}

/** √(Σ‖g‖²) over all gradients, as a scalar tensor. */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
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
