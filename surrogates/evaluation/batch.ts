/**
 * The array layout every metric reads: a contiguous, channels-last batch `[N, ...spatial, C]`
 * (C order), Float64 or Float32. Metrics accumulate in Float64 whatever the storage type.
 */
import { InvalidArgumentError, ShapeMismatchError, requireAllFinite } from "../../core/index.js";

export interface BatchArray {
  readonly data: Float64Array | Float32Array;
  /** `[N, ...spatial, C]`: N samples, 1–3 spatial axes, C channels. */
  readonly shape: readonly number[];
}

/** Sizes derived from a batch shape. */
export interface BatchLayout {
  n: number;
  spatial: number[];
  channels: number;
  /** Points per sample (product of the spatial sizes). */
  points: number;
  /** Values per sample (points × channels). */
  sampleSize: number;
}

export function batchLayout(shape: readonly number[]): BatchLayout {
  const n = shape[0]!;
  const spatial = shape.slice(1, -1);
  const channels = shape[shape.length - 1]!;
  const points = spatial.reduce((a, b) => a * b, 1);
  return { n, spatial, channels, points, sampleSize: points * channels };
}

/** Validate one batch: shape `[N, ...spatial, C]` with 1–3 spatial axes, length, finiteness. */
export function requireBatch(name: string, b: BatchArray): BatchLayout {
  if (typeof b !== "object" || b === null || !(b.data instanceof Float64Array || b.data instanceof Float32Array))
    throw new InvalidArgumentError(`${name}.data`, b?.data === undefined ? b : typeof b.data, "must be a Float64Array or Float32Array");
  const shape = b.shape;
  if (!Array.isArray(shape) || shape.length < 3 || shape.length > 5)
    throw new InvalidArgumentError(`${name}.shape`, shape, "must be [N, ...spatial (1 to 3 axes), C]");
  shape.forEach((s, a) => {
    if (!Number.isInteger(s) || s < 1) throw new InvalidArgumentError(`${name}.shape[${a}]`, s, "must be an integer >= 1");
  });
  const size = shape.reduce((x, y) => x * y, 1);
  if (b.data.length !== size) throw new ShapeMismatchError(`${name}.data`, b.data.length, `length ${size} for shape [${shape.join(", ")}]`);
  requireAllFinite(name, b.data);
  return batchLayout(shape);
}

/** Validate a (prediction, target) pair: both valid batches of identical shape. */
export function requireBatchPair(pred: BatchArray, target: BatchArray, predName = "pred", targetName = "target"): BatchLayout {
  const lt = requireBatch(targetName, target);
  requireBatch(predName, pred);
  if (pred.shape.length !== target.shape.length || pred.shape.some((s, a) => s !== target.shape[a]))
    throw new ShapeMismatchError(predName, pred.shape, target.shape);
  return lt;
}
