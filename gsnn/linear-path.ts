/**
 * LinearSpectralPath: y_o = Σ_i Σ_j a_jio e^{t_j Δ} x_i, a heat-filter bank applied directly to
 * the model input and added to the deep part's output (docs/gsnn.md §Linear spectral path). Heat and Poisson solution
 * operators are Fourier multipliers: exp(−κT|k|²) is one term of the bank, and
 * 1/|k|² = ∫₀^∞ exp(−t|k|²) dt is approximated by a log-spaced bank. The times t_j = τ_j² are a
 * non-trainable weight (saved with the model, changed only by fitLinearPath); the weights a
 * enter linearly and are fitted in closed form by least squares (gsnn/fit-linear-path.ts),
 * never left to Adam alone (it plateaus: docs/gsnn.md §Linear spectral path).
 *
 * Probabilistic mode: input `[..., 2·Cin]` (means then variances), output `[..., 2·Cout]`; the
 * variance goes through the squared kernel of each (i, o) multiplier (periodic axes only).
 */
import * as tf from "@tensorflow/tfjs";
import { BOUNDARY_CONDITIONS, InvalidArgumentError, type BoundaryCondition } from "../core/index.js";
import { spectralFilter, type SpectralTransform, joinMoments, lastDim, oneTensor, splitMoments, type LayerArgs } from "../operators/index.js";
import { fullTransform, squaredKernelMultiplier, wavenumbersSquaredTensor } from "./squared-kernel.js";

export interface LinearSpectralPathArgs extends LayerArgs {
  lengths: number[];
  bc: BoundaryCondition[];
  outChannels: number;
  /** Initial diffusion times t_j = τ_j², one per bank entry (log-spaced by the builder). */
  times: number[];
  probabilistic?: boolean;
  /**
   * Let gradient descent move the weights a too. Default false: they are set by fitLinearPath
   * only (Adam on a nearly collinear bank undoes a least-squares fit within one epoch).
   */
  trainableCoeffs?: boolean;
}

export class LinearSpectralPath extends tf.layers.Layer {
  static className = "LinearSpectralPath";
  readonly lengths: number[];
  readonly bc: BoundaryCondition[];
  readonly outChannels: number;
  readonly initialTimes: number[];
  readonly probabilistic: boolean;
  readonly trainableCoeffs: boolean;
  inChannels = 0;
  private times: tf.LayerVariable | null = null;
  private coeffs: tf.LayerVariable | null = null;

  constructor(args: LinearSpectralPathArgs) {
    super(args);
    if (!Array.isArray(args.lengths) || args.lengths.some((L) => !(L > 0) || !Number.isFinite(L)))
      throw new InvalidArgumentError("lengths", args.lengths, "must be an array of finite numbers > 0");
    if (!Array.isArray(args.bc) || args.bc.length !== args.lengths.length || args.bc.some((b) => !BOUNDARY_CONDITIONS.includes(b)))
      throw new InvalidArgumentError("bc", args.bc, "must give one boundary condition per axis of lengths");
    if (!Number.isInteger(args.outChannels) || args.outChannels < 1)
      throw new InvalidArgumentError("outChannels", args.outChannels, "must be an integer >= 1");
    if (!Array.isArray(args.times) || args.times.length < 1 || args.times.some((t) => !(t > 0) || !Number.isFinite(t)))
      throw new InvalidArgumentError("times", args.times, "must be a non-empty array of finite numbers > 0");
    this.lengths = [...args.lengths];
    this.bc = [...args.bc];
    this.outChannels = args.outChannels;
    this.initialTimes = [...args.times];
    this.probabilistic = args.probabilistic ?? false;
    this.trainableCoeffs = args.trainableCoeffs ?? false;
  }

  get bankSize(): number {
    return this.initialTimes.length;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const c = lastDim(inputShape, this.name);
    this.inChannels = this.probabilistic ? c / 2 : c;
    const J = this.bankSize;
    this.times = this.addWeight("times", [J], "float32", tf.initializers.zeros(), undefined, false);
    const t0 = tf.tensor1d(this.initialTimes);
    this.times.write(t0);
    t0.dispose();
    this.coeffs = this.addWeight(
      "coeffs",
      [J, this.inChannels, this.outChannels],
      "float32",
      tf.initializers.zeros(),
      undefined,
      this.trainableCoeffs,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s.slice(0, -1), this.probabilistic ? 2 * this.outChannels : this.outChannels];
  }

  /** Current bank times t_j and weights a `[J, Cin, Cout]` (copies). */
  bank(): { times: Float32Array; coeffs: Float32Array } {
    return {
      times: this.times!.read().dataSync().slice() as Float32Array,
      coeffs: this.coeffs!.read().dataSync().slice() as Float32Array,
    };
  }

  /** `bank()` read asynchronously (GPU backends). */
  async readBank(): Promise<{ times: Float32Array; coeffs: Float32Array }> {
    const [times, coeffs] = await Promise.all([this.times!.read().data(), this.coeffs!.read().data()]);
    return { times: (times as Float32Array).slice(), coeffs: (coeffs as Float32Array).slice() };
  }

  /** Replaces the bank (fitLinearPath); lengths must match the bank and channel counts. */
  setBank(times: ArrayLike<number>, coeffs: ArrayLike<number>): void {
    const J = this.bankSize;
    if (times.length !== J) throw new InvalidArgumentError("times", times.length, `must have length ${J}`);
    if (coeffs.length !== J * this.inChannels * this.outChannels)
      throw new InvalidArgumentError("coeffs", coeffs.length, `must have length ${J * this.inChannels * this.outChannels}`);
    tf.tidy(() => {
      this.times!.write(tf.tensor1d(Float32Array.from(times)));
      this.coeffs!.write(tf.tensor3d(Float32Array.from(coeffs), [J, this.inChannels, this.outChannels]));
    });
  }

  /** Multiplier per (i, o) pair: `[...modeShape, Cin·Cout]` (i-major). */
  private multiplier(t: SpectralTransform): tf.Tensor {
    const k2 = wavenumbersSquaredTensor(t, this.lengths); // [...modes, 1]
    const J = this.bankSize;
    const g = tf.exp(tf.neg(tf.mul(k2, this.times!.read()))); // [...modes, J]
    const flat = tf.reshape(g, [-1, J]);
    const a = tf.reshape(this.coeffs!.read(), [J, this.inChannels * this.outChannels]);
    return tf.reshape(tf.matMul(flat, a), [...t.modeShape, this.inChannels * this.outChannels]);
  }

  /** Σ_i filter_{io}(x_i) for every o, with multipliers `m` `[...modes, Cin·Cout]`. */
  private filterPairs(x: tf.Tensor, m: tf.Tensor, t: SpectralTransform): tf.Tensor {
    const Cin = this.inChannels;
    const Co = this.outChannels;
    // Repeat each input channel Cout times (i-major), filter all pairs at once, sum over i.
    const rep = tf.reshape(tf.tile(tf.expandDims(x, -1), [...x.shape.map(() => 1), Co]), [...x.shape.slice(0, -1), Cin * Co]);
    const y = spectralFilter(rep, m, t);
    return tf.sum(tf.reshape(y, [...x.shape.slice(0, -1), Cin, Co]), -2);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const t = fullTransform(x.shape.slice(1, -1), this.bc);
      const m = this.multiplier(t);
      if (!this.probabilistic) return this.filterPairs(x, m, t);
      const { mean, variance } = splitMoments(x);
      return joinMoments(this.filterPairs(mean, m, t), this.filterPairs(variance, squaredKernelMultiplier(m, t), t));
    });
  }

  /**
   * The bank's features e^{t_j Δ} x_i for input means `x` `[B, ...spatial, Cin]`, as
   * `[B, ...spatial, J·Cin]` (j-major), optionally with `times` in place of the layer's own.
   */
  features(x: tf.Tensor, times?: ArrayLike<number>): tf.Tensor {
    return tf.tidy(() => {
      const t = fullTransform(x.shape.slice(1, -1), this.bc);
      const k2 = wavenumbersSquaredTensor(t, this.lengths);
      const tt = times ? tf.tensor1d(Float32Array.from(times)) : this.times!.read();
      const J = tt.shape[0]!;
      const Cin = x.shape[x.rank - 1]!;
      const g = tf.exp(tf.neg(tf.mul(k2, tt))); // [...modes, J]
      const m = tf.reshape(tf.tile(tf.expandDims(g, -1), [...g.shape.map(() => 1), Cin]), [...t.modeShape, J * Cin]);
      return spectralFilter(tf.tile(x, [...x.shape.slice(0, -1).map(() => 1), J]), m, t);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      lengths: this.lengths,
      bc: this.bc,
      outChannels: this.outChannels,
      times: this.initialTimes,
      probabilistic: this.probabilistic,
      trainableCoeffs: this.trainableCoeffs,
    };
  }
}
tf.serialization.registerClass(LinearSpectralPath);
