/**
 * Appends the grid point coordinates as extra channels (the FNO lifting's "(a(x), x)" input).
 * Positions follow docs/conventions.md §Grids for the layer's domain lengths, boundary
 * conditions and point layouts (models saved before layouts existed load with the defaults)
 * and are computed from the input's size at call time, so the same model runs at
 * another resolution of the same domain.
 */
import * as tf from "@tensorflow/tfjs";
import { gridLayouts, gridPoints, makeGrid, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import { oneShape, oneTensor, type Kwargs, type LayerArgs } from "./layer-util.js";

export interface GridCoordinatesConfig {
  lengths: number[];
  bc: BoundaryCondition[];
  /** Point layout per axis; default each bc's default layout. */
  layout?: PointLayout[];
}

export class GridCoordinates extends tf.layers.Layer {
  static className = "PdesGridCoordinates";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly layout: PointLayout[];

  constructor(config: GridCoordinatesConfig & LayerArgs) {
    super(config);
    this.lengths = [...config.lengths];
    this.bc = [...config.bc];
    // Validates the bc/layout pair and fills in defaults.
    this.layout = gridLayouts(makeGrid({ shape: this.bc.map(() => 2), lengths: this.lengths, bc: this.bc, ...(config.layout ? { layout: config.layout } : {}) }));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = oneShape(inputShape);
    const c = s.at(-1);
    return [...s.slice(0, -1), c == null ? null : c + this.lengths.length];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const spatial = x.shape.slice(1, -1);
      const coords = coordinateTensor(spatial, this.lengths, this.bc, this.layout);
      return tf.concat([x, tf.tile(coords, [x.shape[0]!, ...spatial.map(() => 1), 1])], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), lengths: this.lengths, bc: this.bc, layout: this.layout };
  }
}
tf.serialization.registerClass(GridCoordinates);

/** [1, ...spatial, d]: channel a holds the coordinate along axis a (ij indexing). */
export function coordinateTensor(
  spatial: readonly number[],
  lengths: readonly number[],
  bc: readonly BoundaryCondition[],
  layout?: readonly PointLayout[],
): tf.Tensor {
  const grid = makeGrid({ shape: spatial, lengths, bc, ...(layout ? { layout } : {}) });
  const d = spatial.length;
  const pts = spatial.map((_, a) => gridPoints(grid, a));
  const size = spatial.reduce((p, q) => p * q, 1);
  const out = new Float32Array(size * d);
  for (let i = 0; i < size; i++) {
    let rem = i;
    for (let a = d - 1; a >= 0; a--) {
      const n = spatial[a]!;
      out[i * d + a] = pts[a]![rem % n]!;
      rem = Math.floor(rem / n);
    }
  }
  return tf.tensor(out, [1, ...spatial, d]);
}
