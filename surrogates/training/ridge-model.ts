/**
 * The ridge baseline is fitted in closed form on the normalised training split (operators'
 * fitRidgeModel, Float64 Cholesky), never by gradient descent.
 */
import type * as tf from "@tensorflow/tfjs";
import { type ModelContext } from "../../operators/index.js";
import { fitRidgeModel } from "../../operators/baselines.js";
import type { PreparedData } from "./prepare.js";

export function fitRidgeOnTrain(prep: PreparedData, ctx: ModelContext, lambda: number): tf.LayersModel {
  const n = prep.train.length;
  const x = new Float32Array(n * prep.sampleIn);
  const y = new Float32Array(n * prep.sampleOut);
  prep.train.forEach((i, r) => {
    x.set(prep.x.subarray(i * prep.sampleIn, (i + 1) * prep.sampleIn), r * prep.sampleIn);
    y.set(prep.y.subarray(i * prep.sampleOut, (i + 1) * prep.sampleOut), r * prep.sampleOut);
  });
  const spatial = [...ctx.grid.shape];
  return fitRidgeModel({ data: x, shape: [n, ...spatial, ctx.inChannels] }, { data: y, shape: [n, ...spatial, ctx.outChannels] }, { lambda }, ctx).model;
}
