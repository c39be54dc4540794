/**
 * A GSNN on a grid whose point layout is not its boundary conditions' default (docs/gsnn.md
 * §Point layouts): the heat filters' sine and cosine transforms assume the default layouts, so
 * the model works on the default grid inside the data's grid (core's defaultLayoutEmbedding:
 * a Dirichlet one-sided grid drops x = 0, a vertex grid both ends) and puts the dropped
 * Dirichlet boundary points back as zeros at the end. Both layers are counts of points per
 * end, the same at every resolution, so the model still transfers.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, embeddedRange, type Grid } from "../core/index.js";
import { oneTensor as single, type LayerArgs as LayerBaseArgs } from "../operators/index.js";

export interface LayoutEmbeddingArgs extends LayerBaseArgs {
  /** Per spatial axis, points dropped (embed) or restored as zeros (restore) at the start. */
  before: number[];
  /** ... and at the end. */
  after: number[];
}

function check(args: LayoutEmbeddingArgs): void {
  const ok = (v: unknown): v is number[] => Array.isArray(v) && v.every((k) => Number.isInteger(k) && k >= 0);
  if (!ok(args.before)) throw new InvalidArgumentError("before", args.before, "must be integers >= 0, one per spatial axis");
  if (!ok(args.after) || args.after.length !== args.before.length)
    throw new InvalidArgumentError("after", args.after, `must be integers >= 0, one per spatial axis (${args.before.length})`);
}

/** Points to drop per end so that `grid` becomes its default-layout grid (undefined if none). */
export function embeddingCounts(grid: Grid): { before: number[]; after: number[] } | undefined {
  const r = grid.shape.map((_, a) => embeddedRange(grid, a));
  if (r.some((x) => x === undefined)) return undefined;
  return { before: r.map((x) => x!.start), after: r.map((x, a) => grid.shape[a]! - x!.start - x!.count) };
}

abstract class EdgeLayer extends tf.layers.Layer {
  readonly before: number[];
  readonly after: number[];
  constructor(args: LayoutEmbeddingArgs) {
    super(args);
    check(args);
    this.before = [...args.before];
    this.after = [...args.after];
  }
  protected abstract sign(): 1 | -1;
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const g = this.sign();
    return s.map((d, i) => (i === 0 || i === s.length - 1 || d == null ? d : d + g * (this.before[i - 1]! + this.after[i - 1]!)));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), before: this.before, after: this.after };
  }
}

/** `[B, ...n, C]` → `[B, ...(n − before − after), C]`: the default-layout points only. */
export class LayoutEmbed extends EdgeLayer {
  static className = "PdesLayoutEmbed";
  protected sign(): -1 {
    return -1;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const sp = x.shape.slice(1, -1);
      return tf.slice(x, [0, ...this.before, 0], [-1, ...sp.map((n, a) => n - this.before[a]! - this.after[a]!), -1]);
    });
  }
}
tf.serialization.registerClass(LayoutEmbed);

/** The inverse: zeros put back at the dropped (Dirichlet boundary) points. */
export class LayoutRestore extends EdgeLayer {
  static className = "PdesLayoutRestore";
  protected sign(): 1 {
    return 1;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      return tf.pad(x, [[0, 0], ...this.before.map((b, a): [number, number] => [b, this.after[a]!]), [0, 0]]);
    });
  }
}
tf.serialization.registerClass(LayoutRestore);
