// The check of webgpu-models.grad.test.ts, run in webgpu-checks-child.ts (SwiftShader environment):
// every model kind's forward pass and weight gradients on webgpu against the cpu backend, same
// weights, same input. Per model: the relative errors and the webgpu counters of one forward +
// backward pass.
import * as tf from "@tensorflow/tfjs";
import { attachWebGpuCounter, makeGrid, Rng, selectBackend, type Grid } from "../../core/index.js";
import { spectralTransform } from "../../operators/index.js";
import { buildSeeded } from "../model-registry.js";

type Kind = "fno" | "gsnn" | "mlp" | "deeponet";
const g1 = makeGrid({ shape: [16] });
const g2 = makeGrid({ shape: [8, 8], bc: "dirichlet" });
const CASES: Array<{ name: string; kind: Kind; grid: Grid; config: Record<string, unknown> }> = [
  { name: "fno-1d", kind: "fno", grid: g1, config: { width: 6, modes: 4, depth: 2, projectionUnits: 8 } },
  { name: "fno-2d", kind: "fno", grid: g2, config: { width: 4, modes: 2, depth: 1, projectionUnits: 8, padding: 1 } },
  { name: "gsnn", kind: "gsnn", grid: g1, config: { width: 6, depth: 2, projectionWidth: 8, linearPathTaus: 3 } },
  { name: "gsnn-probabilistic", kind: "gsnn", grid: g1, config: { width: 6, depth: 1, projectionWidth: 8, linearPathTaus: 0, probabilistic: true, inputVariance: 0.01, injection: "learned" } },
  { name: "mlp", kind: "mlp", grid: g1, config: { hidden: [12, 12] } },
  { name: "deeponet", kind: "deeponet", grid: g1, config: { branchHidden: [12], trunkHidden: [12, 12], latent: 12 } },
];
// The 2-D FNO at 2 modes and padding 1: its batched spectral products (8 mode pairs) and its
// 3 × 9 × 9 rows stay on tfjs's small matMul programs; at 3 modes / padding 2 tfjs picked the tiled
// one, whose SwiftShader compile cost 0.2–1.0 s of CPU per variant (2.8 s of the case's 3.0 s).
// The probabilistic GSNN at depth 1: the same 64 shader programs as at depth 2 (its second layer
// repeats the first's kernels) and a third fewer dispatches, each of which costs CPU on SwiftShader.

function randn(n: number, seed: number, scale = 1): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => scale * r.normal());
}

/** Forward output and gradients of Σ out·w for the model's trainable weights, read asynchronously. */
async function run(model: tf.LayersModel, x: Float32Array, w: Float32Array, shape: number[]): Promise<{ out: Float32Array; grads: Float32Array[] }> {
  const xt = tf.tensor(x, shape);
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const out = model.apply(xt, { training: true }) as tf.Tensor;
    return tf.sum(tf.mul(out, tf.tensor(w, out.shape))) as tf.Scalar;
  }, vars);
  const outT = model.apply(xt) as tf.Tensor;
  const out = (await outT.data()) as Float32Array;
  const g = await Promise.all(vars.map(async (v) => (await grads[v.name]!.data()) as Float32Array));
  tf.dispose([xt, value, outT, ...Object.values(grads)]);
  return { out, grads: g };
}

function relErr(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return den === 0 ? (num === 0 ? 0 : Infinity) : Math.sqrt(num / den);
}

/** Per model kind (the names in CASES): forward and gradient errors against cpu, and the pass's counters. */
export async function modelsCheck(): Promise<{ spectralImplementation: string; results: Record<string, unknown> }> {
  const results: Record<string, unknown> = {};
  await selectBackend("webgpu", { quiet: true });
  const impl = spectralTransform({ spatialShape: [64], modes: [20] }).implementation;
  for (const c of CASES) {
    await selectBackend("cpu", { quiet: true });
    const model = buildSeeded(c.kind, c.config, { grid: c.grid, inChannels: 1, outChannels: 1 }, 5);
    // Weights that start at zero (the GSNN's gated projection) would make upstream gradients
    // vanish on both backends alike: give them small random values.
    model.setWeights(
      model.getWeights().map((t, i) => {
        const v = t.dataSync();
        return v.every((e) => e === 0) ? tf.tensor(randn(v.length, 100 + i, 0.2), t.shape) : t;
      }),
    );
    const B = 3;
    const inShape = [B, ...c.grid.shape, 1];
    const x = randn(inShape.reduce((p, q) => p * q, 1), 11);
    const outShape = (model.outputs[0]!.shape.slice(1) as number[]).map((n, a) => n ?? c.grid.shape[a]!);
    const w = randn(B * outShape.reduce((p, q) => p * q, 1), 12);
    const ref = await run(model, x, w, inShape);
    await selectBackend("webgpu", { quiet: true });
    // One pass, counted with its shader compiles: the checks (agreement, no synchronous read, some
    // dispatches) hold on the first pass, and a warm-up pass cost a quarter of the child's CPU.
    const ctr = attachWebGpuCounter();
    const gpu = await run(model, x, w, inShape);
    const counts = ctr.snapshot();
    ctr.detach();
    const gradErr = gpu.grads.map((g, i) => relErr(g, ref.grads[i]!));
    results[c.name] = { forward: relErr(gpu.out, ref.out), gradMax: Math.max(...gradErr), grads: gradErr.length, counts };
    model.dispose();
  }
  return { spectralImplementation: impl, results };
}
