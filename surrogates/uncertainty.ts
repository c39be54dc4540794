/**
 * How a Surrogate's predictive variance is computed (docs/gsnn.md §Uncertainty):
 * - "linearized": input noise propagated by the model's Jacobian, Var y = diag(J Σ Jᵀ)
 *   (covariance-aware; gsnn's linearizedVariance), plus the model's own variance at zero input
 *   noise (a GSNN's injected s², a GP's posterior variance; none for a deterministic model),
 *   plus an optional model-error variance. Matches Monte Carlo to first order in the noise.
 * - "moments": the probabilistic model's own variance output (for a GSNN the layer-by-layer
 *   mean-field moments, off 2–5× end to end because each layer assumes independent inputs).
 * Default: "linearized" when there is input noise to propagate (given in the call, or the
 * GSNN's configured inputVariance > 0), else "moments".
 */
import type * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, UnsupportedError, type Grid } from "../core/index.js";
import type { ChannelStats } from "../datasets/index.js";

export const UNCERTAINTY_METHODS = ["linearized", "moments"] as const;
export type UncertaintyMethod = (typeof UNCERTAINTY_METHODS)[number];

export interface UncertaintyOptions {
  method?: UncertaintyMethod;
  /**
   * Pointwise variance of the Gaussian input noise in physical units (one number, or one per
   * input channel); "linearized" only. Default: the GSNN's configured inputVariance (normalised units).
   */
  inputVariance?: number | readonly number[];
  /** Gaussian correlation length of the input noise (physical units; periodic grids; "linearized"). Default: white noise. */
  correlationLength?: number;
  /** Variance added to every output value, physical units (one number, or one per output channel): e.g. the model error measured on validation data. */
  modelVariance?: number | readonly number[];
  /** Gradient rows per backward pass of "linearized" (default 64). */
  chunk?: number;
  /**
   * "linearized" from the input's Fourier modes up to this one only, by central secants at ±σ
   * (white noise, one spatial axis; gsnn's linearizedVarianceModes): 2(2M + 1) forward passes per
   * sample and input channel instead of one backward pass per output value. Default: exact gradients.
   */
  inputModes?: number;
}

export interface ResolvedUncertainty {
  method: UncertaintyMethod;
  /** Input-noise variance per input channel in normalised units ("linearized"). */
  normalizedInputVariance: number[];
  correlationLength: number | undefined;
  /** Per output channel, physical units. */
  modelVariance: number[];
  chunk: number | undefined;
  inputModes: number | undefined;
}

const perChannel = (name: string, v: number | readonly number[], c: number): number[] => {
  const a = typeof v === "number" ? new Array<number>(c).fill(v) : Array.isArray(v) ? [...(v as number[])] : [];
  if (a.length !== c || a.some((q) => typeof q !== "number" || !(q >= 0) || !Number.isFinite(q)))
    throw new InvalidArgumentError(name, v, `must be a finite number >= 0 or ${c} of them (one per channel)`);
  return a;
};

/** Validate the options against the model and fill in the defaults. */
export function resolveUncertainty(
  opts: UncertaintyOptions,
  m: { kind: string; probabilistic: boolean; modelConfig: Record<string, unknown>; grid: Grid; inChannels: number; outChannels: number; input: ChannelStats },
): ResolvedUncertainty {
  if (opts === null || typeof opts !== "object") throw new InvalidArgumentError("options", opts, "must be an object");
  const configured = m.kind === "gsnn" && m.probabilistic && typeof m.modelConfig.inputVariance === "number" ? m.modelConfig.inputVariance : 0;
  const given = opts.inputVariance !== undefined;
  const method = opts.method ?? (given || configured > 0 ? "linearized" : "moments");
  if (!UNCERTAINTY_METHODS.includes(method)) throw new InvalidArgumentError("method", method, `must be one of ${UNCERTAINTY_METHODS.join(", ")}`);
  const modelVariance = opts.modelVariance === undefined ? new Array<number>(m.outChannels).fill(0) : perChannel("modelVariance", opts.modelVariance, m.outChannels);
  if (opts.chunk !== undefined && (!Number.isInteger(opts.chunk) || opts.chunk < 1)) throw new InvalidArgumentError("chunk", opts.chunk, "must be an integer >= 1");
  if (opts.inputModes !== undefined) {
    if (!Number.isInteger(opts.inputModes) || opts.inputModes < 0) throw new InvalidArgumentError("inputModes", opts.inputModes, "must be an integer >= 0");
    if (m.grid.shape.length !== 1) throw new InvalidArgumentError("inputModes", opts.inputModes, "needs a grid with one spatial axis");
    if (opts.correlationLength !== undefined) throw new InvalidArgumentError("inputModes", opts.inputModes, "is for white noise: leave correlationLength out");
  }
  if (opts.correlationLength !== undefined) {
    if (!(opts.correlationLength > 0) || !Number.isFinite(opts.correlationLength))
      throw new InvalidArgumentError("correlationLength", opts.correlationLength, "must be a finite number > 0");
    if (m.grid.bc.some((b) => b !== "periodic"))
      throw new InvalidArgumentError("correlationLength", opts.correlationLength, "needs a periodic grid (stationary noise is diagonal in Fourier there)");
  }
  if (method === "moments") {
    if (given || opts.correlationLength !== undefined)
      throw new InvalidArgumentError("method", method, "uses the noise the model was built with: inputVariance and correlationLength go with \"linearized\"");
    if (!m.probabilistic) throw new UnsupportedError(`a ${m.kind} model is deterministic: it has no variance output (use predict, or method "linearized" with an inputVariance)`);
    if (opts.inputModes !== undefined) throw new InvalidArgumentError("method", method, "inputModes goes with \"linearized\"");
    return { method, normalizedInputVariance: [], correlationLength: undefined, modelVariance, chunk: opts.chunk, inputModes: undefined };
  }
  const normalizedInputVariance = given
    ? perChannel("inputVariance", opts.inputVariance!, m.inChannels).map((v, c) => v / m.input.std[c]! ** 2)
    : new Array<number>(m.inChannels).fill(configured);
  if (!m.probabilistic && !given)
    throw new UnsupportedError(`a ${m.kind} model is deterministic: it has no variance output (use predict, or method "linearized" with an inputVariance)`);
  return { method, normalizedInputVariance, correlationLength: opts.correlationLength, modelVariance, chunk: opts.chunk, inputModes: opts.inputModes };
}

/** The models the linearised path needs, per resolution: the network to differentiate, and one for the own variance. */
export interface LinearizedModels {
  /** Differentiated: its first outChannels outputs are the means. */
  jacobian: tf.LayersModel;
  /** Its variance channels are the model's own variance at zero input noise ("self": the model's output); null when that is 0. */
  ownVariance: tf.LayersModel | "self" | null;
}
