/**
 * DeepONet (Lu et al., "Learning nonlinear operators via DeepONet", Nat. Mach. Intell. 2021),
 * the unstacked form: a branch MLP on the input values at the sensors (the training grid
 * points) gives p·out coefficients b; a trunk MLP on the query coordinates y gives p features
 * t(y); G(u)(y)_c = Σ_k b_{c,k} t_k(y) + β_c. As in DeepXDE, the trunk's last layer is
 * activated and the branch's is linear.
 *
 * As a layers model it predicts on the training grid; `predictDeepOnetAt` evaluates the same
 * weights at any other query points.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, gridLayouts, hasDefaultLayout, requireInteger, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import {
  ChannelDense,
  activationName,
  applyActivation,
  coordinateTensor,
  countParameters,
  linear2d,
  uniformInit,
  type ActivationKind,
  type ModelBuilder,
  type ModelContext,
  type ModelInfo,
} from "../index.js";

export interface DeepOnetConfig {
  /** Hidden widths of the branch net; its output layer has `latent`·outChannels units. Default [40]. */
  branchHidden?: number[];
  /** Widths of the trunk net; the last one must equal `latent`. Default [40, 40]. */
  trunkHidden?: number[];
  /** p, the number of basis functions. Default 40 (DeepXDE's antiderivative demo). */
  latent?: number;
  activation?: "relu" | "gelu" | "gelu_tanh";
  /** Weight initialisation: "glorotNormal" with zero biases (DeepXDE, default) or "uniform" (PyTorch). */
  init?: "glorotNormal" | "uniform";
  seed?: number;
}

interface HeadConfig {
  trunkUnits: number[];
  outChannels: number;
  activation: ActivationKind;
  init: "glorotNormal" | "uniform";
  spatial: number[];
  lengths: number[];
  bc: BoundaryCondition[];
  /** Point layout per axis (docs/conventions.md §Grids); default each bc's default. */
  layout?: PointLayout[];
  seed?: number;
}

/**
 * Trunk net + the branch·trunk product + bias. Input: branch coefficients [B, out·p]. The trunk
 * weights are this layer's own (`trunk_i_kernel`, `trunk_i_bias`), initialised as ChannelDense.
 */
export class DeepOnetHead extends tf.layers.Layer {
  static className = "PdesDeepOnetHead";
  readonly cfg: HeadConfig;
  private trunk: Array<{ kernel: tf.LayerVariable; bias: tf.LayerVariable }> = [];
  private beta: tf.LayerVariable | null = null;

  constructor(config: HeadConfig & { name?: string }) {
    super({ name: config.name });
    const { name: _n, ...rest } = config;
    this.cfg = { ...rest, activation: activationName(rest.activation) };
  }

  override build(_inputShape: tf.Shape | tf.Shape[]): void {
    let fanIn = this.cfg.spatial.length;
    const seed = (k: number) => (this.cfg.seed === undefined ? undefined : this.cfg.seed + 100 + k);
    this.trunk = this.cfg.trunkUnits.map((units, i) => {
      const bound = 1 / Math.sqrt(fanIn);
      const glorot = this.cfg.init === "glorotNormal";
      const kInit = glorot ? tf.initializers.glorotNormal({ seed: seed(2 * i) }) : uniformInit(bound, seed(2 * i));
      const bInit = glorot ? tf.initializers.zeros() : uniformInit(bound, seed(2 * i + 1));
      const kernel = this.addWeight(`trunk_${i}_kernel`, [fanIn, units], "float32", kInit);
      const bias = this.addWeight(`trunk_${i}_bias`, [units], "float32", bInit);
      fanIn = units;
      return { kernel, bias };
    });
    this.beta = this.addWeight("bias", [this.cfg.outChannels], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0]!, ...this.cfg.spatial, this.cfg.outChannels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const b = Array.isArray(inputs) ? inputs[0]! : inputs;
      const y = coordinateTensor(this.cfg.spatial, this.cfg.lengths, this.cfg.bc, this.cfg.layout).reshape([-1, this.cfg.spatial.length]) as tf.Tensor2D;
      return tf.reshape(this.evaluateAt(b as tf.Tensor2D, y), [b.shape[0]!, ...this.cfg.spatial, this.cfg.outChannels]);
    });
  }

  /** G(u)(y) for branch coefficients b [B, out·p] at points y [P, d] → [B, P, out]. */
  evaluateAt(b: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      let t: tf.Tensor = y;
      for (const l of this.trunk)
        t = applyActivation(linear2d(t as tf.Tensor2D, l.kernel.read() as tf.Tensor2D, l.bias.read() as tf.Tensor1D), this.cfg.activation);
      const p = t.shape[1]!;
      const B = b.shape[0];
      const c = this.cfg.outChannels;
      const P = y.shape[0];
      // [B·out, p] × [p, P] → [B, out, P] → [B, P, out]
      const v = linear2d(tf.reshape(b, [B * c, p]) as tf.Tensor2D, tf.transpose(t) as tf.Tensor2D);
      return tf.add(tf.transpose(tf.reshape(v, [B, c, P]), [0, 2, 1]), this.beta!.read()) as tf.Tensor3D;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const c: tf.serialization.ConfigDict = { ...super.getConfig(), ...this.cfg };
    if (this.cfg.seed === undefined) delete c.seed;
    return c;
  }
}
tf.serialization.registerClass(DeepOnetHead);

export const buildDeepOnet: ModelBuilder<DeepOnetConfig> = (config: DeepOnetConfig, ctx: ModelContext): tf.LayersModel => {
  const latent = requireInteger("config.latent", config.latent ?? 40, 1);
  const branchHidden = config.branchHidden ?? [40];
  const trunkHidden = config.trunkHidden ?? [40, latent];
  branchHidden.forEach((h, i) => requireInteger(`config.branchHidden[${i}]`, h, 1));
  trunkHidden.forEach((h, i) => requireInteger(`config.trunkHidden[${i}]`, h, 1));
  if (trunkHidden.at(-1) !== latent)
    throw new InvalidArgumentError("config.trunkHidden", trunkHidden, `must end with the latent size ${latent}`);
  const activation = config.activation ?? "relu";
  if (!["relu", "gelu", "gelu_tanh"].includes(activation))
    throw new InvalidArgumentError("config.activation", activation, 'must be "relu", "gelu" or "gelu_tanh"');
  requireInteger("ctx.inChannels", ctx.inChannels, 1);
  const out = requireInteger("ctx.outChannels", ctx.outChannels, 1);
  const init = config.init ?? "glorotNormal";
  if (init !== "glorotNormal" && init !== "uniform") throw new InvalidArgumentError("config.init", init, 'must be "glorotNormal" or "uniform"');
  const s = (k: number) => (config.seed === undefined ? undefined : config.seed + 10 * k);
  const spatial = [...ctx.grid.shape];
  const input = tf.input({ shape: [...spatial, ctx.inChannels], name: "field" });
  let h = tf.layers.flatten({ name: "sensors" }).apply(input) as tf.SymbolicTensor;
  branchHidden.forEach((units, i) => {
    h = new ChannelDense({ units, activation, init, seed: s(i), name: `branch_${i}` }).apply(h) as tf.SymbolicTensor;
  });
  h = new ChannelDense({ units: latent * out, init, seed: s(branchHidden.length), name: "branch_out" }).apply(h) as tf.SymbolicTensor;
  const head = new DeepOnetHead({
    trunkUnits: trunkHidden,
    outChannels: out,
    activation,
    init,
    spatial,
    lengths: [...ctx.grid.lengths],
    bc: [...ctx.grid.bc],
    ...(hasDefaultLayout(ctx.grid) ? {} : { layout: gridLayouts(ctx.grid) }),
    seed: config.seed,
    name: "head",
  });
  const y = head.apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: y, name: "deeponet" });
};

/**
 * Evaluate a DeepONet built by buildDeepOnet at arbitrary points: inputs [B, ...grid, in]
 * (the sensor values, on the training grid), points [P, d] physical coordinates → [B, P, out].
 */
export function predictDeepOnetAt(model: tf.LayersModel, inputs: tf.Tensor, points: tf.Tensor2D): tf.Tensor3D {
  const head = model.getLayer("head");
  if (!(head instanceof DeepOnetHead)) throw new InvalidArgumentError("model", model.name, "must be a model from buildDeepOnet");
  const d = head.cfg.spatial.length;
  if (points.rank !== 2 || points.shape[1] !== d) throw new ShapeMismatchError("points", points.shape, `[P, ${d}]`);
  return tf.tidy(() => {
    let h: tf.Tensor = inputs;
    for (const l of model.layers) {
      if (l === head) break;
      if (l.name === "field") continue;
      h = l.apply(h) as tf.Tensor;
    }
    return head.evaluateAt(h as tf.Tensor2D, points);
  });
}

export function deepOnetInfo(model: tf.LayersModel): ModelInfo {
  return { kind: "deeponet", parameterCount: countParameters(model), probabilistic: false, resolutionInvariant: true };
}
