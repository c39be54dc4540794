/**
 * GaussianLinear: pointwise channel mixing of (mean, variance) pairs. For inputs independent
 * across channels, μ' = Wμ + b and σ'² = (W∘W)σ² exactly (docs/conventions.md §GSNN). In
 * deterministic mode only the mean path exists (a 1×1 convolution / Dense on the last axis).
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../core/index.js";
import { joinMoments, lastDim, linearNd, oneTensor, splitMoments, type LayerArgs } from "../operators/index.js";

export type KernelInit = "glorotUniform" | "zeros";

export interface GaussianLinearArgs extends LayerArgs {
  units: number;
  /** Inputs and outputs carry means then variances (2·C channels). Default false. */
  probabilistic?: boolean;
  useBias?: boolean;
  kernelInitializer?: KernelInit;
  /** Seed of the kernel initializer (reproducible models). */
  seed?: number | null;
}

export class GaussianLinear extends tf.layers.Layer {
  static className = "GaussianLinear";
  readonly units: number;
  readonly probabilistic: boolean;
  readonly useBias: boolean;
  readonly kernelInitializer: KernelInit;
  readonly seed: number | null;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GaussianLinearArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) throw new InvalidArgumentError("units", args.units, "must be an integer >= 1");
    this.units = args.units;
    this.probabilistic = args.probabilistic ?? false;
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? "glorotUniform";
    this.seed = args.seed ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const c = lastDim(inputShape, this.name);
    const cin = this.probabilistic ? c / 2 : c;
    if (!Number.isInteger(cin)) throw new InvalidArgumentError(`${this.name} input channels`, c, "must be even (means then variances)");
    const init =
      this.kernelInitializer === "zeros"
        ? tf.initializers.zeros()
        : tf.initializers.glorotUniform(this.seed === null ? {} : { seed: this.seed });
    this.kernel = this.addWeight("kernel", [cin, this.units], "float32", init);
    if (this.useBias) this.bias = this.addWeight("bias", [this.units], "float32", tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s.slice(0, -1), this.probabilistic ? 2 * this.units : this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs);
      const w = this.kernel!.read();
      // linearNd: one fused kernel per direction on wasm/cpu, gradients that avoid tfjs-wasm's
      // slow transposed products elsewhere (operators/layers/fast-matmul.ts), bias fused.
      const mix = (t: tf.Tensor, k: tf.Tensor, bias?: tf.Tensor): tf.Tensor => linearNd(t, k as tf.Tensor2D, bias as tf.Tensor1D | undefined);
      const bias = this.bias?.read();
      if (!this.probabilistic) return mix(x, w, bias);
      const { mean, variance } = splitMoments(x);
      return joinMoments(mix(mean, w, bias), mix(variance, tf.square(w)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      probabilistic: this.probabilistic,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      seed: this.seed,
    };
  }
}
tf.serialization.registerClass(GaussianLinear);
