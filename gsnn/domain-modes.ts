/**
 * DomainModes: each channel's projections onto the K lowest cosine modes per axis,
 * φ_pq = cos(p·πx/L₁)·cos(q·πy/L₂) (2π/L on periodic axes), p, q < K, each broadcast back as
 * c_pq·φ_pq: `[batch, ...spatial, C]` in, `[..., C·K^d]` out (channel c·K^d + mode). K = 1 is
 * each channel's mean over the domain at every point.
 *
 * Why: on Dirichlet axes the GSNN's filters work in the sine basis, which vanishes at the walls
 * and has no constant mode, so a block sees the coefficient only through sine-weighted averages.
 * On darcy2d the solution's amplitude is set by the coefficient next to the walls too: a
 * least-squares fit of log ‖u‖ on the sin(πx)sin(πy)-weighted high-phase fraction leaves 11%
 * error, on the plain mean 4.3%, on the 3×3 lowest cosine projections 2.4% (docs/gsnn-claims.md
 * §darcy2d). A linear layer after this one mixes channels per mode (docs/gsnn.md §Domain modes).
 * Deterministic; no weights; the modes are built from the input's size at call time.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, gridPoints, makeGrid, type BoundaryCondition } from "../core/index.js";
import { oneTensor, type LayerArgs } from "../operators/index.js";
import { filterAxes } from "./filter-axes.js";

export interface DomainModesArgs extends LayerArgs {
  lengths: number[];
  bc?: BoundaryCondition[];
  /** Cosine modes per axis (K ≥ 1). */
  modes: number;
}

export class DomainModes extends tf.layers.Layer {
  static className = "DomainModes";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly modes: number;

  constructor(args: DomainModesArgs) {
    super(args);
    this.bc = filterAxes(args.lengths, args.bc);
    if (!Number.isInteger(args.modes) || args.modes < 1) throw new InvalidArgumentError("modes", args.modes, "must be an integer >= 1");
    this.lengths = [...args.lengths];
    this.modes = args.modes;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const c = s[s.length - 1];
    return [...s.slice(0, -1), c == null ? null : c * this.modes ** this.lengths.length];
  }

  /** φ `[P, M]` (P points row-major, M = K^d modes) and its column norms mean(φ²) `[M]`. */
  private basis(spatial: number[]): { phi: Float32Array; norm: Float32Array } {
    const grid = makeGrid({ shape: spatial, lengths: this.lengths, bc: this.bc });
    const K = this.modes;
    const axes = spatial.map((_, a) => {
      const x = gridPoints(grid, a);
      const w = (this.bc[a] === "periodic" ? 2 : 1) * Math.PI / this.lengths[a]!;
      return Array.from({ length: K }, (_, p) => Array.from(x, (v) => Math.cos(p * w * v)));
    });
    const P = spatial.reduce((a, b) => a * b, 1);
    const M = K ** spatial.length;
    const phi = new Float32Array(P * M);
    const norm = new Float32Array(M);
    for (let i = 0; i < P; i++)
      for (let m = 0; m < M; m++) {
        const v = spatial.length === 1 ? axes[0]![m]![i]! : axes[0]![Math.floor(m / K)]![Math.floor(i / spatial[1]!)]! * axes[1]![m % K]![i % spatial[1]!]!;
        phi[i * M + m] = v;
        norm[m]! += (v * v) / P;
      }
    return { phi, norm };
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const spatial = x.shape.slice(1, -1);
      if (spatial.length !== this.lengths.length) throw new ShapeMismatchError(`${this.name} input`, x.shape, `[batch, ${this.lengths.map(() => "n").join(", ")}, channels]`);
      const B = x.shape[0]!;
      const C = x.shape[x.rank - 1]!;
      const P = spatial.reduce((a, b) => a * b, 1);
      const M = this.modes ** spatial.length;
      if (M === 1) return tf.mul(tf.onesLike(x), tf.mean(x, spatial.map((_, a) => a + 1), true));
      const { phi, norm } = this.basis(spatial);
      const F = tf.tensor2d(phi, [P, M]);
      // c[b, m, c] = mean_i φ_im x_ic / mean(φ_m²), then each mode broadcast back: φ_im c[b, m, c].
      const xf = tf.reshape(x, [B, P, C]);
      const coef = tf.div(tf.matMul(tf.tile(tf.expandDims(F, 0), [B, 1, 1]), xf, true, false), tf.reshape(tf.mul(tf.tensor1d(norm), P), [1, M, 1]));
      const back = tf.mul(tf.reshape(F, [1, P, M, 1]), tf.expandDims(coef, 1)); // [B, P, M, C]
      return tf.reshape(tf.transpose(back, [0, 1, 3, 2]), [B, ...spatial, C * M]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), lengths: this.lengths, bc: this.bc, modes: this.modes };
  }
}

tf.serialization.registerClass(DomainModes);
