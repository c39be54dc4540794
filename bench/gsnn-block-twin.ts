/**
 * A bench-only twin of the models bench's deep GSNN (width 32, depth 4, no linear path) whose
 * blocks are one fused op each (operators' fusedHeatBlock: GELU(heat_τ(h·Wm + bm) + h·Ws), the
 * same arithmetic as the builder's mix, heat filter, skip, add and GELU layers), so
 * `npm run bench -- models --kernels [--fit] --only gsnn,gsnn-block` measures what a block layer
 * in gsnn/build-gsnn.ts would buy (docs/operators.md §Where a step's fixed cost goes). Not a
 * saved-model format: the layer is not registered for loading, and worker threads cannot rebuild it.
 */
import * as tf from "@tensorflow/tfjs";
import type { Grid } from "../core/index.js";
import { GaussianActivation, GaussianLinear, GridCoordinates } from "../gsnn/index.js";
import { fusedHeatBlock, modeClasses } from "../operators/index.js";

class HeatBlockTwin extends tf.layers.Layer {
  private wm: tf.LayerVariable | null = null;
  private bm: tf.LayerVariable | null = null;
  private logTau: tf.LayerVariable | null = null;
  private ws: tf.LayerVariable | null = null;

  constructor(
    private readonly lengths: number[],
    private readonly tau0: number,
    private readonly seed: number,
  ) {
    super({});
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const C = (inputShape as tf.Shape)[(inputShape as tf.Shape).length - 1]!;
    this.wm = this.addWeight("wm", [C, C], "float32", tf.initializers.glorotUniform({ seed: this.seed }));
    this.bm = this.addWeight("bm", [C], "float32", tf.initializers.zeros());
    this.logTau = this.addWeight("log_tau", [1, C], "float32", tf.initializers.constant({ value: Math.log(this.tau0) }));
    this.ws = this.addWeight("ws", [C, C], "float32", tf.initializers.glorotUniform({ seed: this.seed + 1 }));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const spatial = x.shape.slice(1, -1);
    const classes = spatial.map((n) => modeClasses("fourier", n!));
    const r = (v: tf.LayerVariable | null): tf.Tensor => v!.read();
    return fusedHeatBlock(x, r(this.wm) as tf.Tensor2D, r(this.bm) as tf.Tensor1D, r(this.logTau), r(this.ws) as tf.Tensor2D, this.lengths, classes, spatial.map(() => "fourier"));
  }

  static className = "HeatBlockTwin";
}

/** The twin on a periodic 1-D grid: coordinates, lift, `depth` fused blocks, the projection. */
export function buildGsnnBlockTwin(grid: Grid, width = 32, depth = 4, seed = 1): tf.LayersModel {
  const L = grid.lengths[0]!;
  const n = grid.shape[0]!;
  // One τ in the middle of the builder's range [1/k_max, 1/k_min] (a step's cost does not depend on τ).
  const tau0 = Math.sqrt((L / (Math.PI * n)) * (L / (2 * Math.PI)));
  const input = tf.input({ shape: [null, 1] });
  let h = new GridCoordinates({ lengths: [...grid.lengths], bc: [...grid.bc] }).apply(input) as tf.SymbolicTensor;
  h = new GaussianLinear({ units: width, seed }).apply(h) as tf.SymbolicTensor;
  for (let b = 0; b < depth; b++) h = new HeatBlockTwin([...grid.lengths], tau0, seed + 10 * (b + 1)).apply(h) as tf.SymbolicTensor;
  h = new GaussianActivation({ activation: "gelu" }).apply(new GaussianLinear({ units: 128, seed: seed + 100 }).apply(h) as tf.SymbolicTensor) as tf.SymbolicTensor;
  const out = new GaussianLinear({ units: 1, seed: seed + 101 }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "gsnn_block_twin" });
}
