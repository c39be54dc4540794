/**
 * Fourier Neural Operator, 1-D and 2-D (Li et al., "Fourier Neural Operator for Parametric
 * Partial Differential Equations", ICLR 2021), structured as the paper's fourier_1d.py /
 * fourier_2d.py: lifting Linear(in + d → width) on (a(x), x); `depth` Fourier layers with GELU
 * after all but the last; projection Linear(width → 128) + GELU + Linear(128 → out).
 * Non-periodic axes are padded around the Fourier layers to a period of (1 + f)·L,
 * f = `paddingFraction` (default FNO_PADDING_FRACTION = 0: exactly L, which adds the boundary
 * point an interior Dirichlet layout lacks and nothing on other layouts), so the padded domain,
 * and with it what each Fourier mode means, is the same at every resolution; the padding holds
 * the straight line from the last value back to the first by default (docs/operators.md §FNO
 * padding). The 2-D script's fixed 9 points (`padding`) changes the padded domain with the
 * resolution and breaks resolution transfer; it is kept for reproducing the script and for
 * saved models.
 * Spatial input sizes are left open (null) so a trained model evaluates on other resolutions.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, gridLayouts, requireInteger } from "../../core/index.js";
import { ChannelDense, GridCoordinates, countParameters, type GeluKind, type ModelBuilder, type ModelContext, type ModelInfo } from "../index.js";
import { DomainPad, fractionPadding, type PadFill } from "./domain-pad.js";
import { FourierLayer } from "./fourier-layer.js";

export interface FnoConfig {
  /** Channels of the Fourier layers. Default 64 (1-D) / 32 (2-D), as the paper's scripts. */
  width?: number;
  /** Modes kept per axis (one number for all axes). Default 16 (1-D) / 12 (2-D). */
  modes?: number | number[];
  /** Number of Fourier layers. Default 4. */
  depth?: number;
  /** Hidden units of the projection MLP. Default 128. */
  projectionUnits?: number;
  /** "gelu" (exact, the paper's) or "gelu_tanh" (its tanh approximation, faster on wasm). */
  activation?: GeluKind;
  /**
   * Padding of each non-periodic axis as a fraction of its length: the padded line spans
   * (1 + f)·L at every resolution. Default FNO_PADDING_FRACTION (0: a period of exactly L).
   */
  paddingFraction?: number;
  /** Fixed padding in points on every axis (the paper's 2-D script: 9); excludes paddingFraction. */
  padding?: number;
  /** What the padding holds: "zeros" (the paper's) or "bridge" (docs/operators.md §FNO padding). Default FNO_PADDING_FILL. */
  paddingFill?: PadFill;
  /** Seed for the weight initialisers (reproducible construction). */
  seed?: number;
}


/**
 * Default padding of non-periodic axes: to a period of exactly L, bridged. Measured
 * (docs/operators.md §FNO padding): padding by a further fraction lowers the error at the
 * training resolution a little but raises it at twice the resolution on Dirichlet data; leaving
 * an interior layout's boundary point out makes mode m mean 2πm(n + 1)/(nL), which drifts with n;
 * a zero in that one point is a spike whose weight in every mode halves when h does.
 */
export const FNO_PADDING_FRACTION = 0;
export const FNO_PADDING_FILL: PadFill = "bridge";

export const FNO_DEFAULTS: Record<1 | 2, Required<Omit<FnoConfig, "seed" | "padding" | "paddingFraction" | "paddingFill">>> = {
  1: { width: 64, modes: 16, depth: 4, projectionUnits: 128, activation: "gelu" },
  2: { width: 32, modes: 12, depth: 4, projectionUnits: 128, activation: "gelu" },
};

export const buildFno: ModelBuilder<FnoConfig> = (config: FnoConfig, ctx: ModelContext): tf.LayersModel => {
  const d = ctx.grid.shape.length;
  if (d !== 1 && d !== 2) throw new InvalidArgumentError("ctx.grid.shape", ctx.grid.shape, "must have 1 or 2 axes for an FNO");
  const def = FNO_DEFAULTS[d];
  const width = requireInteger("config.width", config.width ?? def.width, 1);
  const depth = requireInteger("config.depth", config.depth ?? def.depth, 1);
  const proj = requireInteger("config.projectionUnits", config.projectionUnits ?? def.projectionUnits, 1);
  const activation = config.activation ?? def.activation;
  if (activation !== "gelu" && activation !== "gelu_tanh")
    throw new InvalidArgumentError("config.activation", activation, 'must be "gelu" or "gelu_tanh"');
  const m = config.modes ?? def.modes;
  const modes = typeof m === "number" ? new Array<number>(d).fill(m) : [...m];
  if (modes.length !== d) throw new InvalidArgumentError("config.modes", m, `must be a number or have ${d} entries`);
  modes.forEach((k, a) => {
    const n = ctx.grid.shape[a]!;
    const max = a === d - 1 ? Math.floor(n / 2) + 1 : Math.floor(n / 2);
    requireInteger(`config.modes[${a}]`, k, 1, max);
  });
  requireInteger("ctx.inChannels", ctx.inChannels, 1);
  requireInteger("ctx.outChannels", ctx.outChannels, 1);
  if (config.padding !== undefined && config.paddingFraction !== undefined)
    throw new InvalidArgumentError("config.padding", config.padding, "must be left out when config.paddingFraction is given");
  const padding = config.padding === undefined ? undefined : requireInteger("config.padding", config.padding, 0);
  const frac = config.paddingFraction ?? FNO_PADDING_FRACTION;
  if (!(frac >= 0) || !Number.isFinite(frac)) throw new InvalidArgumentError("config.paddingFraction", frac, "must be a finite number >= 0");
  const fraction = ctx.grid.bc.map((b) => (b === "periodic" ? 0 : frac));
  const layout = gridLayouts(ctx.grid);
  // A fraction pads at every resolution or at none (f > 0, or the layout's missing boundary point).
  const padded = padding === undefined ? fraction.some((f, a) => fractionPadding(ctx.grid.shape[a]!, f, layout[a]) > 0) : padding > 0;
  const seed = config.seed;
  const s = (k: number) => (seed === undefined ? undefined : seed + 10 * k);

  const input = tf.input({ shape: [...new Array<null>(d).fill(null), ctx.inChannels], name: "field" });
  let h = new GridCoordinates({ lengths: [...ctx.grid.lengths], bc: [...ctx.grid.bc], layout, name: "coordinates" }).apply(input) as tf.SymbolicTensor;
  h = new ChannelDense({ units: width, seed: s(0), name: "lifting" }).apply(h) as tf.SymbolicTensor;
  const lifted = h;
  const fill = config.paddingFill ?? FNO_PADDING_FILL;
  if (fill !== "zeros" && fill !== "bridge") throw new InvalidArgumentError("config.paddingFill", fill, 'must be "zeros" or "bridge"');
  const padConfig = padding === undefined ? { fraction, layout, fill } : { padding, fill };
  if (padded) h = new DomainPad({ ...padConfig, name: "pad" }).apply(h) as tf.SymbolicTensor;
  for (let l = 0; l < depth; l++) {
    const act = l < depth - 1 ? activation : "linear";
    h = new FourierLayer({ units: width, modes, activation: act, seed: s(l + 1), name: `fourier_${l}` }).apply(h) as tf.SymbolicTensor;
  }
  if (padded) {
    const crop = new DomainPad({ ...padConfig, crop: true, name: "crop" });
    h = (padding === undefined ? crop.apply([h, lifted]) : crop.apply(h)) as tf.SymbolicTensor;
  }
  h = new ChannelDense({ units: proj, activation, seed: s(depth + 1), name: "projection_hidden" }).apply(h) as tf.SymbolicTensor;
  const out = new ChannelDense({ units: ctx.outChannels, seed: s(depth + 2), name: "projection" }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: `fno${d}d` });
};

export function fnoInfo(model: tf.LayersModel): ModelInfo {
  return { kind: "fno", parameterCount: countParameters(model), probabilistic: false, resolutionInvariant: true };
}
