/**
 * GaussianActivation: the GSNN nonlinearity. Deterministic: h(μ). Probabilistic: the mean and
 * variance of h(X) for X ~ N(μ, σ²) per element (moment matching; formulas and error bounds in
 * gsnn/moment-activations.ts and docs/gsnn.md).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../core/index.js";
import { joinMoments, oneTensor, splitMoments, type LayerArgs } from "../operators/index.js";
import { activationMoments, applyActivation, GSNN_ACTIVATIONS, LEAKY_RELU_ALPHA, type GsnnActivation } from "./moment-activations.js";

export interface GaussianActivationArgs extends LayerArgs {
  activation: GsnnActivation;
  probabilistic?: boolean;
  /** Negative slope of "leaky_relu" (default 0.01); ignored by the others. */
  alpha?: number;
}

export class GaussianActivation extends tf.layers.Layer {
  static className = "GaussianActivation";
  readonly activation: GsnnActivation;
  readonly probabilistic: boolean;
  readonly alpha: number;

  constructor(args: GaussianActivationArgs) {
    super(args);
    // tfjs camel-cases string values when it loads a layer config ("leaky_relu" → "leakyRelu").
    const activation = ((args.activation as string) === "leakyRelu" ? "leaky_relu" : args.activation) as GsnnActivation;
    if (!GSNN_ACTIVATIONS.includes(activation))
      throw new InvalidArgumentError("activation", args.activation, `must be one of ${GSNN_ACTIVATIONS.join(", ")}`);
    const alpha = args.alpha ?? LEAKY_RELU_ALPHA;
    if (!(Number.isFinite(alpha) && alpha >= 0)) throw new InvalidArgumentError("alpha", args.alpha, "must be a finite number >= 0");
    this.activation = activation;
    this.probabilistic = args.probabilistic ?? false;
    this.alpha = alpha;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      if (!this.probabilistic) return applyActivation(this.activation, x, this.alpha);
      const { mean, variance } = splitMoments(x);
      const m = activationMoments(this.activation, mean, variance, this.alpha);
      return joinMoments(m.mean, m.variance);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    // alpha only where it means something, so the other activations' configs are unchanged.
    return { ...super.getConfig(), activation: this.activation, probabilistic: this.probabilistic, ...(this.activation === "leaky_relu" ? { alpha: this.alpha } : {}) };
  }
}
tf.serialization.registerClass(GaussianActivation);
