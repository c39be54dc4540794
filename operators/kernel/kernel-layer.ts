/**
 * The kernel operator as a tfjs layer: `[batch, ...spatial, C_in]` → `[batch, ...spatial, C_out]`
 * (means) or `2·C_out` channels (means, then variances) when probabilistic. The fit lives in the
 * layer config (fit-json.ts), so the model saves and loads in the TF.js layers format with no
 * weights. The prediction runs in Float64 on the CPU (predict-kernel-operator.ts): the posterior
 * mean of a long-length-scale GP is a sum of large terms of both signs, which float32 cannot
 * carry. So the layer reads its input synchronously (dataSync) and has no gradient: it is
 * fitted in closed form, never trained.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeMismatchError, UnsupportedError } from "../../core/index.js";
import { kernelFitFromJson, kernelFitToJson, type KernelFitJson } from "./fit-json.js";
import type { KernelOperatorFit } from "./fit-kernel-operator.js";
import { predictKernelOperator } from "./predict-kernel-operator.js";

export interface KernelOperatorLayerArgs {
  fit: KernelOperatorFit | KernelFitJson;
  /** Output channels per grid point. */
  outChannels: number;
  probabilistic?: boolean;
  name?: string;
}

export class KernelOperatorLayer extends tf.layers.Layer {
  static className = "PdesKernelOperator";
  readonly fit: KernelOperatorFit;
  readonly outChannels: number;
  readonly probabilistic: boolean;

  constructor(args: KernelOperatorLayerArgs) {
    super({ name: args.name, trainable: false });
    this.fit = "alpha" in args.fit && args.fit.alpha instanceof Float64Array ? (args.fit as KernelOperatorFit) : kernelFitFromJson(args.fit as KernelFitJson);
    this.outChannels = args.outChannels;
    this.probabilistic = args.probabilistic ?? true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s.slice(0, -1), (this.probabilistic ? 2 : 1) * this.outChannels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    // webgpu in Node has no synchronous read-back (docs/gpu.md): say so instead of failing inside tfjs.
    if (tf.getBackend() === "webgpu") throw new UnsupportedError("the kernel operator predicts in Float64 on the CPU and needs a backend with synchronous reads (cpu, wasm, tfjs-node); webgpu has none");
    const n = x.shape[0]!;
    const per = x.size / Math.max(n, 1);
    if (per !== this.fit.inFeatures) throw new ShapeMismatchError("input", x.shape, `[batch, …] with ${this.fit.inFeatures} values per sample`);
    const C = this.outChannels;
    const points = this.fit.outFeatures / C;
    const pr = predictKernelOperator(this.fit, x.dataSync(), n, { variance: this.probabilistic });
    const shape = [...x.shape.slice(0, -1), (this.probabilistic ? 2 : 1) * C];
    if (!this.probabilistic) return tf.tensor(Float32Array.from(pr.mean), shape, "float32");
    // Per grid point: the C means, then the C variances (operators/model.ts).
    const out = new Float32Array(2 * pr.mean.length);
    for (let i = 0; i < n * points; i++)
      for (let c = 0; c < C; c++) {
        out[i * 2 * C + c] = pr.mean[i * C + c]!;
        out[i * 2 * C + C + c] = pr.variance![i * C + c]!;
      }
    return tf.tensor(out, shape, "float32");
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), fit: kernelFitToJson(this.fit) as tf.serialization.ConfigDict, outChannels: this.outChannels, probabilistic: this.probabilistic };
  }
}
tf.serialization.registerClass(KernelOperatorLayer);
