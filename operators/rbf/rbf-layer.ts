/**
 * RbfLayer: Gaussian radial basis units on the last axis, φⱼ(z) = exp(−βⱼ‖z − cⱼ‖²), with the
 * prototypes c [M, r] and log β [M] as weights (each trainable or frozen by config), so β per
 * neuron can be learned by gradient descent. The squared distance is formed as Σ(z − c)² by
 * broadcasting, not ‖z‖² − 2z·c + ‖c‖², which cancels in float32 for nearby points.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../core/index.js";

export interface RbfLayerArgs {
  units: number;
  trainCenters?: boolean;
  trainBeta?: boolean;
  name?: string;
  trainable?: boolean;
}

export class RbfLayer extends tf.layers.Layer {
  static className = "PdesRbf";
  readonly units: number;
  readonly trainCenters: boolean;
  readonly trainBeta: boolean;
  private centers: tf.LayerVariable | null = null;
  private logBeta: tf.LayerVariable | null = null;

  constructor(args: RbfLayerArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) throw new InvalidArgumentError("units", args.units, "must be a positive integer");
    this.units = args.units;
    this.trainCenters = args.trainCenters ?? false;
    this.trainBeta = args.trainBeta ?? false;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const r = s[s.length - 1]!;
    this.centers = this.addWeight("centers", [this.units, r], "float32", tf.initializers.zeros(), undefined, this.trainCenters);
    this.logBeta = this.addWeight("log_beta", [this.units], "float32", tf.initializers.zeros(), undefined, this.trainBeta);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor2D;
      const c = this.centers!.read();
      const d2 = tf.sum(tf.square(tf.sub(tf.expandDims(x, 1), tf.expandDims(c, 0))), -1); // [b, M]
      return tf.exp(tf.neg(tf.mul(d2, tf.exp(this.logBeta!.read()))));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, trainCenters: this.trainCenters, trainBeta: this.trainBeta };
  }
}
tf.serialization.registerClass(RbfLayer);
