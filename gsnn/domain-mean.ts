/**
 * DomainMean: each channel's mean over the spatial axes, broadcast back to every point
 * (`[batch, ...spatial, C]` in and out). On Dirichlet axes the GSNN's filters work in the sine
 * basis, which has no constant mode: a block cannot carry a domain-wide scalar (an effective
 * conductivity of the whole coefficient field, say) at full strength to every point. This is
 * that mode (the FNO's k = 0 mode on its padded periodic domain), mixed by the block's linear
 * layer (docs/gsnn.md §Domain means). Deterministic; no weights; any resolution.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeMismatchError } from "../core/index.js";
import { oneTensor, type LayerArgs } from "../operators/index.js";

export class DomainMean extends tf.layers.Layer {
  static className = "DomainMean";

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      if (x.rank < 3) throw new ShapeMismatchError(`${this.name} input`, x.shape, "[batch, ...spatial, channels]");
      const axes = Array.from({ length: x.rank - 2 }, (_, a) => a + 1);
      return tf.mul(tf.onesLike(x), tf.mean(x, axes, true));
    });
  }
}

tf.serialization.registerClass(DomainMean);
