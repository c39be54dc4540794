/**
 * Dense layer over the last (channel) axis of a tensor of any rank, with the fast-gradient
 * product of fast-matmul.ts and an optional fused activation. Used for FNO lifting, projection
 * and pointwise paths, and as the hidden layers of the MLP and DeepONet baselines.
 * Initialisation: PyTorch nn.Linear's U(±1/√fan_in) for weights and bias.
 */
import * as tf from "@tensorflow/tfjs";
import { linearNd } from "./fast-matmul.js";
import { activationName, applyActivation, type GeluKind } from "./gelu.js";
import { oneShape, oneTensor, uniformInit, type Kwargs, type LayerArgs } from "./layer-util.js";

export type ActivationKind = GeluKind | "relu" | "linear";
export const ACTIVATIONS: readonly ActivationKind[] = ["gelu", "gelu_tanh", "relu", "linear"];

export interface ChannelDenseConfig {
  units: number;
  activation?: ActivationKind;
  useBias?: boolean;
  /** "uniform": PyTorch nn.Linear (default); "glorotNormal": DeepXDE's default, zero bias. */
  init?: "uniform" | "glorotNormal";
  seed?: number;
}

export class ChannelDense extends tf.layers.Layer {
  static className = "PdesChannelDense";
  readonly units: number;
  readonly activation: ActivationKind;
  readonly useBias: boolean;
  readonly seed: number | undefined;
  readonly init: "uniform" | "glorotNormal";
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: ChannelDenseConfig & LayerArgs) {
    super(config);
    this.units = config.units;
    this.activation = activationName(config.activation ?? "linear");
    this.useBias = config.useBias ?? true;
    this.seed = config.seed;
    this.init = config.init ?? "uniform";
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const k = oneShape(inputShape).at(-1)!;
    const bound = 1 / Math.sqrt(k);
    const glorot = this.init === "glorotNormal";
    const kInit = glorot ? tf.initializers.glorotNormal({ seed: this.seed }) : uniformInit(bound, this.seed);
    this.kernel = this.addWeight("kernel", [k, this.units], "float32", kInit);
    if (this.useBias) {
      const bInit = glorot ? tf.initializers.zeros() : uniformInit(bound, this.seed === undefined ? undefined : this.seed + 1);
      this.bias = this.addWeight("bias", [this.units], "float32", bInit);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = oneShape(inputShape);
    return [...s.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const y = linearNd(x, this.kernel!.read() as tf.Tensor2D, this.bias ? (this.bias.read() as tf.Tensor1D) : undefined);
      return applyActivation(y, this.activation);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const c: tf.serialization.ConfigDict = { ...super.getConfig(), units: this.units, activation: this.activation, useBias: this.useBias, init: this.init };
    if (this.seed !== undefined) c.seed = this.seed;
    return c;
  }
}
tf.serialization.registerClass(ChannelDense);
