/**
 * GaussianActivation: the GSNN nonlinearity. Deterministic: h(μ). Probabilistic: the mean and
 * variance of h(X) for X ~ N(μ, σ²) per element (moment matching; formulas and error bounds in
 * gsnn/moment-activations.ts and docs/gsnn.md).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../core/index.js";
import { activationMoments, applyActivation, GSNN_ACTIVATIONS, type GsnnActivation } from "./moment-activations.js";
import { joinMoments, single, splitMoments, type LayerBaseArgs } from "./moment-tensor.js";

export interface GaussianActivationArgs extends LayerBaseArgs {
  activation: GsnnActivation;
  probabilistic?: boolean;
}

export class GaussianActivation extends tf.layers.Layer {
  static className = "GaussianActivation";
  readonly activation: GsnnActivation;
  readonly probabilistic: boolean;

  constructor(args: GaussianActivationArgs) {
    super(args);
    if (!GSNN_ACTIVATIONS.includes(args.activation))
      throw new InvalidArgumentError("activation", args.activation, `must be one of ${GSNN_ACTIVATIONS.join(", ")}`);
    this.activation = args.activation;
    this.probabilistic = args.probabilistic ?? false;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      if (!this.probabilistic) return applyActivation(this.activation, x);
      const { mean, variance } = splitMoments(x);
      const m = activationMoments(this.activation, mean, variance);
      return joinMoments(m.mean, m.variance);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation, probabilistic: this.probabilistic };
  }
}
tf.serialization.registerClass(GaussianActivation);
