/**
 * One FNO Fourier layer: σ(K x + W x + b), K the spectral convolution on the lowest modes and
 * W x + b the pointwise (1×1) linear path. Weights: `spectral_re`, `spectral_im` [M, in, out]
 * (M = m for 1-D, 2·m1·m2 for 2-D, modes ordered (k1, k2) with k1 = 0..m1−1, −m1..−1), then
 * `pointwise_kernel` [in, out] and `pointwise_bias` [out]. Initialisation as the paper's
 * scripts: spectral weights U[0, 1/(in·out)) for real and imaginary parts, pointwise as
 * PyTorch's Conv1d/Conv2d default U(±1/√in).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../core/index.js";
import {
  activationName,
  applyActivation,
  fusedFourierLayer1d,
  fusedFourierLayerAvailable,
  linearNd,
  oneShape,
  oneTensor,
  uniformInit,
  type ActivationKind,
  type FourierLayerActivation,
  type Kwargs,
  type LayerArgs,
} from "../index.js";
import { spectralConv1d, spectralConv2d } from "./spectral-conv.js";

export interface FourierLayerConfig {
  units: number;
  /** Modes kept per spatial axis (1 or 2 entries). */
  modes: number[];
  activation?: ActivationKind;
  seed?: number;
}

export class FourierLayer extends tf.layers.Layer {
  static className = "PdesFourierLayer";
  readonly units: number;
  readonly modes: number[];
  readonly activation: ActivationKind;
  readonly seed: number | undefined;
  private wr: tf.LayerVariable | null = null;
  private wi: tf.LayerVariable | null = null;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: FourierLayerConfig & LayerArgs) {
    super(config);
    this.units = config.units;
    this.modes = [...config.modes];
    this.activation = activationName(config.activation ?? "gelu");
    this.seed = config.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = oneShape(inputShape);
    const d = s.length - 2;
    if (d !== this.modes.length || (d !== 1 && d !== 2))
      throw new InvalidArgumentError("modes", this.modes, `must have one entry per spatial axis of the input (shape ${JSON.stringify(s)})`);
    const c = s.at(-1)!;
    const M = d === 1 ? this.modes[0]! : 2 * this.modes[0]! * this.modes[1]!;
    const scale = 1 / (c * this.units);
    const seed = (k: number) => (this.seed === undefined ? undefined : this.seed + k);
    const spec = (k: number) => tf.initializers.randomUniform({ minval: 0, maxval: scale, seed: seed(k) });
    this.wr = this.addWeight("spectral_re", [M, c, this.units], "float32", spec(0));
    this.wi = this.addWeight("spectral_im", [M, c, this.units], "float32", spec(1));
    const bound = 1 / Math.sqrt(c);
    this.kernel = this.addWeight("pointwise_kernel", [c, this.units], "float32", uniformInit(bound, seed(2)));
    this.bias = this.addWeight("pointwise_bias", [this.units], "float32", uniformInit(bound, seed(3)));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = oneShape(inputShape);
    return [...s.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      // 1-D on wasm/cpu: the whole layer as one fused kernel each way (docs/operators-spectral.md
      // §Fused kernels); the op path below is the reference and the fallback.
      if (fusedFourierLayerAvailable(x.shape, this.units, this.modes[0]!, this.activation))
        return fusedFourierLayer1d(
          x as tf.Tensor3D,
          this.wr!.read() as tf.Tensor3D,
          this.wi!.read() as tf.Tensor3D,
          this.kernel!.read() as tf.Tensor2D,
          this.bias!.read() as tf.Tensor1D,
          this.activation as FourierLayerActivation,
        );
      const w = { re: this.wr!.read() as tf.Tensor3D, im: this.wi!.read() as tf.Tensor3D };
      const k =
        x.rank === 3
          ? spectralConv1d(x as tf.Tensor3D, w, this.modes[0]!)
          : spectralConv2d(x as tf.Tensor4D, w, [this.modes[0]!, this.modes[1]!]);
      const p = linearNd(x, this.kernel!.read() as tf.Tensor2D, this.bias!.read() as tf.Tensor1D);
      return applyActivation(tf.add(k, p), this.activation);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const c: tf.serialization.ConfigDict = { ...super.getConfig(), units: this.units, modes: this.modes, activation: this.activation };
    if (this.seed !== undefined) c.seed = this.seed;
    return c;
  }
}
tf.serialization.registerClass(FourierLayer);
