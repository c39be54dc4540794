/**
 * refitDeepOnetBranch: a least-squares refit of a trained DeepONet's last branch layer (one output
 * channel), the way an RBF network's readout is refitted after gradient steps (docs/operators.md
 * §DeepONet). With the branch's hidden features h(u_i) and the trunk's features t_k(y_p) fixed,
 * the prediction Σ_k b_k(u_i) t_k(y_p) + β is linear in that layer's kernel and bias, and its
 * design is a Kronecker product, so the least-squares optimum is two small Float64 solves: the
 * trunk coefficients of each target, C = (Y − β)Tᵀ(TTᵀ)⁻¹, then a ridge regression (with
 * intercept) of C on h. Gradient training approaches that optimum slowly; the features stay the
 * ones training learned.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../../core/index.js";
import { choleskySolveInPlace, choleskyWithJitter, ridgeQr } from "../float64/index.js";
import { DeepOnetHead } from "./deeponet.js";

// Asynchronous reads: tfjs-webgpu under Node has no synchronous read-back.
async function read(f: () => tf.Tensor): Promise<Float32Array> {
  const t = tf.tidy(f);
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

/**
 * Refit in place the `branch_out` layer of a one-channel model from `buildDeepOnet`.
 * @param x training inputs [N, ...spatial, C] as the model takes them
 * @param y training targets [N, P] (or [N, ...spatial, 1]) at `points`
 * @param points the trunk's query points [P, d] of the targets (the sensor grid for grid targets)
 * @param lambda ridge penalty of the second solve (default 1e-8)
 */
export async function refitDeepOnetBranch(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, points: tf.Tensor2D, lambda = 1e-8): Promise<void> {
  let head: tf.layers.Layer;
  try {
    head = model.getLayer("head");
  } catch {
    throw new InvalidArgumentError("model", model.name, "must be a model from buildDeepOnet (no layer named head)");
  }
  if (!(head instanceof DeepOnetHead)) throw new InvalidArgumentError("model", model.name, "must be a model from buildDeepOnet");
  if (head.cfg.outChannels !== 1) throw new InvalidArgumentError("model", head.cfg.outChannels, "must have one output channel (outChannels = 1)");
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new InvalidArgumentError("lambda", lambda, "must be a finite number >= 0");
  const out = model.getLayer("branch_out");
  const p = head.cfg.trunkUnits.at(-1)!;
  const N = x.shape[0]!;
  const P = points.shape[0];
  if (y.shape[0] !== N || y.size !== N * P)
    throw new ShapeMismatchError("y", y.shape, `${N} samples of ${P} values (one per point)`);
  const beta = (await head.getWeights().at(-1)!.data())[0]!;
  // Rows of T are the trunk features at the points: the head evaluated with identity coefficients.
  const T = await read(() => tf.sub(head.evaluateAt(tf.eye(p) as tf.Tensor2D, points), beta));
  const hidden = tf.model({ inputs: model.inputs, outputs: out.input as tf.SymbolicTensor });
  const H = Float64Array.from(await read(() => hidden.predict(x) as tf.Tensor));
  const Y = await y.data();
  const S = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      let v = 0;
      for (let j = 0; j < P; j++) v += T[a * P + j]! * T[b * P + j]!;
      S[a * p + b] = v;
    }
  const R = new Float64Array(p * N);
  for (let a = 0; a < p; a++)
    for (let i = 0; i < N; i++) {
      let v = 0;
      for (let j = 0; j < P; j++) v += T[a * P + j]! * (Y[i * P + j]! - beta);
      R[a * N + i] = v;
    }
  const Z = choleskySolveInPlace(choleskyWithJitter(S, p).L, p, R, N);
  const C = new Float64Array(N * p);
  for (let a = 0; a < p; a++) for (let i = 0; i < N; i++) C[i * p + a] = Z[a * N + i]!;
  const r = ridgeQr(H, N, H.length / N, C, p, lambda);
  tf.tidy(() => out.setWeights([tf.tensor2d(Float32Array.from(r.weights), [H.length / N, p]), tf.tensor1d(Float32Array.from(r.bias))]));
}
