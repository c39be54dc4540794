/**
 * Re-score a calibration comparison's GSNN from the predictions it saved (`saveDir`), without
 * retraining (docs/gsnn.md §Calibration comparison): every variance rule on the same model and
 * test set, and the figures that say why a rule over- or under-covers — the distribution of
 * z = (y − μ)/σ on test (variance, quantiles of |z|, the fraction |z| > 1.96 per bin of σ² and
 * per block of positions), the model error measured four ways, and the linearised variance
 * against the spread of predictions under fresh noise draws (Monte Carlo).
 * Every rule is fitted on validation data only; the test split is only scored.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DatasetFormatError, makeField, type Field } from "../../core/index.js";
import { getProblem } from "../../datasets/index.js";
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
  Z95,
  type BatchArray,
} from "../evaluation/index.js";
import { readNpy, writeNpy } from "../npy.js";
import { loadSurrogate } from "../surrogate.js";
import { generateSplit, noisyCopy, type CalibrationRow } from "./calibration-comparison.js";

export interface ZSummary {
  method: string;
  /** mean z² (1 for a calibrated Gaussian). */
  meanZ2: number;
  /** Quantiles of |z| at 0.5, 0.9, 0.95, 0.99, 0.999 (Gaussian: 0.674, 1.645, 1.960, 2.576, 3.291). */
  absZQuantiles: number[];
  /** Fraction |z| > 1.96 in each quantile bin of σ² (ascending). */
  outsideBySigma: number[];
  /** Fraction |z| > 1.96 in each equal block of grid positions. */
  outsideByPosition: number[];
}

export interface RescoreResult {
  meta: Record<string, unknown>;
  rows: CalibrationRow[];
  z: ZSummary[];
  /** Per-channel model-error figures (physical units). */
  modelError: Record<string, number[]>;
  /** The fitted scale rule, where the noisy-validation variance was saved. */
  noiseScale: { scale: number[]; modelVariance: number[] } | null;
  /** Monte Carlo check of the linearisation, per checked sample. */
  mc: { sample: number; medianRatio: number; minRatio: number; maxRatio: number; ratioOfMeans: number; noisyOverClean: number; bias2OverVar: number }[];
}

const ABS_Q = [0.5, 0.9, 0.95, 0.99, 0.999];

function quantile(sorted: Float64Array, q: number): number {
  const i = q * (sorted.length - 1);
  const lo = Math.floor(i);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (i - lo);
}

function zSummary(method: string, mean: BatchArray, variance: BatchArray, y: BatchArray, bins: number): ZSummary {
  const L = y.data.length;
  const z = Float64Array.from(y.data, (t, k) => (t - mean.data[k]!) / Math.sqrt(variance.data[k]!));
  const az = Float64Array.from(z, Math.abs).sort();
  const order = Array.from({ length: L }, (_, k) => k).sort((a, b) => variance.data[a]! - variance.data[b]!);
  const outsideBySigma = Array.from({ length: bins }, (_, b) => {
    const ks = order.slice(Math.floor((b * L) / bins), Math.floor(((b + 1) * L) / bins));
    return ks.filter((k) => Math.abs(z[k]!) > Z95).length / ks.length;
  });
  const pts = y.shape.slice(1).reduce((a, b) => a * b, 1);
  const cnt = new Array<number>(bins).fill(0);
  const out = new Array<number>(bins).fill(0);
  z.forEach((v, k) => {
    const b = Math.floor(((k % pts) * bins) / pts);
    cnt[b]!++;
    if (Math.abs(v) > Z95) out[b]!++;
  });
  return {
    method,
    meanZ2: z.reduce((s, v) => s + v * v, 0) / L,
    absZQuantiles: ABS_Q.map((q) => quantile(az, q)),
    outsideBySigma,
    outsideByPosition: out.map((o, b) => o / cnt[b]!),
  };
}

const asBatch = (f: Field): BatchArray => ({ data: f.data, shape: f.shape });

/** The first k samples of a batch (a view). */
const head = (b: BatchArray, k: number): BatchArray => ({ data: b.data.subarray(0, (k * b.data.length) / b.shape[0]!), shape: [k, ...b.shape.slice(1)] });

/**
 * Compute (or extend) the linearised variance on the noisy validation inputs of a saved run, from
 * its trained GSNN (`dir/gsnn`) and the regenerated inputs (same problem, seeds and noise as the
 * run), `chunk` samples at a time, rewriting `val-noisy-linvar.npy` after each chunk so that a cut
 * run keeps what it did. Up to `samples` validation samples (default all). `inputModes`: the
 * low-input-mode approximation instead of exact gradients (recorded in meta.json; check its
 * error with `checkInputModes` first).
 */
export async function completeSavedCalibration(dir: string, opts: { samples?: number; chunk?: number; inputModes?: number; backend?: string; log?: (l: string) => void } = {}): Promise<void> {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as { problem: string; resolution: number; nTrain: number; nVal: number; noiseSd: number; seed: number };
  const log = opts.log ?? (() => {});
  const p = getProblem(meta.problem).resolve({ resolution: meta.resolution });
  const va = generateSplit(p, meta.seed, meta.nTrain, meta.nVal);
  const cin = p.inputChannels.length;
  const per = va.x.length / meta.nVal;
  const noisy = noisyCopy(va.x, meta.noiseSd, 1000 + meta.seed);
  const saved = asBatch(readNpy(path.join(dir, "val-noisy-mean.npy")));
  const gs = await loadSurrogate(path.join(dir, "gsnn"), opts.backend ? { backend: opts.backend } : {});
  try {
    // The regenerated inputs must give the saved predictions (same data, noise and model).
    const check = await gs.predict(makeField([1, ...p.grid.shape, cin], noisy.slice(0, per)));
    const dev = check.data.reduce((m, v, k) => Math.max(m, Math.abs(v - saved.data[k]!)), 0);
    if (dev > 1e-4) throw new DatasetFormatError(`regenerated validation inputs do not reproduce the saved predictions (max deviation ${dev})`, dir);
    const file = path.join(dir, "val-noisy-linvar.npy");
    const done = fs.existsSync(file) ? asBatch(readNpy(file)) : null;
    const have = done ? done.shape[0]! : 0;
    const want = Math.min(opts.samples ?? meta.nVal, meta.nVal);
    const chunk = opts.chunk ?? 10;
    const full = meta as unknown as Record<string, unknown>;
    const modesKey = "valLinvarInputModes";
    if (done && (full[modesKey] ?? null) !== (opts.inputModes ?? null)) throw new DatasetFormatError(`val-noisy-linvar.npy was computed with ${modesKey} ${String(full[modesKey] ?? "exact")}: delete it to change`, dir);
    full[modesKey] = opts.inputModes ?? null;
    fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify(full, null, 1));
    let acc = done ? Float64Array.from(done.data) : new Float64Array(0);
    let outShape = done ? done.shape.slice(1) : [];
    for (let i = have; i < want; i += chunk) {
      const k = Math.min(chunk, want - i);
      const t0 = performance.now();
      const x = makeField([k, ...p.grid.shape, cin], noisy.slice(i * per, (i + k) * per));
      const v = await gs.predictWithUncertainty(x, { method: "linearized", inputVariance: meta.noiseSd * meta.noiseSd, ...(opts.inputModes === undefined ? {} : { inputModes: opts.inputModes }) });
      const next = new Float64Array(acc.length + v.variance.data.length);
      next.set(acc);
      next.set(v.variance.data, acc.length);
      acc = next;
      outShape = v.variance.shape.slice(1);
      writeNpy(file, makeField([i + k, ...outShape], acc));
      log(`validation linearised variance: ${i + k} / ${want} samples (${((performance.now() - t0) / k).toFixed(0)} ms / sample)`);
    }
  } finally {
    gs.dispose();
  }
}

/** Re-score the GSNN rows of a calibration run saved with `saveDir`. */
export function rescoreSavedCalibration(dir: string, opts: { bins?: number } = {}): RescoreResult {
  const bins = opts.bins ?? 8;
  const metaFile = path.join(dir, "meta.json");
  if (!fs.existsSync(metaFile)) throw new DatasetFormatError("no meta.json: not a calibration save directory", dir);
  const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as Record<string, unknown>;
  const has = (name: string) => fs.existsSync(path.join(dir, `${name}.npy`));
  const load = (name: string) => asBatch(readNpy(path.join(dir, `${name}.npy`)));
  const [yVal, yTest, valMean, valNoisyMean, mean, linVar] = ["y-val", "y-test", "val-clean-mean", "val-noisy-mean", "test-noisy-mean", "test-noisy-linvar"].map(load) as BatchArray[];
  const C = yTest!.shape[yTest!.shape.length - 1]!;
  const periodic = Array.isArray(meta.periodic) ? (meta.periodic as boolean[]) : yTest!.shape.slice(1, -1).map(() => true);
  const msPerSample = typeof meta.msPerTestSampleLinearized === "number" ? meta.msPerTestSampleLinearized : NaN;
  const rows: CalibrationRow[] = [];
  const z: ZSummary[] = [];
  const avg = (a: Float64Array) => a.reduce((q, v) => q + v, 0) / a.length;
  const relL2 = avg(relativeL2PerSample(mean!, yTest!));
  const score = (method: string, variance: BatchArray) => {
    const v = { data: Float64Array.from(variance.data, (q) => Math.max(q, 1e-30)), shape: variance.shape };
    const s = gaussianScoresPerSample(mean!, v, yTest!);
    rows.push({ method, nll: avg(s.nll), crps: avg(s.crps), coverage95: avg(s.coverage95), relL2, msPerSample });
    z.push(zSummary(method, mean!, v, yTest!, bins));
  };
  const plus = (add: BatchArray): BatchArray => ({ data: Float64Array.from(linVar!.data, (v, k) => v + add.data[k]!), shape: linVar!.shape });
  const clean = residualVariance(valMean!, yVal!);
  const testFeature = gradientFeature(mean!, periodic);
  score("GSNN, linearised input noise + model error", addChannelVariance(linVar!, clean));
  score("GSNN, linearised input noise + binned model error", plus(applyBinnedVariance(fitBinnedVariance(valMean!, yVal!, gradientFeature(valNoisyMean!, periodic), bins), testFeature)));
  score("GSNN, linearised input noise + binned model error (clean-input bins)", plus(applyBinnedVariance(fitBinnedVariance(valMean!, yVal!, gradientFeature(valMean!, periodic), bins), testFeature)));
  score("GSNN, linearised input noise only", linVar!);
  const chMean = (b: BatchArray) => {
    const s = new Array<number>(C).fill(0);
    b.data.forEach((v, k) => (s[k % C]! += v / (b.data.length / C)));
    return s;
  };
  const modelError: Record<string, number[]> = {
    "clean validation MSE (the model error used)": clean,
    "noisy validation MSE": residualVariance(valNoisyMean!, yVal!),
    "noisy test MSE (diagnostic only)": residualVariance(mean!, yTest!),
    "mean linearised variance, test": chMean(linVar!),
  };
  let noiseScale: RescoreResult["noiseScale"] = null;
  if (has("val-noisy-linvar")) {
    const valLin = load("val-noisy-linvar");
    const k = valLin.shape[0]!;
    const [vm, vy] = [head(valNoisyMean!, k), head(yVal!, k)];
    meta.fitSamples = k;
    const vm0 = meta.valLinvarInputModes;
    modelError[`mean linearised variance, validation (${k} samples${typeof vm0 === "number" ? `, input modes ≤ ${vm0}` : ""})`] = chMean(valLin);
    const resid = residualVariance(vm, vy, valLin);
    modelError["noisy validation MSE − linearised variance (floored at 0)"] = resid;
    score("GSNN, linearised input noise + noisy-validation residual", addChannelVariance(linVar!, resid));
    const fit = fitNoiseScale(vm, vy, valLin);
    noiseScale = { scale: fit.scale, modelVariance: fit.modelVariance };
    score("GSNN, fitted noise scale + model error (validation likelihood)", applyNoiseScale(fit, linVar!));
  }
  const mc: RescoreResult["mc"] = [];
  if (has("mc-draws-mean") && has("mc-clean-linvar")) {
    const draws = load("mc-draws-mean");
    const cm = load("mc-clean-mean");
    const cv = load("mc-clean-linvar");
    const S = cv.shape[0]!;
    const per = cv.data.length / S;
    const R = draws.shape[0]! / S;
    for (let i = 0; i < S; i++) {
      const ratios: number[] = [];
      let [sv, se, sb, sn] = [0, 0, 0, 0];
      for (let k = 0; k < per; k++) {
        let s1 = 0;
        let s2 = 0;
        for (let q = 0; q < R; q++) {
          const v = draws.data[(i * R + q) * per + k]!;
          s1 += v;
          s2 += v * v;
        }
        const m = s1 / R;
        const emp = (s2 - R * m * m) / (R - 1);
        const lin = cv.data[i * per + k]!;
        ratios.push(lin / emp);
        sv += lin;
        se += emp;
        sb += (m - cm.data[i * per + k]!) ** 2;
        sn += linVar!.data[i * per + k]!;
      }
      ratios.sort((a, b) => a - b);
      mc.push({ sample: i, medianRatio: ratios[ratios.length >> 1]!, minRatio: ratios[0]!, maxRatio: ratios[ratios.length - 1]!, ratioOfMeans: sv / se, noisyOverClean: sn / sv, bias2OverVar: sb / se });
    }
  }
  return { meta, rows, z, modelError, noiseScale, mc };
}

/** One row of `checkInputModes`: the low-input-mode variance against the saved exact one. */
export interface InputModesCheck {
  /** Highest input mode kept; null: the exact gradients, timed again under the current load. */
  modes: number | null;
  msPerSample: number;
  /** Over the checked values: median and max |approx − exact| / exact, and Σ approx / Σ exact. */
  medianRelError: number;
  maxRelError: number;
  ratioOfSums: number;
}

/**
 * Cost and error of `inputModes` (the linearised variance from low input modes) on a saved run:
 * the first `samples` noisy test inputs (regenerated, checked against the saved predictions),
 * each mode count against the saved exact variance; the exact one is timed again on the same
 * inputs so that both costs are under the same load.
 */
export async function checkInputModes(dir: string, opts: { modes: number[]; samples?: number; backend?: string }): Promise<InputModesCheck[]> {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as { problem: string; resolution: number; nTrain: number; nVal: number; noiseSd: number; seed: number };
  const p = getProblem(meta.problem).resolve({ resolution: meta.resolution });
  const S = opts.samples ?? 4;
  const te = generateSplit(p, meta.seed, meta.nTrain + meta.nVal, S);
  const cin = p.inputChannels.length;
  // The test noise is drawn in order from one stream: the first S samples' noise is its first draws.
  const x = makeField([S, ...p.grid.shape, cin], noisyCopy(te.x, meta.noiseSd, 2000 + meta.seed));
  const exact = asBatch(readNpy(path.join(dir, "test-noisy-linvar.npy")));
  const savedMean = asBatch(readNpy(path.join(dir, "test-noisy-mean.npy")));
  const gs = await loadSurrogate(path.join(dir, "gsnn"), opts.backend ? { backend: opts.backend } : {});
  const rows: InputModesCheck[] = [];
  try {
    const m = await gs.predict(x);
    const dev = m.data.reduce((q, v, k) => Math.max(q, Math.abs(v - savedMean.data[k]!)), 0);
    if (dev > 1e-4) throw new DatasetFormatError(`regenerated test inputs do not reproduce the saved predictions (max deviation ${dev})`, dir);
    const v2 = meta.noiseSd * meta.noiseSd;
    // Untimed warm-up: the first call builds the differentiated twin.
    await gs.predictWithUncertainty(makeField([1, ...x.shape.slice(1)], x.data.slice(0, x.data.length / S)), { method: "linearized", inputVariance: v2, inputModes: 0 });
    for (const modes of [null, ...opts.modes]) {
      const t0 = performance.now();
      // The exact one is timed on one sample only (it is the slow one); its error is 0 by definition.
      const xs = modes === null ? makeField([1, ...x.shape.slice(1)], x.data.slice(0, x.data.length / S)) : x;
      const v = await gs.predictWithUncertainty(xs, { method: "linearized", inputVariance: v2, ...(modes === null ? {} : { inputModes: modes }) });
      const ms = (performance.now() - t0) / xs.shape[0]!;
      const rel = Array.from(v.variance.data, (a, k) => Math.abs(a - exact.data[k]!) / exact.data[k]!).sort((a, b) => a - b);
      const sum = (a: ArrayLike<number>, L: number) => Array.from({ length: L }, (_, k) => a[k]!).reduce((s, q) => s + q, 0);
      rows.push({ modes, msPerSample: ms, medianRelError: rel[rel.length >> 1]!, maxRelError: rel[rel.length - 1]!, ratioOfSums: sum(v.variance.data, v.variance.data.length) / sum(exact.data, v.variance.data.length) });
    }
  } finally {
    gs.dispose();
  }
  return rows;
}
