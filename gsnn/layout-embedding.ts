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

export interface LayoutRestoreArgs extends LayoutEmbeddingArgs {
  /**
   * Hold a per-channel wall value `[C]` (a non-trainable weight, 0 until setWallValues) and put
   * it, instead of 0, at the restored points. The model works on normalised fields, where a
   * Dirichlet value of 0 is −mean/std of the output channel, not 0. Default false (models saved
   * before it existed).
   */
  wallValues?: boolean;
}

/** The inverse: the dropped (Dirichlet boundary) points put back, holding 0 or the wall values. */
export class LayoutRestore extends EdgeLayer {
  static className = "PdesLayoutRestore";
  readonly wallValues: boolean;
  private wall: tf.LayerVariable | null = null;
  constructor(args: LayoutRestoreArgs) {
    super(args);
    this.wallValues = args.wallValues ?? false;
  }
  protected sign(): 1 {
    return 1;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = s[s.length - 1];
    if (this.wallValues) {
      if (c == null) throw new InvalidArgumentError(`${this.name} input channels`, c, "must be known when the layer is built");
      this.wall = this.addWeight("wall", [c], "float32", tf.initializers.zeros(), undefined, false);
    }
    this.built = true;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const pad = (t: tf.Tensor) => tf.pad(t, [[0, 0], ...this.before.map((b, a): [number, number] => [b, this.after[a]!]), [0, 0]]);
      if (!this.wall) return pad(x);
      const w = this.wall.read();
      return tf.add(pad(tf.sub(x, w)), w);
    });
  }
  /** Set the wall values `[C]` (normalised units). */
  setWallValue(values: ArrayLike<number>): void {
    if (!this.wall) throw new InvalidArgumentError("wallValues", false, "must be true to set wall values");
    tf.tidy(() => {
      this.wall!.write(tf.tensor1d(Array.from(values), "float32"));
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.wallValues ? { wallValues: true } : {}) };
  }
}
tf.serialization.registerClass(LayoutRestore);

/**
 * Set every LayoutRestore of `model` that holds wall values to the mean of `y` `[N, ...spatial, C]`
 * (the model's full-grid targets, normalised as the model sees them) over the points it restores:
 * for Dirichlet data that is the boundary value in the model's units. Returns the values set per
 * layer (empty when the model has none).
 */
export async function setWallValues(model: tf.LayersModel, y: tf.Tensor): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const layer of model.layers) {
    if (!(layer instanceof LayoutRestore) || !layer.wallValues) continue;
    const mean = tf.tidy(() => {
      const spatial = y.shape.slice(1, -1);
      const inner = tf.slice(y, [0, ...layer.before, 0], [-1, ...spatial.map((n, a) => n - layer.before[a]! - layer.after[a]!), -1]);
      const C = y.shape[y.rank - 1]!;
      const total = tf.sum(tf.reshape(y, [-1, C]), 0);
      const kept = tf.sum(tf.reshape(inner, [-1, C]), 0);
      const count = (y.size - inner.size) / C;
      return tf.div(tf.sub(total, kept), Math.max(count, 1));
    });
    // Read asynchronously: the training path has no synchronous read on any backend.
    const v = (await mean.data()) as Float32Array;
    mean.dispose();
    layer.setWallValue(v);
    out.push(Float32Array.from(v));
  }
  return out;
}
