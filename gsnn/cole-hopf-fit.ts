/**
 * fitColeHopfPath: set a GSNN's Cole–Hopf path (buildGsnn's coleHopfPath) to the parameters a
 * search on the training set finds (cole-hopf-search.ts), before gradient training
 * (docs/gsnn.md §Cole–Hopf filter). One path channel, channel 0, is fitted on one input channel
 * x_j: its input is v = f·(x_j + b) (the mix layer's column 0: weight f = ±1 on x_j, 0 on the
 * others, bias f·b), its τ, shift f·s and |γ| are the search's, and its output weights f·a_o;
 * f = −sign(γ) puts γ on channel 0's fixed negative sign (ColeHopfFilter(−v) at −γ, −s is
 * −ColeHopfFilter(v) at γ, s). b = d/s realises the search's constant translation d = s·b. The
 * other path channels' output weights are set to 0 (they start inert and train from there), the
 * deep part's last layer to kernel 0 and bias c_o − a_o·b, so the model's output is the fitted
 * path alone, as the search evaluated it (in float32). No tensor is read back: the weights are
 * written with tensor ops, so this runs on any backend.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, requireInteger } from "../core/index.js";
import { ColeHopfFilter } from "./cole-hopf-filter.js";
import { GaussianLinear } from "./gaussian-linear.js";
import { searchColeHopf, type ColeHopfSearchOptions, type ColeHopfSearchResult } from "./cole-hopf-search.js";

export interface FitColeHopfOptions extends ColeHopfSearchOptions {
  /** The input channel the fitted path channel reads. Default 0. */
  inputChannel?: number;
}

export interface FitColeHopfResult extends ColeHopfSearchResult {
  /** The input offset b (v = x_j + b on the channel, before the sign flip). */
  offset: number;
  /** Seconds of CPU the search took (this process). */
  cpuSeconds: number;
}

export interface FitColeHopfData {
  /** `[samples, ...grid, inChannels]` and `[samples, ...grid, outChannels]`, C order, as the model sees them (normalised). */
  x: Float32Array | Float64Array;
  y: Float32Array | Float64Array;
  samples: number;
}

const layerNamed = (model: tf.LayersModel, name: string): tf.layers.Layer | undefined => model.layers.find((l) => l.name === name);

/** Replace index `at` of axis `axis` (0 or last) of a variable by `values`, keeping the rest. */
function writeSlice(v: tf.LayerVariable, axis: 0 | -1, at: number, values: number[]): void {
  tf.tidy(() => {
    const w = v.read();
    const shape = w.shape;
    const ax = axis === 0 ? 0 : shape.length - 1;
    const mask = tf.oneHot(tf.tensor1d([at], "int32"), shape[ax]!).reshape(ax === 0 ? [shape[0]!, ...shape.slice(1).map(() => 1)] : [...shape.slice(0, -1).map(() => 1), shape[ax]!]);
    const valShape = ax === 0 ? [1, ...shape.slice(1)] : [...shape.slice(0, -1), 1];
    const val = tf.tensor(Float32Array.from(values), valShape);
    v.write(tf.add(tf.mul(w, tf.sub(1, mask)), tf.mul(val, mask)));
  });
}

export function fitColeHopfPath(model: tf.LayersModel, data: FitColeHopfData, options: FitColeHopfOptions = {}): FitColeHopfResult {
  const layer = layerNamed(model, "cole_hopf_path");
  const mix = layerNamed(model, "cole_hopf_path_mix");
  const out = layerNamed(model, "cole_hopf_path_out");
  const deep = layerNamed(model, "project_out");
  if (!(layer instanceof ColeHopfFilter) || !(mix instanceof GaussianLinear) || !(out instanceof GaussianLinear) || !(deep instanceof GaussianLinear))
    throw new InvalidArgumentError("model", model.name, "has no Cole–Hopf path (build it with buildGsnn's coleHopfPath > 0)");
  const [kernel, bias] = mix.weights;
  const [outKernel] = out.weights;
  const [deepKernel, deepBias] = deep.weights;
  const cin = kernel!.shape[0]!;
  const K = kernel!.shape[1]!;
  const cout = outKernel!.shape[1]!;
  const samples = requireInteger("samples", data.samples, 1);
  const j = requireInteger("inputChannel", options.inputChannel ?? 0, 0, cin - 1);
  const n = data.x.length / (samples * cin);
  if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError("x.length", data.x.length, `must be samples (${samples}) × points × ${cin} input channels`);
  if (data.y.length !== samples * n * cout) throw new InvalidArgumentError("y.length", data.y.length, `must be samples × ${n} points × ${cout} output channels`);
  const x = new Float64Array(samples * n);
  for (let i = 0; i < samples * n; i++) x[i] = data.x[i * cin + j]!;
  const c0 = process.cpuUsage();
  const r = searchColeHopf({ x, y: Float64Array.from(data.y), samples, n, outChannels: cout, length: layer.length }, options);
  const c = process.cpuUsage(c0);
  // A translation without a shift has no b that realises it (d = s·b): drop it then.
  const offset = Math.abs(r.shift) > 1e-9 ? r.translation / r.shift : 0;
  const f = r.gain < 0 ? 1 : -1;
  writeSlice(kernel!, -1, 0, Array.from({ length: cin }, (_, i) => (i === j ? f : 0)));
  writeSlice(bias!, -1, 0, [f * offset]);
  const [logTau, shift, logGain] = layer.weights;
  writeSlice(logTau!, -1, 0, [Math.log(r.tau)]);
  writeSlice(shift!, -1, 0, [f * r.shift]);
  writeSlice(logGain!, -1, 0, [Math.log(Math.abs(r.gain))]);
  for (let k = 0; k < K; k++) writeSlice(outKernel!, 0, k, Array.from(r.scale, (a) => (k === 0 ? f * a : 0)));
  tf.tidy(() => {
    deepKernel!.write(tf.zerosLike(deepKernel!.read()));
    deepBias!.write(tf.tensor1d(Float32Array.from(r.intercept, (ci, o) => ci - r.scale[o]! * offset)));
  });
  return { ...r, offset, cpuSeconds: (c.user + c.system) / 1e6 };
}
