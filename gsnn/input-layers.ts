/**
 * The GSNN's input layers: grid coordinates appended as extra channels (the lifting sees
 * where it is, as in FNO), and the (mean, variance) pair built from a plain input with a
 * caller-given input noise variance.
 */
import * as tf from "@tensorflow/tfjs";
import { BOUNDARY_CONDITIONS, InvalidArgumentError, gridLayouts, gridPoints, makeGrid, type BoundaryCondition, type PointLayout } from "../core/index.js";
import { lastDim, oneTensor, type LayerArgs } from "../operators/index.js";

export interface GridCoordinatesArgs extends LayerArgs {
  lengths: number[];
  bc: BoundaryCondition[];
  /** Point layout per axis (default: each bc's default; models saved before layouts load so). */
  layout?: PointLayout[];
}

/**
 * Appends one channel per spatial axis holding x_a / L_a at the grid's stored points
 * (docs/conventions.md §Grids), computed from the input's size at call time so the same
 * physical coordinates appear at every resolution.
 */
export class GridCoordinates extends tf.layers.Layer {
  static className = "GridCoordinates";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly layout: PointLayout[];

  constructor(args: GridCoordinatesArgs) {
    super(args);
    if (!Array.isArray(args.lengths) || args.lengths.length < 1 || args.lengths.length > 2)
      throw new InvalidArgumentError("lengths", args.lengths, "must have 1 or 2 entries (spatial axes)");
    if (!Array.isArray(args.bc) || args.bc.length !== args.lengths.length || args.bc.some((b) => !BOUNDARY_CONDITIONS.includes(b)))
      throw new InvalidArgumentError("bc", args.bc, "must give one boundary condition per axis of lengths");
    this.lengths = [...args.lengths];
    this.bc = [...args.bc];
    this.layout = gridLayouts(makeGrid({ shape: this.bc.map(() => 2), lengths: this.lengths, bc: this.bc, ...(args.layout ? { layout: args.layout } : {}) }));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = s[s.length - 1];
    return [...s.slice(0, -1), c === null || c === undefined ? null : c + this.lengths.length];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const spatial = x.shape.slice(1, -1);
      const grid = makeGrid({ shape: spatial, lengths: this.lengths, bc: this.bc, layout: this.layout });
      const size = spatial.reduce((a, b) => a * b, 1);
      const d = spatial.length;
      const data = new Float32Array(size * d);
      const axes = spatial.map((_, a) => gridPoints(grid, a));
      for (let i = 0; i < size; i++) {
        let rem = i;
        for (let a = d - 1; a >= 0; a--) {
          const n = spatial[a]!;
          data[i * d + a] = axes[a]![rem % n]! / this.lengths[a]!;
          rem = Math.floor(rem / n);
        }
      }
      const coords = tf.tensor(data, [1, ...spatial, d]);
      return tf.concat([x, tf.tile(coords, [x.shape[0]!, ...spatial.map(() => 1), 1])], x.rank - 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), lengths: this.lengths, bc: this.bc, layout: this.layout };
  }
}
tf.serialization.registerClass(GridCoordinates);

export interface InputMomentsArgs extends LayerArgs {
  /** Variance σ₀² ≥ 0 of the noise on the first `noisyChannels` input channels. */
  inputVariance: number;
  /** Leading channels that carry noise (the data); the rest (coordinates) are exact. */
  noisyChannels: number;
}

/** `[..., C]` → `[..., 2C]`: the input as means, then σ₀² on noisy channels and 0 elsewhere. */
export class InputMoments extends tf.layers.Layer {
  static className = "InputMoments";
  readonly inputVariance: number;
  readonly noisyChannels: number;

  constructor(args: InputMomentsArgs) {
    super(args);
    if (!(args.inputVariance >= 0) || !Number.isFinite(args.inputVariance))
      throw new InvalidArgumentError("inputVariance", args.inputVariance, "must be a finite number >= 0");
    if (!Number.isInteger(args.noisyChannels) || args.noisyChannels < 0)
      throw new InvalidArgumentError("noisyChannels", args.noisyChannels, "must be an integer >= 0");
    this.inputVariance = args.inputVariance;
    this.noisyChannels = args.noisyChannels;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s.slice(0, -1), 2 * lastDim(s, this.name)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const c = x.shape[x.rank - 1]!;
      const v = new Float32Array(c);
      for (let i = 0; i < Math.min(c, this.noisyChannels); i++) v[i] = this.inputVariance;
      return tf.concat([x, tf.mul(tf.onesLike(x), tf.tensor1d(v))], x.rank - 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), inputVariance: this.inputVariance, noisyChannels: this.noisyChannels };
  }
}
tf.serialization.registerClass(InputMoments);
