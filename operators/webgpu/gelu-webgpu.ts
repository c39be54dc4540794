/**
 * The fused GELU kernels (`PdesGelu`, `PdesGeluGrad`, the op of operators/kernels/gelu.ts) for
 * the webgpu backend: one dispatch each way instead of 5 forward and 7 backward ops, each with
 * its scalar constants uploaded (docs/gpu.md §Where a webgpu training step spends its time).
 * erf is Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), as tfjs's own Erf kernels.
 */
import * as tf from "@tensorflow/tfjs";

const WG = 64;
const ERF = `
fn erf_(a: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.3275911 * abs(a));
  return sign(a) * (1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a));
}`;
// Same formulas as the reference ops in operators/layers/gelu.ts.
const C = 2 * Math.sqrt(2 / Math.PI);
const A = 0.044715;
const BODY: Record<string, string> = {
  exact: `let y = x * (0.5 * (1.0 + erf_(x * ${Math.SQRT1_2})));`,
  tanh: `let s = 1.0 / (1.0 + exp(-(x * ${C} * (1.0 + x * x * ${A}))));
    let y = x * s;`,
  exactGrad: `let cdf = 0.5 * (1.0 + erf_(x * ${Math.SQRT1_2}));
    let pdf = ${1 / Math.sqrt(2 * Math.PI)} * exp(-0.5 * x * x);
    let y = f32(DY[index]) * (cdf + x * pdf);`,
  tanhGrad: `let s = 1.0 / (1.0 + exp(-(x * ${C} * (1.0 + x * x * ${A}))));
    let y = f32(DY[index]) * (s + x * s * (1.0 - s) * ${C} * (1.0 + x * x * ${3 * A}));`,
};

interface BackendLike {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: tf.DataType): tf.TensorInfo;
}

function program(kind: keyof typeof BODY, shape: number[], inputs: string[]) {
  const n = shape.reduce((a, b) => a * b, 1);
  return {
    variableNames: inputs,
    outputShape: shape,
    shaderKey: `pdes_gelu_${kind}`,
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(n / WG), 1, 1],
    workgroupSize: [WG, 1, 1],
    size: true,
    getUserCode: () => `${ERF}
fn main(index: i32) {
  if (index < uniforms.size) {
    let x = f32(X[index]);
    ${BODY[kind]}
    setOutputAtIndex(index, y);
  }
}`,
  };
}

tf.registerKernel({
  kernelName: "PdesGelu",
  backendName: "webgpu",
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x } = inputs as unknown as { x: tf.TensorInfo };
    const kind = (attrs as unknown as { approximate: boolean }).approximate ? "tanh" : "exact";
    return (backend as unknown as BackendLike).runWebGPUProgram(program(kind, [...x.shape], ["X"]), [x], "float32");
  },
});

tf.registerKernel({
  kernelName: "PdesGeluGrad",
  backendName: "webgpu",
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const kind = (attrs as unknown as { approximate: boolean }).approximate ? "tanhGrad" : "exactGrad";
    return (backend as unknown as BackendLike).runWebGPUProgram(program(kind, [...x.shape], ["X", "DY"]), [x, dy], "float32");
  },
});

/** Whether the fused GELU runs on the active backend through these kernels. */
export function webgpuGeluAvailable(): boolean {
  return tf.getBackend() === "webgpu";
}
