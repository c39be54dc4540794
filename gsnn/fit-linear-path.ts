/**
 * Closed-form fit of the linear spectral path (gsnn/linear-path.ts). The bank weights a enter
 * linearly, so for fixed times they solve a least-squares problem over all training points:
 * min Σ ‖Σ_ji a_jio e^{t_jΔ} x_i + γ_o·deep_o(x) − y_o‖², with the deep part's output as one
 * more column when `fitGate` is set (γ is fitted too) and subtracted (at the current γ)
 * otherwise. Recipe: fit without the gate → train → fit with the gate (a gate fitted before
 * training would be 0 — the deep part starts at zero — and would block its gradients). The
 * problem is solved in spectral space (Parseval: the filters are diagonal there, so columns
 * for any t cost one multiply in Float64) by Householder QR, each mode's rows first folded into
 * a small triangle as the samples stream in (path-spectra.ts), so memory does not grow with the
 * number of samples (docs/gsnn.md §Linear spectral path). Optionally (`refineTime`, default
 * true) the single heat filter that best explains the data is found first by golden-section
 * search over log t and replaces the nearest bank time if that lowers the residual: on heat
 * data that filter is the exact solution operator, t* = κT, and the path then holds it
 * explicitly.
 */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError, ShapeMismatchError } from "../core/index.js";
import { halfSpectrumWeight, wavenumbersSquared, type SpectralTransform } from "../operators/index.js";
import { searchTime } from "./golden-section.js";
import { leastSquaresBlocks, type BlockProblem } from "./least-squares.js";
import { LayoutEmbed } from "./layout-embedding.js";
import { LinearSpectralPath } from "./linear-path.js";
import { OutputGate } from "./output-gate.js";
import { collectPathData, runAsync, runSync, type PassSetup, type PathData } from "./path-spectra.js";
import { fullTransform } from "./squared-kernel.js";
import { unseenBand, withUnseenBand, UNSEEN_BAND_WEIGHT } from "./unseen-band.js";

export interface FitLinearPathOptions {
  /** Search the best single diffusion time and put it in the bank. Default true. */
  refineTime?: boolean;
  /** Ridge λ on the bank weights, relative to the squared column norms. Default 1e−12. */
  ridge?: number;
  /**
   * Ridge on the deep part's gate γ (relative to its column's squared norm). Default 1e−6: a
   * deep part that explains almost nothing beyond the path gets γ ≈ 0 instead of a huge γ
   * cancelling against the bank, while a useful one (γ ≈ 1) is barely shrunk.
   */
  gateRidge?: number;
  /** Fit the deep part's gate γ as well (models with an OutputGate). Default false. */
  fitGate?: boolean;
  /**
   * Weight μ of rows pulling the path's response toward 0 at wavenumbers beyond the training
   * grid's (up to 4× finer), relative to the input's spectral energy (unseen-band.ts). Default
   * UNSEEN_BAND_WEIGHT (1e−2); 0 turns them off.
   */
  unseenBandWeight?: number;
  /**
   * Samples per chunk of the data pass (one forward pass of the deep part, one batch of
   * spectra). Memory is one chunk's tensors plus per-mode triangles, never all samples'
   * spectra. Default 64.
   */
  batchSize?: number;
}

export interface FitLinearPathResult {
  /** ‖path(x) + γ·deep(x) − y‖ / ‖y − (deep(x) if no gate)‖ per output channel, on the fitted data. */
  relativeResidual: number[];
  /** Bank times t_j = τ_j² and weights a `[J, Cin, Cout]` now in the layer. */
  times: Float64Array;
  coeffs: Float64Array;
  /** Deep-part scale per output channel (null without an OutputGate). */
  gate: Float64Array | null;
  /**
   * The best single diffusion time (when refineTime), and its index in the bank when putting it
   * there lowered the residual (null otherwise).
   */
  leadingTime: number | null;
  leadingIndex: number | null;
  /**
   * Least-squares rows per output channel after the per-mode compression (path-spectra.ts):
   * modes × (Cin + Cout, + Cout with a deep part), whatever the number of samples.
   */
  rows: number;
  /** Float64 bytes the data pass held (triangles and one chunk's rows): independent of N. */
  workingBytes: number;
}

/** The linear path layer of a GSNN model (or the layer itself). */
export function findLinearPath(target: tf.LayersModel | LinearSpectralPath): LinearSpectralPath {
  if (target instanceof LinearSpectralPath) return target;
  const l = target.layers.find((x) => x instanceof LinearSpectralPath);
  if (!l) throw new InvalidArgumentError("model", target.name, "has no LinearSpectralPath layer (build it with linearPathTaus > 0)");
  return l as unknown as LinearSpectralPath;
}

/**
 * Fits the path's weights, the deep part's gate and (by default) one diffusion time.
 * @param inputs  model inputs `[N, ...spatial, Cin]` (the path sees their means)
 * @param targets `[N, ...spatial, Cout]`
 * Reads tensors synchronously: for GPU backends use `fitLinearPathAsync`.
 */
export function fitLinearPath(
  target: tf.LayersModel | LinearSpectralPath,
  inputs: tf.Tensor,
  targets: tf.Tensor,
  opts: FitLinearPathOptions = {},
): FitLinearPathResult {
  const f = prepare(target, inputs, targets, opts);
  const bank = f.layer.bank();
  const gate = f.modelGate ? f.modelGate.gateValues() : null;
  const data = runSync(collectPathData(passSetup(target, f, bank, gate), inputs, targets));
  return solveFit(f, data, gate, Float64Array.from(bank.times), opts);
}

/** `fitLinearPath` with asynchronous reads only (the training path, every backend). */
export async function fitLinearPathAsync(
  target: tf.LayersModel | LinearSpectralPath,
  inputs: tf.Tensor,
  targets: tf.Tensor,
  opts: FitLinearPathOptions = {},
): Promise<FitLinearPathResult> {
  const f = prepare(target, inputs, targets, opts);
  const bank = await f.layer.readBank();
  const gate = f.modelGate ? await f.modelGate.readGate() : null;
  const data = await runAsync(collectPathData(passSetup(target, f, bank, gate), inputs, targets));
  return solveFit(f, data, gate, Float64Array.from(bank.times), opts);
}

function passSetup(target: tf.LayersModel | LinearSpectralPath, f: Prepared, bank: PassSetup["bank"], gate: Float32Array | null): PassSetup {
  return {
    layer: f.layer,
    model: f.modelGate === undefined ? null : (target as tf.LayersModel),
    gateLayer: f.modelGate ?? null,
    bank,
    gate,
    Cin: f.Cin,
    Co: f.Co,
    batch: f.batch,
    t: f.t,
    w: f.w,
    onPath: f.onPath,
  };
}

interface Prepared {
  layer: LinearSpectralPath;
  /** undefined: fitting the layer alone; null: a model without an OutputGate. */
  modelGate: OutputGate | null | undefined;
  Cin: number;
  Co: number;
  J: number;
  batch: number;
  t: SpectralTransform;
  k2: Float64Array;
  w: Float64Array;
  /** The default-layout points of a field on the model's grid (a new tensor when embedding). */
  onPath: (x: tf.Tensor) => tf.Tensor;
}

function prepare(target: tf.LayersModel | LinearSpectralPath, inputs: tf.Tensor, targets: tf.Tensor, opts: FitLinearPathOptions): Prepared {
  const layer = findLinearPath(target);
  const Cin = layer.inChannels;
  const Co = layer.outChannels;
  if (!layer.built || inputs.shape[inputs.rank - 1] !== Cin)
    throw new ShapeMismatchError("inputs", inputs.shape, `[N, ...spatial, ${Cin}] (the path's input channels)`);
  if (targets.rank !== inputs.rank || targets.shape[0] !== inputs.shape[0] || targets.shape[targets.rank - 1] !== Co)
    throw new ShapeMismatchError("targets", targets.shape, `[${inputs.shape[0]}, ...spatial, ${Co}]`);
  const batch = opts.batchSize ?? 64;
  if (!Number.isInteger(batch) || batch < 1) throw new InvalidArgumentError("batchSize", batch, "must be an integer >= 1");
  // A model on another point layout sees (and fits) the default-layout points only.
  const embed = target instanceof LinearSpectralPath ? undefined : (target.layers.find((l) => l instanceof LayoutEmbed) as LayoutEmbed | undefined);
  const spatial = embed ? (embed.computeOutputShape(inputs.shape) as number[]) : inputs.shape;
  const t = fullTransform(spatial.slice(1, -1), layer.bc);
  return {
    layer,
    modelGate: target instanceof LinearSpectralPath ? undefined : findGate(target),
    Cin,
    Co,
    J: layer.bankSize,
    batch,
    t,
    k2: Float64Array.from(wavenumbersSquared(t, layer.lengths)),
    w: rowWeights(t),
    onPath: (x) => (embed ? (embed.apply(x) as tf.Tensor) : x),
  };
}

/** Least squares for the bank (and gate), the leading-time search, and the layers updated. */
function solveFit(
  f: Prepared,
  data: PathData,
  currentGate: Float32Array | null,
  bankTimes: Float64Array,
  opts: FitLinearPathOptions,
): FitLinearPathResult {
  const { layer, Cin, Co, J, k2 } = f;
  const { X, Y, D, rowsPerMode: K } = data;
  const ridge = opts.ridge ?? 1e-12;
  const gateRidge = opts.gateRidge ?? 1e-6;
  let gateLayer: OutputGate | null = null;
  if (D !== null) {
    // A deep part that is still exactly zero has nothing to gate: keep γ as it is.
    if (opts.fitGate && f.modelGate && data.deepNonzero) gateLayer = f.modelGate;
    else {
      const g = currentGate ?? new Float32Array(Co).fill(1);
      for (let o = 0; o < Co; o++) for (let i = 0; i < Y[o]!.length; i++) Y[o]![i] = Y[o]![i]! - g[o]! * D[o]![i]!;
    }
  }
  const ridges = (k: number): Float64Array => {
    const r = new Float64Array(k + (gateLayer ? 1 : 0)).fill(ridge);
    if (gateLayer) r[k] = gateRidge;
    return r;
  };
  const bandWeight = opts.unseenBandWeight ?? UNSEEN_BAND_WEIGHT;
  if (!(bandWeight >= 0) || !Number.isFinite(bandWeight)) throw new InvalidArgumentError("unseenBandWeight", bandWeight, "must be a finite number >= 0");
  const band = unseenBand(k2, X, bandWeight, bandWeight > 0 ? 16 : 0);
  // Rows are (mode, r): each mode's K rows of its triangle (path-spectra.ts); the multiplier
  // depends on the mode only. Columns are generated block by block, never stored whole.
  const problemFor = (times: ArrayLike<number>, o: number): BlockProblem => {
    const gs = Array.from({ length: times.length }, (_, j) => Float64Array.from(k2, (k) => Math.exp(-times[j]! * k)));
    const gated = gateLayer !== null && D !== null;
    return withUnseenBand({
      rows: Y[o]!.length,
      cols: times.length * Cin + (gated ? 1 : 0),
      rhs: 1,
      block: (start, count, cols, rhs) => {
        for (let j = 0; j < gs.length; j++) {
          const g = gs[j]!;
          for (let i = 0; i < Cin; i++) {
            const xi = X[i]!;
            const col = cols[j * Cin + i]!;
            for (let r = 0; r < count; r++) col[r] = xi[start + r]! * g[Math.floor((start + r) / K)]!;
          }
        }
        if (gated) cols[gs.length * Cin]!.set(D![o]!.subarray(start, start + count));
        rhs[0]!.set(Y[o]!.subarray(start, start + count));
      },
    }, band, times, Cin);
  };
  const norms = Y.map(norm);

  const solve = (times: Float64Array) => {
    const coeffs = new Float64Array(J * Cin * Co);
    const gate = gateLayer ? new Float64Array(Co) : null;
    const relativeResidual: number[] = [];
    let total = 0;
    for (let o = 0; o < Co; o++) {
      const sol = leastSquaresBlocks(problemFor(times, o), ridges(J * Cin));
      for (let k = 0; k < J * Cin; k++) coeffs[k * Co + o] = sol.x[0]![k]!;
      if (gate) gate[o] = sol.x[0]![J * Cin]!;
      relativeResidual.push(sol.residualNorm[0]! / (norms[o]! || 1));
      total += sol.residualNorm[0]! ** 2;
    }
    return { times, coeffs, gate, relativeResidual, total };
  };

  let best = solve(bankTimes);
  let leadingTime: number | null = null;
  let leadingIndex: number | null = null;
  if (opts.refineTime ?? true) {
    const objective = (tt: number): number => {
      let s = 0;
      for (let o = 0; o < Co; o++) s += leastSquaresBlocks(problemFor([tt], o), ridges(Cin)).residualNorm[0]! ** 2;
      return s;
    };
    leadingTime = searchTime(objective, best.times);
    let nearest = 0;
    const lt = leadingTime;
    best.times.forEach((tj, j) => {
      if (Math.abs(Math.log(tj / lt)) < Math.abs(Math.log(best.times[nearest]! / lt))) nearest = j;
    });
    // Keep the bank with the leading time only if it fits better (it does on heat-like data;
    // on Poisson the evenly log-spaced bank is the better quadrature of ∫exp(−t|k|²)dt).
    const already = Math.abs(Math.log(best.times[nearest]! / lt)) < 1e-6; // e.g. on a refit
    const withLeading = Float64Array.from(best.times);
    withLeading[nearest] = leadingTime;
    const alt = solve(withLeading);
    if (alt.total < best.total) best = alt;
    if (alt === best || already) leadingIndex = nearest;
  }
  const { times, coeffs, gate, relativeResidual } = best;
  layer.setBank(times, coeffs);
  if (gateLayer && gate) gateLayer.setGate(gate);
  return { relativeResidual, times, coeffs, gate, leadingTime, leadingIndex, rows: Y[0]!.length, workingBytes: data.workingBytes };
}

function findGate(model: tf.LayersModel): OutputGate | null {
  const l = model.layers.find((x) => x instanceof OutputGate);
  return l ? (l as unknown as OutputGate) : null;
}

/** √(Parseval weight) per spectral point, so that Σ rows² = (const)·Σ points². */
function rowWeights(t: SpectralTransform): Float64Array {
  const ms = t.modeShape;
  const P = ms.reduce((a, b) => a * b, 1);
  const last = ms.length - 1;
  const n = t.spatialShape[last]!;
  const f = t.frequencies[last]!;
  const out = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const m = f[p % ms[last]!]!;
    const basis = t.bases[last];
    const wt = basis === "fourier" ? halfSpectrumWeight(m, n) : basis === "cosine" ? (m === 0 ? 1 : 2) : 1;
    out[p] = Math.sqrt(wt);
  }
  return out;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}
