/**
 * DomainModes: each channel's projections onto the K lowest cosine modes per axis,
 * φ_m = cos(p·πx/L₁)·cos(q·πy/L₂) (2π/L on periodic axes), p, q < K, with coefficients
 * c_m = mean(φ_m x)/mean(φ_m²), mixed per mode by a learned matrix W_m `[C, units]` and broadcast
 * back: y = Σ_m φ_m · (c_m W_m), `[batch, ...spatial, C]` in, `[..., units]` out. K = 1 is a
 * linear map of the channels' domain means. The mixing is done on the coefficients (M·C values
 * per sample), never on a `[..., C·M]` field: on darcy2d at 63² (width 16, K = 3), broadcasting
 * the C·M modes to a separate linear layer made a training epoch cost 29 s of CPU.
 *
 * Why: on Dirichlet axes the GSNN's filters work in the sine basis, which vanishes at the walls
 * and has no constant mode, so a block sees the coefficient only through sine-weighted averages.
 * On darcy2d the solution's amplitude is set by the coefficient next to the walls too: a
 * least-squares fit of log ‖u‖ on the sin(πx)sin(πy)-weighted high-phase fraction leaves 11%
 * error, on the plain mean 4.3%, on the 3×3 lowest cosine projections 2.4% (docs/gsnn-claims.md
 * §darcy2d). The per-mode mixing is what an FNO's spectral weights do on its kept modes
 * (docs/gsnn.md §Resolvent filters and domain modes). Deterministic; the modes are built from
 * the input's size at call time, so the layer runs at any resolution.
 *
 * hidden H > 0 adds a nonlinear term: the sample's M·C coefficients, flattened, through one
 * GELU layer of H units and back to M·U mode amplitudes, d_m += (V gelu(A vec(c) + a))_m. The
 * solution's amplitude is a nonlinear functional of the coefficient field, which a per-mode
 * linear map of the block input's projections forms only through the blocks' pointwise
 * activations (docs/gsnn.md §Resolvent filters and domain modes).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError, gridPoints, makeGrid, type BoundaryCondition } from "../core/index.js";
import { gelu, oneTensor, type LayerArgs } from "../operators/index.js";
import { filterAxes } from "./filter-axes.js";

export interface DomainModesArgs extends LayerArgs {
  lengths: number[];
  bc?: BoundaryCondition[];
  /** Cosine modes per axis (K ≥ 1). */
  modes: number;
  /** Output channels. */
  units: number;
  /** Hidden units of the nonlinear term on the flattened coefficients (0: linear only). Default 0. */
  hidden?: number;
  /** Seed of the kernel's Glorot-uniform initialiser. */
  seed?: number | null;
}

export class DomainModes extends tf.layers.Layer {
  static className = "DomainModes";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly modes: number;
  readonly units: number;
  readonly hidden: number;
  readonly seed: number | null;
  private kernel: tf.LayerVariable | null = null;
  private mlp: { a: tf.LayerVariable; bias: tf.LayerVariable; v: tf.LayerVariable } | null = null;

  constructor(args: DomainModesArgs) {
    super(args);
    this.bc = filterAxes(args.lengths, args.bc);
    if (!Number.isInteger(args.modes) || args.modes < 1) throw new InvalidArgumentError("modes", args.modes, "must be an integer >= 1");
    if (!Number.isInteger(args.units) || args.units < 1) throw new InvalidArgumentError("units", args.units, "must be an integer >= 1");
    this.lengths = [...args.lengths];
    this.modes = args.modes;
    this.units = args.units;
    this.hidden = args.hidden ?? 0;
    if (!Number.isInteger(this.hidden) || this.hidden < 0) throw new InvalidArgumentError("hidden", args.hidden, "must be an integer >= 0");
    this.seed = args.seed ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const C = s[s.length - 1];
    if (C == null) throw new InvalidArgumentError(`${this.name} input channels`, C, "must be known when the layer is built");
    const M = this.modes ** this.lengths.length;
    const glorot = (k: number) => tf.initializers.glorotUniform(this.seed === null ? {} : { seed: this.seed + k });
    this.kernel = this.addWeight("kernel", [M, C, this.units], "float32", glorot(0));
    if (this.hidden > 0)
      this.mlp = {
        a: this.addWeight("hidden_kernel", [M * C, this.hidden], "float32", glorot(1)),
        bias: this.addWeight("hidden_bias", [this.hidden], "float32", tf.initializers.zeros()),
        v: this.addWeight("out_kernel", [this.hidden, M * this.units], "float32", glorot(2)),
      };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s.slice(0, -1), this.units];
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
      const U = this.units;
      const { phi, norm } = this.basis(spatial);
      const F = tf.tensor2d(phi, [P, M]);
      // c [M, B·C] = Fᵀ x / (P·mean(φ²)); d_m = c_m W_m [M, B, U]; y = F d, back to [B, ...spatial, U].
      const xT = tf.reshape(tf.transpose(tf.reshape(x, [B, P, C]), [1, 0, 2]), [P, B * C]);
      const coef = tf.div(tf.matMul(F, xT, true, false), tf.reshape(tf.mul(tf.tensor1d(norm), P), [M, 1]));
      let d = tf.matMul(tf.reshape(coef, [M, B, C]), this.kernel!.read());
      if (this.mlp) {
        // Per sample: vec(c) [B, M·C] → gelu(A · + a) [B, H] → [B, M·U], added to d as [M, B, U].
        const flat = tf.reshape(tf.transpose(tf.reshape(coef, [M, B, C]), [1, 0, 2]), [B, M * C]);
        const z = gelu(tf.add(tf.matMul(flat, this.mlp.a.read()), this.mlp.bias.read()));
        d = tf.add(d, tf.transpose(tf.reshape(tf.matMul(z, this.mlp.v.read()), [B, M, U]), [1, 0, 2]));
      }
      const y = tf.matMul(F, tf.reshape(d, [M, B * U]));
      return tf.reshape(tf.transpose(tf.reshape(y, [P, B, U]), [1, 0, 2]), [B, ...spatial, U]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), lengths: this.lengths, bc: this.bc, modes: this.modes, units: this.units, ...(this.hidden > 0 ? { hidden: this.hidden } : {}), seed: this.seed };
  }
}

tf.serialization.registerClass(DomainModes);
