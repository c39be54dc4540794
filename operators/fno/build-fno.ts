/**
 * Fourier Neural Operator, 1-D and 2-D (Li et al., "Fourier Neural Operator for Parametric
 * Partial Differential Equations", ICLR 2021), structured as the paper's fourier_1d.py /
 * fourier_2d.py: lifting Linear(in + d → width) on (a(x), x); `depth` Fourier layers with GELU
 * after all but the last; projection Linear(width → 128) + GELU + Linear(128 → out).
 * The 2-D script's zero padding for non-periodic domains is `padding` (default: 9 points per
 * axis in 2-D when an axis is not periodic, else 0; the 1-D script leaves it off).
 * Spatial input sizes are left open (null) so a trained model evaluates on other resolutions.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, requireInteger } from "../../core/index.js";
import { ChannelDense, GridCoordinates, countParameters, type GeluKind, type ModelBuilder, type ModelContext, type ModelInfo } from "../index.js";
import { DomainPad } from "./domain-pad.js";
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
  /** Zero padding per spatial axis around the Fourier layers (see the module comment). */
  padding?: number;
  /** Seed for the weight initialisers (reproducible construction). */
  seed?: number;
}

export const FNO_DEFAULTS: Record<1 | 2, Required<Omit<FnoConfig, "seed" | "padding">>> = {
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
  const padding = requireInteger(
    "config.padding",
    config.padding ?? (d === 2 && ctx.grid.bc.some((b) => b !== "periodic") ? 9 : 0),
    0,
  );
  const seed = config.seed;
  const s = (k: number) => (seed === undefined ? undefined : seed + 10 * k);

  const input = tf.input({ shape: [...new Array<null>(d).fill(null), ctx.inChannels], name: "field" });
  let h = new GridCoordinates({ lengths: [...ctx.grid.lengths], bc: [...ctx.grid.bc], name: "coordinates" }).apply(input) as tf.SymbolicTensor;
  h = new ChannelDense({ units: width, seed: s(0), name: "lifting" }).apply(h) as tf.SymbolicTensor;
  if (padding > 0) h = new DomainPad({ padding, name: "pad" }).apply(h) as tf.SymbolicTensor;
  for (let l = 0; l < depth; l++) {
    const act = l < depth - 1 ? activation : "linear";
    h = new FourierLayer({ units: width, modes, activation: act, seed: s(l + 1), name: `fourier_${l}` }).apply(h) as tf.SymbolicTensor;
  }
  if (padding > 0) h = new DomainPad({ padding, crop: true, name: "crop" }).apply(h) as tf.SymbolicTensor;
  h = new ChannelDense({ units: proj, activation, seed: s(depth + 1), name: "projection_hidden" }).apply(h) as tf.SymbolicTensor;
  const out = new ChannelDense({ units: ctx.outChannels, seed: s(depth + 2), name: "projection" }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: `fno${d}d` });
};

export function fnoInfo(model: tf.LayersModel): ModelInfo {
  return { kind: "fno", parameterCount: countParameters(model), probabilistic: false, resolutionInvariant: true };
}
