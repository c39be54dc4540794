/**
 * GaussianProduct: pointwise products of channel pairs, so a GSNN can form u·u_x or a·∇u
 * (docs/gsnn.md §Products). Deterministic: out_p = x_a · x_b for each pair p = (a, b).
 * Probabilistic (inputs and outputs carry means then variances): the exact moments of the
 * product of two Gaussians,
 *
 *   a ≠ b, X and Y independent:  E[XY] = μ_a μ_b,        Var[XY] = μ_a² σ_b² + μ_b² σ_a² + σ_a² σ_b²
 *   a = b (Y = X):               E[X²] = μ² + σ²,        Var[X²] = 4μ² σ² + 2σ⁴
 *
 * (both are the jointly Gaussian formulas E = μ_a μ_b + c, Var = μ_a² σ_b² + μ_b² σ_a² + σ_a² σ_b²
 * + 2 μ_a μ_b c + c², with covariance c = 0 between different channels — the same independence
 * GaussianLinear assumes — and c = σ² for a channel with itself). No weights: a GaussianLinear
 * after it chooses which products matter. Channels are picked by one-hot matMuls rather than
 * gather, whose gradient the wasm backend lacks.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../core/index.js";
import { joinMoments, lastDim, oneTensor as single, splitMoments, type LayerArgs as LayerBaseArgs } from "../operators/index.js";

export type ProductPairs = readonly (readonly [number, number])[] | "all";

export interface GaussianProductArgs extends LayerBaseArgs {
  /** Channel pairs (a, b), 0-based among the C (mean) channels; "all": every a ≤ b, row by row. */
  pairs: ProductPairs;
  /** Inputs carry means then variances (2·C channels); outputs likewise (2·P). Default false. */
  probabilistic?: boolean;
}

/** The pairs for C channels (validated), in output order. */
export function resolvePairs(pairs: ProductPairs, channels: number): [number, number][] {
  if (pairs === "all") {
    const out: [number, number][] = [];
    for (let a = 0; a < channels; a++) for (let b = a; b < channels; b++) out.push([a, b]);
    return out;
  }
  if (!Array.isArray(pairs) || pairs.length === 0) throw new InvalidArgumentError("pairs", pairs, 'must be a non-empty array of [a, b] channel pairs or "all"');
  return pairs.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((c) => Number.isInteger(c) && c >= 0 && c < channels))
      throw new InvalidArgumentError(`pairs[${i}]`, p, `must be [a, b] with integers 0 <= a, b < ${channels} (the input's channels)`);
    return [p[0], p[1]] as [number, number];
  });
}

/** Channels idx[p] = start + p·stride of t as a slice (null when idx is no such progression). */
function strided(t: tf.Tensor, idx: readonly number[], C: number): tf.Tensor | null {
  const P = idx.length;
  const start = idx[0]!;
  const stride = P > 1 ? idx[1]! - start : 1;
  if (stride < 1 || start + P * stride > C || idx.some((v, p) => v !== start + p * stride)) return null;
  const lead = t.shape.slice(0, -1);
  const run = tf.slice(t, [...lead.map(() => 0), start], [...lead.map(() => -1), P * stride]);
  if (stride === 1) return run;
  return tf.reshape(tf.slice(tf.reshape(run, [...lead, P, stride]), [...lead.map(() => 0), 0, 0], [...lead.map(() => -1), P, 1]), [...lead, P]);
}

export class GaussianProduct extends tf.layers.Layer {
  static className = "GaussianProduct";
  readonly pairs: ProductPairs;
  readonly probabilistic: boolean;
  private resolved: [number, number][] | null = null;
  private channels = 0;

  constructor(args: GaussianProductArgs) {
    super(args);
    if (args?.pairs !== "all") resolvePairs(args?.pairs, Number.MAX_SAFE_INTEGER);
    this.pairs = args.pairs === "all" ? "all" : args.pairs.map((p) => [p[0], p[1]] as const);
    this.probabilistic = args.probabilistic ?? false;
  }

  private channelsOf(inputShape: tf.Shape | tf.Shape[]): number {
    const c = lastDim(inputShape, this.name);
    if (this.probabilistic && c % 2 !== 0) throw new InvalidArgumentError(`${this.name} input channels`, c, "must be even (means then variances)");
    return this.probabilistic ? c / 2 : c;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.channels = this.channelsOf(inputShape);
    this.resolved = resolvePairs(this.pairs, this.channels);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const p = resolvePairs(this.pairs, this.channelsOf(inputShape)).length;
    return [...s.slice(0, -1), this.probabilistic ? 2 * p : p];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const pairs = this.resolved!;
      const C = this.channels;
      const P = pairs.length;
      const sa = new Float32Array(C * P);
      const sb = new Float32Array(C * P);
      const same = new Float32Array(P);
      pairs.forEach(([a, b], p) => {
        sa[a * P + p] = 1;
        sb[b * P + p] = 1;
        same[p] = a === b ? 1 : 0;
      });
      const selA = tf.tensor2d(sa, [C, P]);
      const selB = tf.tensor2d(sb, [C, P]);
      const pick = (t: tf.Tensor, sel: tf.Tensor2D): tf.Tensor =>
        tf.reshape(tf.matMul(tf.reshape(t, [-1, C]), sel), [...t.shape.slice(0, -1), P]);
      if (!this.probabilistic) {
        // Channels in arithmetic progression (the derivative branch's f_c·∂z_c pairs) are
        // slices: the one-hot matMuls cost ~40% of a burgers GSNN step (docs/gsnn-claims.md).
        const ra = strided(x, pairs.map((q) => q[0]), C);
        const rb = strided(x, pairs.map((q) => q[1]), C);
        return tf.mul(ra ?? pick(x, selA), rb ?? pick(x, selB));
      }
      const { mean, variance } = splitMoments(x);
      const ma = pick(mean, selA);
      const mb = pick(mean, selB);
      const va = pick(variance, selA);
      const vb = pick(variance, selB);
      const d = tf.tensor1d(same);
      // E = μa μb + [a = b] σa²;  Var = (1 + [a = b]) (μa² σb² + μb² σa² + σa² σb²)
      const m = tf.add(tf.mul(ma, mb), tf.mul(d, va));
      const v = tf.mul(tf.add(1, d), tf.add(tf.add(tf.mul(tf.square(ma), vb), tf.mul(tf.square(mb), va)), tf.mul(va, vb)));
      return joinMoments(m, v);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const pairs = this.pairs === "all" ? "all" : this.pairs.map((p) => [p[0], p[1]]);
    return { ...super.getConfig(), pairs, probabilistic: this.probabilistic };
  }
}
tf.serialization.registerClass(GaussianProduct);
