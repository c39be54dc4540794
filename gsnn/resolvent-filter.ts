/**
 * ResolventFilter: channel c is multiplied in spectral space by m_c²/(m_c² + |k|²), the
 * resolvent (1 − Δ/m_c²)^{−1} of the Laplacian with the grid's boundary conditions (sine basis:
 * zero walls; cosine: zero flux; Fourier: periodic). It is a Laplace transform of heat filters,
 * m²/(m² + |k|²) = ∫₀^∞ m² e^{−m²t} e^{−t|k|²} dt, so it is smooth by construction like them,
 * but its multiplier falls as 1/|k|² (an inverse Laplacian above k ≈ m, an identity below)
 * where a heat kernel falls as e^{−τ²|k|²}: a solution operator of an elliptic problem (Darcy,
 * Poisson) is a few of these, not a few Gaussians (docs/gsnn.md §Resolvent filters). The mass
 * m is stored as log m (positive; Adam steps relative), in physical units (1/length); the
 * basis comes from the input's size at call time, so one layer runs at any resolution.
 * Deterministic (means only).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, type BoundaryCondition } from "../core/index.js";
import { oneTensor, symmetricFilter, type LayerArgs } from "../operators/index.js";
import { filterAxes } from "./filter-axes.js";
import { classGrid } from "./heat-filter-ops.js";
import { basesForBc } from "./tau.js";

export interface ResolventFilterArgs extends LayerArgs {
  /** Physical domain length per spatial axis (1 or 2 axes). */
  lengths: number[];
  /** Boundary condition per spatial axis, default periodic. */
  bc?: BoundaryCondition[];
  /** Initial masses: the C values log-spaced over [massMin, massMax] (1/length). */
  massMin: number;
  massMax: number;
}

/**
 * The resolvent filter of x `[batch, ...spatial, C]` with masses `m` `[C]`: multiplier
 * m_c²/(m_c² + |k|²) on the grid's spectral basis. Differentiable w.r.t. x and m.
 */
export function resolventFilter(x: tf.Tensor, m: tf.Tensor, lengths: readonly number[], bc: readonly BoundaryCondition[]): tf.Tensor {
  const spatial = x.shape.slice(1, -1);
  const C = x.shape[x.rank - 1]!;
  if (lengths.length !== spatial.length || bc.length !== spatial.length)
    throw new InvalidArgumentError("lengths", lengths, `must have one entry per spatial axis of x (${spatial.length}), as must bc`);
  if (m.rank !== 1 || m.shape[0] !== C) throw new ShapeMismatchError("m", m.shape, [C]);
  return tf.tidy(() => {
    const bases = basesForBc(bc);
    const k2 = classGrid(spatial, bases, { lengths }); // [...classes, 1]
    const m2 = tf.square(m);
    return symmetricFilter(x, tf.div(m2, tf.add(m2, k2)), bases);
  });
}

export class ResolventFilter extends tf.layers.Layer {
  static className = "ResolventFilter";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly massMin: number;
  readonly massMax: number;
  private logMass: tf.LayerVariable | null = null;

  constructor(args: ResolventFilterArgs) {
    super(args);
    this.bc = filterAxes(args.lengths, args.bc);
    if (!(args.massMin > 0) || !(args.massMax >= args.massMin) || !Number.isFinite(args.massMax))
      throw new InvalidArgumentError("massMax", [args.massMin, args.massMax], "must satisfy 0 < massMin <= massMax < Infinity");
    this.lengths = [...args.lengths];
    this.massMin = args.massMin;
    this.massMax = args.massMax;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== this.lengths.length + 2)
      throw new ShapeMismatchError(`${this.name} input`, shape.map((v) => v ?? -1), `[batch, ${this.lengths.map(() => "n").join(", ")}, channels]`);
    const C = shape[shape.length - 1];
    if (C == null) throw new InvalidArgumentError(`${this.name} input channels`, C, "must be known when the layer is built");
    const lo = Math.log(this.massMin);
    const hi = Math.log(this.massMax);
    const init = Float32Array.from({ length: C }, (_, c) => lo + (C === 1 ? 0.5 : c / (C - 1)) * (hi - lo));
    this.logMass = this.addWeight("log_mass", [C], "float32", tf.initializers.zeros());
    tf.tidy(() => {
      this.logMass!.write(tf.tensor1d(init));
    });
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => resolventFilter(oneTensor(inputs), tf.exp(this.logMass!.read()), this.lengths, this.bc));
  }

  /** Current masses `[C]` (a copy, read synchronously). */
  masses(): Float32Array {
    return tf.tidy(() => tf.exp(this.logMass!.read()).dataSync() as Float32Array);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), lengths: this.lengths, bc: this.bc, massMin: this.massMin, massMax: this.massMax };
  }
}

tf.serialization.registerClass(ResolventFilter);
