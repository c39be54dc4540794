/**
 * OutputGate: a per-channel scale γ on the deep part's output (mean·γ, variance·γ²). It is not
 * trained by gradient descent: fitLinearPath sets γ jointly with the linear path's weights by
 * least squares, so on a linear problem a deep part that only adds noise is scaled away
 * (γ → 0) and on a nonlinear one it is kept (docs/gsnn.md §Linear spectral path).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../core/index.js";
import { joinMoments, lastDim, oneTensor, splitMoments, type LayerArgs } from "../operators/index.js";

export interface OutputGateArgs extends LayerArgs {
  probabilistic?: boolean;
}

export class OutputGate extends tf.layers.Layer {
  static className = "OutputGate";
  readonly probabilistic: boolean;
  channels = 0;
  private gate: tf.LayerVariable | null = null;

  constructor(args: OutputGateArgs = {}) {
    super(args);
    this.probabilistic = args.probabilistic ?? false;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const c = lastDim(inputShape, this.name);
    this.channels = this.probabilistic ? c / 2 : c;
    this.gate = this.addWeight("gate", [this.channels], "float32", tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  gateValues(): Float32Array {
    return this.gate!.read().dataSync().slice() as Float32Array;
  }

  /** `gateValues()` read asynchronously (GPU backends). */
  async readGate(): Promise<Float32Array> {
    return ((await this.gate!.read().data()) as Float32Array).slice();
  }

  setGate(values: ArrayLike<number>): void {
    if (values.length !== this.channels) throw new InvalidArgumentError("gate", values.length, `must have length ${this.channels}`);
    const t = tf.tensor1d(Float32Array.from(values));
    this.gate!.write(t);
    t.dispose();
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const g = this.gate!.read();
      if (!this.probabilistic) return tf.mul(x, g);
      const { mean, variance } = splitMoments(x);
      return joinMoments(tf.mul(mean, g), tf.mul(variance, tf.square(g)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), probabilistic: this.probabilistic };
  }
}
tf.serialization.registerClass(OutputGate);
