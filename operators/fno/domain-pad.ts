/**
 * Zero padding of the spatial axes (on the high side) and the matching crop: the FNO 2-D
 * script's device for non-periodic domains (pad after the lifting, crop after the last Fourier
 * layer), so the truncated Fourier basis does not have to represent the jump between opposite
 * boundaries.
 */
import * as tf from "@tensorflow/tfjs";
import { oneShape, oneTensor, type Kwargs, type LayerArgs } from "../index.js";

export interface DomainPadConfig {
  /** Points added at the end of every spatial axis (or removed, with crop). */
  padding: number;
  crop?: boolean;
}

export class DomainPad extends tf.layers.Layer {
  static className = "PdesDomainPad";
  readonly padding: number;
  readonly crop: boolean;

  constructor(config: DomainPadConfig & LayerArgs) {
    super(config);
    this.padding = config.padding;
    this.crop = config.crop ?? false;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = oneShape(inputShape);
    const p = this.crop ? -this.padding : this.padding;
    return s.map((d, i) => (i === 0 || i === s.length - 1 || d == null ? d : d + p));
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const spatial = x.shape.slice(1, -1);
      if (this.crop) return tf.slice(x, new Array<number>(x.rank).fill(0), [-1, ...spatial.map((n) => n - this.padding), -1]);
      return tf.pad(x, [[0, 0], ...spatial.map((): [number, number] => [0, this.padding]), [0, 0]]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding, crop: this.crop };
  }
}
tf.serialization.registerClass(DomainPad);
