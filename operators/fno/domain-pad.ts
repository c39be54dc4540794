/**
 * Zero padding of the spatial axes (on the high side) and the matching crop: the FNO's device
 * for non-periodic domains (pad after the lifting, crop after the last Fourier layer), so the
 * truncated Fourier basis does not have to represent the jump between opposite boundaries.
 *
 * Two ways to say how much (docs/operators.md §FNO padding):
 * - `fraction` per axis (0 on periodic axes): the padded line spans (1 + f)·L, rounded to whole
 *   points (at f = 0 an interior layout still gets its missing boundary point), at whatever
 *   resolution the layer is called — the Fourier modes then mean the same wavenumbers
 *   2πm/((1+f)L) at every resolution, so a model transfers (neuraloperator's
 *   `domain_padding` idea; the cell count of each point layout gives h = L/cells). The crop
 *   takes the unpadded tensor as a second input and cuts back to its size.
 * - `padding`: a fixed number of points on every axis (the FNO paper's 2-D script, 9). The
 *   padded domain then depends on the resolution; kept for models saved with it.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, layoutCells, type PointLayout } from "../../core/index.js";
import { oneShape, oneTensor, type Kwargs, type LayerArgs } from "../index.js";

export interface DomainPadConfig {
  /** Fixed points added at the end of every spatial axis (or removed, with crop). */
  padding?: number;
  /** Per spatial axis: pad to (1 + fraction)·L (0: none). Excludes `padding`. */
  fraction?: number[];
  /** Per spatial axis, the point layout (for the cell count); default "one-sided". */
  layout?: PointLayout[];
  /** Crop instead of pad; with `fraction` the layer takes [padded, unpadded]. */
  crop?: boolean;
  /**
   * What the padded points hold: "zeros" (the paper's and neuraloperator's), or "bridge": per
   * axis the straight line from the last stored value back to the first, so the padded line is
   * continuous where it wraps (no jump for the truncated Fourier basis to resolve). Default zeros.
   */
  fill?: PadFill;
}

export type PadFill = "zeros" | "bridge";

/**
 * Points added to an axis of n points in `layout` to pad it to (1 + f)·L. Even f = 0 adds the
 * one point an interior layout lacks (n points span n/(n + 1)·L there, which changes with n); a
 * vertex layout (n points span (n − 1)·h = L, one more than a period) is left as it is.
 */
export function fractionPadding(n: number, fraction: number, layout: PointLayout = "one-sided"): number {
  return Math.max(0, Math.round((1 + fraction) * layoutCells(n, layout)) - n);
}

export class DomainPad extends tf.layers.Layer {
  static className = "PdesDomainPad";
  readonly padding: number;
  readonly fraction: number[] | undefined;
  readonly layout: PointLayout[] | undefined;
  readonly crop: boolean;
  readonly fill: PadFill;

  constructor(config: DomainPadConfig & LayerArgs) {
    super(config);
    if (config.fraction !== undefined && config.padding !== undefined)
      throw new InvalidArgumentError("padding", config.padding, "must be left out when fraction is given");
    config.fraction?.forEach((f, a) => {
      if (!(f >= 0) || !Number.isFinite(f)) throw new InvalidArgumentError(`fraction[${a}]`, f, "must be a finite number >= 0");
    });
    if (config.layout && config.fraction && config.layout.length !== config.fraction.length)
      throw new InvalidArgumentError("layout", config.layout, `must have one entry per axis of fraction (${config.fraction.length})`);
    this.padding = config.padding ?? 0;
    this.fraction = config.fraction ? [...config.fraction] : undefined;
    this.layout = config.layout ? [...config.layout] : undefined;
    this.crop = config.crop ?? false;
    this.fill = config.fill ?? "zeros";
    if (this.fill !== "zeros" && this.fill !== "bridge") throw new InvalidArgumentError("fill", this.fill, 'must be "zeros" or "bridge"');
  }

  /** Points added to each spatial axis of an input with these sizes. */
  paddingFor(spatial: readonly number[]): number[] {
    const f = this.fraction;
    if (f === undefined) return spatial.map(() => this.padding);
    if (f.length !== spatial.length) throw new InvalidArgumentError("input", spatial, `must have ${f.length} spatial axes (one per fraction)`);
    return spatial.map((n, a) => fractionPadding(n, f[a]!, this.layout?.[a]));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    if (this.fraction !== undefined && this.crop) return (inputShape as tf.Shape[])[1]!;
    const s = oneShape(inputShape);
    if (this.fraction !== undefined) {
      // Known sizes are padded as at call time; open (null) sizes stay open.
      return s.map((d, i) => (i === 0 || i === s.length - 1 || d == null ? d : d + fractionPadding(d, this.fraction![i - 1]!, this.layout?.[i - 1])));
    }
    const p = this.crop ? -this.padding : this.padding;
    return s.map((d, i) => (i === 0 || i === s.length - 1 || d == null ? d : d + p));
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const spatial = x.shape.slice(1, -1);
      if (this.crop) {
        const target = this.fraction !== undefined ? (inputs as tf.Tensor[])[1]!.shape.slice(1, -1) : spatial.map((n) => n - this.padding);
        return tf.slice(x, new Array<number>(x.rank).fill(0), [-1, ...target, -1]);
      }
      const pad = this.paddingFor(spatial);
      if (pad.every((p) => p === 0)) return tf.clone(x);
      if (this.fill === "zeros") return tf.pad(x, [[0, 0], ...pad.map((p): [number, number] => [0, p]), [0, 0]]);
      // Bridge one axis after the other: the second axis also bridges the first one's padding.
      let y = x;
      pad.forEach((p, a) => {
        if (p === 0) return;
        const ax = a + 1;
        const n = y.shape[ax]!;
        const size = y.shape.map((d, i) => (i === ax ? 1 : d));
        const first = tf.slice(y, y.shape.map(() => 0), size);
        const last = tf.slice(y, y.shape.map((_, i) => (i === ax ? n - 1 : 0)), size);
        const s = tf.reshape(tf.tensor1d(Array.from({ length: p }, (_, k) => (k + 1) / (p + 1))), y.shape.map((_, i) => (i === ax ? p : 1)));
        y = tf.concat([y, tf.add(tf.mul(last, tf.sub(1, s)), tf.mul(first, s))], ax);
      });
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const base = { ...super.getConfig(), crop: this.crop, ...(this.fill !== "zeros" ? { fill: this.fill } : {}) };
    if (this.fraction !== undefined) return { ...base, fraction: this.fraction, ...(this.layout ? { layout: this.layout } : {}) };
    return { ...base, padding: this.padding };
  }
}
tf.serialization.registerClass(DomainPad);
