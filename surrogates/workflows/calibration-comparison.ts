/**
 * Calibration under input noise (docs/gsnn.md §Calibration comparison): a probabilistic GSNN
 * against a deep ensemble of FNOs and Monte Carlo dropout, on NLL, CRPS, 95% coverage, the
 * mean's rel-L2 and the cost of a prediction. Protocol:
 * - clean pairs (x, y = solver(x)) from a problem generator; train / validation / test disjoint;
 * - every model trains on the clean training pairs (same epochs, batch, lr);
 * - validation and test inputs get white Gaussian noise of sd σₙ = noise · sd(training inputs),
 *   fixed seeds; the truth stays the solver's output on the clean input;
 * - GSNN: variance = the input noise propagated by its Jacobian ("linearized") + a model-error
 *   variance, the per-channel mean squared error of its mean on the clean validation inputs;
 *   the mean-field "moments" variance + the same model error is scored beside it (a GSNN with
 *   derivative filters has no variance path: it is built deterministic and linearised only);
 *   a second model error that varies from point to point (quantile bins of the predicted mean's
 *   gradient, each bin's mean squared error on the clean validation inputs) is scored beside it;
 * - ensemble: `members` FNOs of different seeds, mean and unbiased spread of their predictions;
 * - MC dropout: an MLP with dropout after each hidden layer, trained with it and run `passes`
 *   times with it on; mean and spread of the passes;
 * - each baseline also with "+ residual": its variance plus the constant that its residuals on
 *   the noisy validation inputs lack (it cannot propagate the noise, so it is shown the noise's
 *   effect as a fitted constant).
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as fs from "node:fs";
import { InvalidArgumentError, makeField, Rng, type Field } from "../../core/index.js";
import { writeNpy } from "../npy.js";
import { denormalizeMean, getProblem, normalizeValues, type ResolvedProblem } from "../../datasets/index.js";
import type { GsnnConfig } from "../../gsnn/index.js";
import type { FnoConfig, MlpConfig } from "../../operators/baselines.js";
import {
  addChannelVariance,
  applyBinnedVariance,
  applyNoiseScale,
  fitBinnedVariance,
  fitNoiseScale,
  gaussianScoresPerSample,
  gradientFeature,
  relativeL2PerSample,
  residualVariance,
  sampleMoments,
  type BatchArray,
  type BinnedVariance,
  type NoiseScaleFit,
} from "../evaluation/index.js";
import { parseTrainConfig, train, type TrainResult } from "../training/index.js";

export interface CalibrationOptions {
  /** Run directories go under here. */
  out: string;
  problem?: string;
  resolution?: number;
  nTrain?: number;
  nVal?: number;
  nTest?: number;
  /** Input noise sd as a fraction of the training inputs' sd. Default 0.1. */
  noise?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  /** Learning-rate schedule of every model: constant (default) or cosine to 0 over the run. */
  schedule?: "constant" | "cosine";
  /** Bins of the point-wise ("binned") GSNN model error. Default 8. */
  modelErrorBins?: number;
  /**
   * Train and score only the baselines (no GSNN rows; the gsnn* results are empty). Data, noise
   * and seeds do not depend on it, so the rows of a run with and one without it combine.
   */
  skipGsnn?: boolean;
  /** Train and score only the GSNN (no ensemble or dropout rows). */
  skipBaselines?: boolean;
  /**
   * Keep the GSNN's per-value predictions here (float64 .npy, physical units) so they can be
   * re-scored without retraining (`rescoreSavedCalibration`): targets, means on clean and noisy
   * validation inputs and on noisy test inputs, the linearised input-noise variance on noisy
   * validation and test inputs, and a Monte Carlo check of the linearisation on a few test
   * samples. The trained GSNN's run directory is under `out`.
   */
  saveDir?: string;
  /**
   * The GSNN's linearised variance from the input's Fourier modes up to this one (`inputModes` of
   * predictWithUncertainty: cheaper, approximate); default exact gradients.
   */
  linearizedInputModes?: number;
  /** Test samples of the Monte Carlo check of the linearisation (with saveDir). Default 4. */
  mcSamples?: number;
  /** Noise draws per sample of that check. Default 64. */
  mcDraws?: number;
  /** Ensemble size. Default 5. */
  members?: number;
  /** Monte Carlo dropout passes. Default 32. */
  passes?: number;
  gsnn?: GsnnConfig;
  fno?: FnoConfig;
  /** The dropout MLP (its `dropout` defaults to 0.1). */
  mlp?: MlpConfig;
  seed?: number;
  backend?: string;
  log?: (line: string) => void;
}

export interface CalibrationRow {
  method: string;
  nll: number;
  crps: number;
  coverage95: number;
  relL2: number;
  /** Wall milliseconds per test sample of the predictive step (mean and variance). */
  msPerSample: number;
}

export interface CalibrationResult {
  rows: CalibrationRow[];
  /** Input noise sd in physical units. */
  noiseSd: number;
  /** GSNN model-error variance per output channel (physical units), from clean validation data. */
  gsnnModelVariance: number[];
  /** The GSNN's linearised input-noise variance per output channel, mean over the test values (physical units). */
  gsnnLinearizedVariance: number[];
  /** The binned model error per output channel: inner edges of |∇μ|² (grid units) and each bin's variance. */
  gsnnBinnedVariance: BinnedVariance;
  /** The likelihood fit σ² = scale·v + modelVariance on noisy validation data (v the linearised variance). */
  gsnnNoiseScale: NoiseScaleFit;
  /** Training wall seconds per model (ensemble: all members together). */
  trainSeconds: Record<string, number>;
  parameters: Record<string, number>;
}

export const CALIBRATION_DEFAULTS = {
  problem: "heat1d",
  resolution: 64,
  nTrain: 200,
  nVal: 50,
  nTest: 100,
  noise: 0.1,
  epochs: 10,
  batchSize: 16,
  lr: 1e-3,
  schedule: "constant" as "constant" | "cosine",
  modelErrorBins: 8,
  members: 5,
  passes: 32,
  gsnn: { width: 32, depth: 4, projectionWidth: 64 } as GsnnConfig,
  fno: { width: 32, modes: 12 } as FnoConfig,
  mlp: { hidden: [256, 256], dropout: 0.1 } as MlpConfig,
};

/** Smallest variance scored (physical units). */
const VARIANCE_FLOOR = 1e-30;

const batch = (f: Field): BatchArray => ({ data: f.data, shape: f.shape });

/** Samples start … start + count − 1 of a resolved problem: inputs and solver outputs, channels last. */
export function generateSplit(p: ResolvedProblem, seed: number, start: number, count: number): { x: Float64Array; y: Float64Array } {
  const pts = p.grid.shape.reduce((a, b) => a * b, 1);
  const [cin, cout] = [p.inputChannels.length, p.outputChannels.length];
  const x = new Float64Array(count * pts * cin);
  const y = new Float64Array(count * pts * cout);
  for (let i = 0; i < count; i++) p.sample(seed, start + i, x.subarray(i * pts * cin, (i + 1) * pts * cin), y.subarray(i * pts * cout, (i + 1) * pts * cout));
  return { x, y };
}

/** x plus white Gaussian noise of sd `sd`, drawn in order from Rng(noiseSeed) (validation: 1000 + seed; test: 2000 + seed). */
export function noisyCopy(x: Float64Array, sd: number, noiseSeed: number): Float64Array {
  const r = new Rng(noiseSeed);
  return Float64Array.from(x, (v) => v + sd * r.normal());
}

export async function runCalibrationComparison(opts: CalibrationOptions): Promise<CalibrationResult> {
  const o = { ...CALIBRATION_DEFAULTS, ...opts };
  const log = o.log ?? (() => {});
  const seed = o.seed ?? 0;
  if (!Number.isInteger(o.members) || o.members < 2) throw new InvalidArgumentError("members", o.members, "must be an integer >= 2 (an ensemble's spread needs two)");
  if (!Number.isInteger(o.passes) || o.passes < 2) throw new InvalidArgumentError("passes", o.passes, "must be an integer >= 2 (a dropout spread needs two)");
  const p = getProblem(o.problem).resolve({ resolution: o.resolution });
  const pts = p.grid.shape.reduce((a, b) => a * b, 1);
  const [cin, cout] = [p.inputChannels.length, p.outputChannels.length];
  const gen = (start: number, count: number) => generateSplit(p, seed, start, count);
  const tGen = performance.now();
  const tr = gen(0, o.nTrain);
  const va = gen(o.nTrain, o.nVal);
  const te = gen(o.nTrain + o.nVal, o.nTest);
  log(`generated ${o.nTrain + o.nVal + o.nTest} ${p.name} samples in ${((performance.now() - tGen) / 1000).toFixed(1)} s`);
  let s1 = 0;
  let s2 = 0;
  tr.x.forEach((v) => ((s1 += v), (s2 += v * v)));
  const sdIn = Math.sqrt(s2 / tr.x.length - (s1 / tr.x.length) ** 2);
  const noiseSd = o.noise * sdIn;
  const addNoise = (x: Float64Array, s: number) => noisyCopy(x, noiseSd, s);
  const shapeOf = (n: number, c: number) => [n, ...p.grid.shape, c];
  const valClean = makeField(shapeOf(o.nVal, cin), va.x);
  const valNoisy = makeField(shapeOf(o.nVal, cin), addNoise(va.x, 1000 + seed));
  const testNoisy = makeField(shapeOf(o.nTest, cin), addNoise(te.x, 2000 + seed));
  const yVal: BatchArray = { data: va.y, shape: shapeOf(o.nVal, cout) };
  const yTest: BatchArray = { data: te.y, shape: shapeOf(o.nTest, cout) };
  const data = { inputs: Float32Array.from(tr.x), outputs: Float32Array.from(tr.y), count: o.nTrain, grid: p.grid, inChannels: cin, outChannels: cout, problem: { problem: p.name, ...p.params } };

  const fit = async (name: string, model: string, modelConfig: object, runSeed: number, loss?: string): Promise<TrainResult> => {
    const t0 = performance.now();
    const config = parseTrainConfig({
      data: "memory",
      out: path.join(o.out, name),
      model,
      modelConfig,
      epochs: o.epochs,
      batchSize: o.batchSize,
      lr: o.lr,
      schedule: { kind: o.schedule },
      seed: runSeed,
      validationFraction: 0,
      ...(loss ? { loss } : {}),
      ...(o.backend ? { backend: o.backend } : {}),
    });
    const r = await train({ config, data, warn: () => {} });
    const key = name.replace(/-\d+$/, "");
    trainSeconds[key] = (trainSeconds[key] ?? 0) + (performance.now() - t0) / 1000;
    log(`trained ${name} (${r.info.parameterCount} parameters) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
  const trainSeconds: Record<string, number> = {};
  const rows: CalibrationRow[] = [];
  const score = (method: string, mean: BatchArray, variance: BatchArray, ms: number) => {
    // A zero spread (MC dropout passes that happen to agree) is floored, not refused: it scores as the overconfidence it is.
    const s = gaussianScoresPerSample(mean, { data: Float64Array.from(variance.data, (v) => Math.max(v, VARIANCE_FLOOR)), shape: variance.shape }, yTest);
    const avg = (a: Float64Array) => a.reduce((q, v) => q + v, 0) / a.length;
    const row = { method, nll: avg(s.nll), crps: avg(s.crps), coverage95: avg(s.coverage95), relL2: avg(relativeL2PerSample(mean, yTest)), msPerSample: ms / o.nTest };
    rows.push(row);
    log(`scored ${method}: NLL ${row.nll.toFixed(3)}, CRPS ${row.crps.toExponential(3)}, coverage ${row.coverage95.toFixed(3)}, rel-L2 ${row.relL2.toExponential(2)}, ${row.msPerSample.toFixed(1)} ms / sample`);
  };
  const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const r = await f();
    return [r, performance.now() - t0];
  };

  const parameters: Record<string, number> = {};
  const save = (name: string, b: BatchArray) => writeNpy(path.join(o.saveDir!, `${name}.npy`), makeField([...b.shape], Float64Array.from(b.data)));
  // Everything a re-score needs, written as soon as it exists (a run can be cut short).
  const saveGsnn = async (gs: TrainResult["surrogate"], a: { valMean: BatchArray; valNoisyMean: BatchArray; linMean: BatchArray; linVar: BatchArray; tLin: number }) => {
    const dir = o.saveDir!;
    fs.mkdirSync(dir, { recursive: true });
    const meta: Record<string, unknown> = { problem: p.name, resolution: o.resolution, nTrain: o.nTrain, nVal: o.nVal, nTest: o.nTest, noise: o.noise, noiseSd, seed, periodic: p.grid.bc.map((b) => b === "periodic"), gsnn: o.gsnn, msPerTestSampleLinearized: a.tLin / o.nTest, trainSeconds: { ...trainSeconds } };
    const writeMeta = () => fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify(meta, null, 1));
    save("y-val", yVal);
    save("y-test", yTest);
    save("val-clean-mean", a.valMean);
    save("val-noisy-mean", a.valNoisyMean);
    save("test-noisy-mean", a.linMean);
    save("test-noisy-linvar", a.linVar);
    writeMeta();
    // Monte Carlo check of the linearisation: fresh noise draws around the clean test inputs.
    const S = Math.min(o.mcSamples ?? 4, o.nTest);
    const R = o.mcDraws ?? 64;
    const per = pts * cin;
    const draws = makeField([S * R, ...p.grid.shape, cin], new Float64Array(S * R * per));
    const r = new Rng(3000 + seed);
    for (let i = 0; i < S; i++) for (let q = 0; q < R; q++) for (let k = 0; k < per; k++) draws.data[(i * R + q) * per + k] = te.x[i * per + k]! + noiseSd * r.normal();
    const t0 = performance.now();
    save("mc-draws-mean", batch(await gs.predict(draws)));
    const cleanTest = makeField(shapeOf(S, cin), te.x.slice(0, S * per));
    const linClean = await gs.predictWithUncertainty(cleanTest, { method: "linearized", inputVariance: noiseSd * noiseSd });
    save("mc-clean-mean", batch(linClean.mean));
    save("mc-clean-linvar", batch(linClean.variance));
    meta.mc = { samples: S, draws: R, seconds: (performance.now() - t0) / 1000 };
    writeMeta();
    log(`saved GSNN test predictions and the Monte Carlo check (${S} samples x ${R} draws) under ${dir}`);
    return { meta, writeMeta };
  };
  const gsnnRows = async () => {
    // Probabilistic GSNN: trained on its means (rel-l2); told the noise in normalised units. With
    // derivative filters there is no variance path: deterministic, and linearised only.
    const moments = o.gsnn.derivativeFilters !== true;
    const gCfg: GsnnConfig = moments ? { ...o.gsnn, probabilistic: true, inputVariance: o.noise * o.noise, seed } : { ...o.gsnn, seed };
    const g = await fit("gsnn", "gsnn", gCfg, seed, "rel-l2");
    const gs = g.surrogate;
    const valMean = batch(await gs.predict(valClean));
    const modelVar = residualVariance(valMean, yVal);
    const periodic = p.grid.bc.map((b) => b === "periodic");
    // The bins are picked by the mean's gradient on the *noisy* validation inputs, as at test time
    // (noise roughens the predicted mean, so bins of clean-input gradients misplace test points);
    // each bin's variance is the clean-input error there. The clean-input bins are scored too.
    const valNoisyMean = batch(await gs.predict(valNoisy));
    const bins = fitBinnedVariance(valMean, yVal, gradientFeature(valNoisyMean, periodic), o.modelErrorBins);
    const cleanBins = fitBinnedVariance(valMean, yVal, gradientFeature(valMean, periodic), o.modelErrorBins);
    const linOpts = { method: "linearized" as const, inputVariance: noiseSd * noiseSd, ...(o.linearizedInputModes === undefined ? {} : { inputModes: o.linearizedInputModes }) };
    const [lin, tLin] = await timed(() => gs.predictWithUncertainty(testNoisy, linOpts));
    const linVar = batch(lin.variance);
    const linMean = batch(lin.mean);
    const testFeature = gradientFeature(linMean, periodic);
    const saved = o.saveDir ? await saveGsnn(gs, { valMean, valNoisyMean, linMean, linVar, tLin }) : null;
    // The propagated variance on the noisy validation inputs: what the fitted rules below are fitted to.
    const [valLin, tVal] = await timed(() => gs.predictWithUncertainty(valNoisy, linOpts));
    const valLinVar = batch(valLin.variance);
    if (saved) {
      save("val-noisy-linvar", valLinVar);
      saved.meta.msPerValSampleLinearized = tVal / o.nVal;
      saved.meta.valLinvarInputModes = o.linearizedInputModes ?? null;
      saved.writeMeta();
    }
    const noisyResidual = residualVariance(valNoisyMean, yVal, valLinVar);
    const scaleFit = fitNoiseScale(valNoisyMean, yVal, valLinVar);
    const plus = (add: BatchArray): BatchArray => ({ data: Float64Array.from(linVar.data, (v, k) => v + add.data[k]!), shape: linVar.shape });
    score("GSNN, linearised input noise + model error", linMean, addChannelVariance(linVar, modelVar), tLin);
    score("GSNN, linearised input noise + binned model error", linMean, plus(applyBinnedVariance(bins, testFeature)), tLin);
    score("GSNN, linearised input noise + binned model error (clean-input bins)", linMean, plus(applyBinnedVariance(cleanBins, testFeature)), tLin);
    score("GSNN, linearised input noise only", linMean, linVar, tLin);
    // Fitted on the noisy validation inputs, where noise and model error act together: the moment
    // fit (what the residuals lack beyond the propagated variance) and the likelihood fit a·v + b.
    score("GSNN, linearised input noise + noisy-validation residual", linMean, addChannelVariance(linVar, noisyResidual), tLin + tVal);
    score("GSNN, fitted noise scale + model error (validation likelihood)", linMean, applyNoiseScale(scaleFit, linVar), tLin + tVal);
    const linVarMean = new Array<number>(cout).fill(0);
    linVar.data.forEach((v, k) => (linVarMean[k % cout]! += v / (linVar.data.length / cout)));
    if (moments) {
      const [mom, tMom] = await timed(() => gs.predictWithUncertainty(testNoisy, { method: "moments", modelVariance: modelVar }));
      score("GSNN, mean-field moments + model error", batch(mom.mean), batch(mom.variance), tMom);
    }
    parameters.gsnn = g.info.parameterCount;
    gs.dispose();
    return { modelVar, linVarMean, bins, scaleFit };

  };
  const gr = o.skipGsnn ? { modelVar: [], linVarMean: [], bins: { edges: [], variance: [] }, scaleFit: { scale: [], modelVariance: [], nll: [] } } : await gsnnRows();

  if (o.skipBaselines) return { rows, noiseSd, gsnnModelVariance: gr.modelVar, gsnnLinearizedVariance: gr.linVarMean, gsnnBinnedVariance: gr.bins, gsnnNoiseScale: gr.scaleFit, trainSeconds, parameters };
  // Deep ensemble of FNOs, different seeds.
  const fnos: TrainResult[] = [];
  for (let m = 0; m < o.members; m++) fnos.push(await fit(`fno-${m}`, "fno", { ...o.fno, seed: seed + m }, seed + m));
  parameters.fno = fnos[0]!.info.parameterCount;
  const ensemble = async (x: Field) => sampleMoments(await Promise.all(fnos.map(async (f) => batch(await f.surrogate.predict(x)))));
  const [ens, tEns] = await timed(() => ensemble(testNoisy));
  score(`${o.members}-FNO ensemble`, ens.mean, ens.variance, tEns);
  const ev = await ensemble(valNoisy);
  score(`${o.members}-FNO ensemble + residual`, ens.mean, addChannelVariance(ens.variance, residualVariance(ev.mean, yVal, ev.variance)), tEns);
  fnos.forEach((f) => f.surrogate.dispose());

  // Monte Carlo dropout (an MLP with dropout; the passes run with dropout on).
  const mlpCfg = { dropout: 0.1, ...o.mlp, seed };
  const d = await fit("mlp-dropout", "mlp", mlpCfg, seed);
  parameters.mlpDropout = d.info.parameterCount;
  const ds = d.surrogate;
  const mc = async (x: Field) => {
    const xt = tf.tensor(normalizeValues(x.data, ds.normalizer.input), x.shape as number[], "float32");
    const passes: BatchArray[] = [];
    try {
      for (let t = 0; t < o.passes; t++) {
        const y = tf.tidy(() => ds.model.apply(xt, { training: true }) as tf.Tensor);
        passes.push({ data: denormalizeMean(await y.data(), ds.normalizer.output), shape: [...x.shape.slice(0, -1), cout] });
        y.dispose();
      }
    } finally {
      xt.dispose();
    }
    return sampleMoments(passes);
  };
  const [drop, tDrop] = await timed(() => mc(testNoisy));
  score(`MC dropout MLP (${o.passes} passes, rate ${mlpCfg.dropout})`, drop.mean, drop.variance, tDrop);
  const dv = await mc(valNoisy);
  score(`MC dropout MLP + residual`, drop.mean, addChannelVariance(drop.variance, residualVariance(dv.mean, yVal, dv.variance)), tDrop);
  ds.dispose();
  return { rows, noiseSd, gsnnModelVariance: gr.modelVar, gsnnLinearizedVariance: gr.linVarMean, gsnnBinnedVariance: gr.bins, gsnnNoiseScale: gr.scaleFit, trainSeconds, parameters };
}
