/**
 * What a comparison report draws beyond the table (docs/evaluation.md, "Reports"): per dataset,
 * the first test samples with every model's prediction (the samples are the store's first ones,
 * not picked by error), every model's error spectrum over Fourier wavenumber bins, the loss
 * curves of the runs, and the classical solver settings measured on the same test samples, so
 * the cost-vs-error plot puts solvers beside the surrogates. The models are the runs at the
 * largest n_train and the first seed. Written to `<out>/compare-details.json`
 * (evaluation/compare-details-record.ts), which reports read without running anything.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gridPoints, isPdesError } from "../../core/index.js";
import { openDataset } from "../../datasets/index.js";
import {
  COMPARE_DETAILS_FILE,
  evaluatePredictor,
  evaluationSetFromDataset,
  fourierBandErrors,
  surrogatePredictor,
  type CompareDetails,
  type CompareResult,
  type DatasetDetails,
  type DetailSample,
  type GridEvaluationSet,
} from "../evaluation/index.js";
import { loadSurrogate } from "../surrogate.js";
import { settingPredictor } from "./solver-vs-surrogate.js";
import { solverSettings } from "./solver-settings.js";

export interface CompareDetailsOptions {
  /** Samples drawn per dataset. Default 3. */
  samples?: number;
  /** Test samples used for the spectra and the solver timings. Default 32. */
  testSamples?: number;
  log?: (line: string) => void;
}

/** The run directory runCompare uses for one (dataset, model, n_train, seed). */
export function compareRunDir(out: string, dataset: string, model: string, nTrain: number, seed: number): string {
  return path.join(out, "runs", dataset, model, `n${nTrain}-s${seed}`);
}

function lossCurve(runDir: string, model: string): DatasetDetails["loss"] {
  const file = path.join(runDir, "metrics.jsonl");
  if (!fs.existsSync(file)) return [];
  const out: DatasetDetails["loss"] = [];
  const epochs = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { type: string; epoch: number; trainLoss?: number; valLoss?: number | null });
  // A closed-form fit (ridge) logs one epoch: no curve to draw.
  const rows = epochs.filter((r) => r.type === "epoch");
  if (rows.length < 2) return [];
  for (const r of rows) {
    // metrics.jsonl counts epochs from 1, like the CLI and the plots.
    if (typeof r.trainLoss === "number" && r.trainLoss > 0) out.push({ model, epoch: r.epoch, split: "train", loss: r.trainLoss });
    if (typeof r.valLoss === "number" && r.valLoss > 0) out.push({ model, epoch: r.epoch, split: "validation", loss: r.valLoss });
  }
  return out;
}

function firstChannel(data: ArrayLike<number>, sample: number, points: number, channels: number): number[] {
  return Array.from({ length: points }, (_, q) => data[(sample * points + q) * channels]!);
}

/** Each sample and channel shifted to zero mean over the grid. */
function withZeroMean(b: GridEvaluationSet["inputs"], pts: number, channels: number): GridEvaluationSet["inputs"] {
  const out = Float64Array.from(b.data);
  const n = b.shape[0]!;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < channels; c++) {
      let m = 0;
      for (let q = 0; q < pts; q++) m += out[(i * pts + q) * channels + c]!;
      m /= pts;
      for (let q = 0; q < pts; q++) out[(i * pts + q) * channels + c]! -= m;
    }
  return { data: out, shape: b.shape };
}

async function solverPoints(problem: string, params: Record<string, unknown>, set: GridEvaluationSet): Promise<Pick<DatasetDetails, "solvers" | "solverNote">> {
  let settings;
  try {
    settings = solverSettings(problem, params, set.grid);
  } catch (e) {
    if (isPdesError(e, "Unsupported")) return { solvers: [], solverNote: e.message };
    throw e;
  }
  const pts = set.grid.shape.reduce((a, b) => a * b, 1);
  const cin = set.inputs.shape[set.inputs.shape.length - 1]!;
  const cout = set.outputs.shape[set.outputs.shape.length - 1]!;
  const solvers: DatasetDetails["solvers"] = [];
  const failed: string[] = [];
  // Periodic Poisson needs a zero-mean source. The problem's source is zero-mean by
  // construction, but a float32 store rounds it to a mean of ~1e-10, which the solvers reject:
  // remove the stored mean first (the reference was solved from the exact source).
  const inputs = problem.startsWith("poisson") && set.grid.bc.every((b) => b === "periodic") ? withZeroMean(set.inputs, pts, cin) : set.inputs;
  const scored = { ...set, inputs };
  for (const s of settings) {
    try {
      const ev = await evaluatePredictor(settingPredictor(s, pts * cin, pts * cout), scored, { batchSize: 8, repeats: 3 });
      solvers.push({ name: s.name, msPerSample: ev.timing.msPerSample, relL2: ev.metrics.relL2.mean });
    } catch (e) {
      // A setting that does not apply to this grid (or stalls) is reported, not fatal.
      if (!isPdesError(e)) throw e;
      failed.push(`${s.name} (${e.message})`);
    }
  }
  return { solvers, ...(failed.length ? { solverNote: `not measured: ${failed.join("; ")}` } : {}) };
}

export async function compareDetails(result: CompareResult, out: string, opts: CompareDetailsOptions = {}): Promise<CompareDetails> {
  const log = opts.log ?? (() => {});
  const nSamples = opts.samples ?? 3;
  const names = [...new Set(result.rows.map((r) => r.dataset))];
  const nTrain = Math.max(...result.spec.nTrain);
  const seed = result.spec.seeds[0]!;
  const models = result.spec.models.map((m) => m.name ?? m.kind);
  const datasets: DatasetDetails[] = [];
  for (const [k, dspec] of result.spec.datasets.entries()) {
    const name = names[k];
    if (name === undefined) continue;
    const ds = await openDataset(dspec.test);
    const limit = Math.min(ds.n, opts.testSamples ?? 32, result.spec.testSamples ?? Infinity);
    const set = await evaluationSetFromDataset(ds, { end: limit });
    const pts = set.grid.shape.reduce((a, b) => a * b, 1);
    const cout = ds.outputs.channels;
    const shown = Math.min(nSamples, limit);
    const samples: DetailSample[] = Array.from({ length: shown }, (_, i) => ({ index: i, truth: firstChannel(set.outputs.data, i, pts, cout), predictions: [] }));
    const spectra: DatasetDetails["spectra"] = [];
    const loss: DatasetDetails["loss"] = [];
    for (const model of models) {
      const runDir = compareRunDir(out, name, model, nTrain, seed);
      if (!fs.existsSync(path.join(runDir, "surrogate.json"))) continue;
      const s = await loadSurrogate(runDir);
      try {
        const ev = await evaluatePredictor(surrogatePredictor(s), set, { batchSize: 64 });
        samples.forEach((smp, i) => smp.predictions.push({ model, values: firstChannel(ev.prediction, i, pts, cout) }));
        const f = fourierBandErrors({ data: ev.prediction, shape: set.outputs.shape }, set.outputs, { lengths: set.grid.lengths });
        spectra.push({ model, perBin: Array.from(f.perBin) });
      } finally {
        s.dispose();
      }
      loss.push(...lossCurve(runDir, model));
    }
    const attrs = ds.attrs as { problem?: unknown; parameters?: unknown };
    const problem = typeof attrs.problem === "string" ? attrs.problem : name;
    const params = typeof attrs.parameters === "object" && attrs.parameters !== null ? (attrs.parameters as Record<string, unknown>) : {};
    const sp = await solverPoints(problem, params, set);
    log(`${name}: ${sp.solvers.length} solver setting(s) measured on ${limit} test samples`);
    datasets.push({
      dataset: name,
      nTrain,
      seed,
      shape: [...set.grid.shape],
      coordinates: set.grid.shape.map((_, a) => Array.from(gridPoints(set.grid, a))),
      samples,
      spectra,
      loss,
      ...sp,
      testSamples: limit,
    });
  }
  const details: CompareDetails = { format: "pdes-compare-details", version: 1, datasets };
  const file = path.join(out, COMPARE_DETAILS_FILE);
  fs.writeFileSync(file + ".tmp", JSON.stringify(details) + "\n");
  fs.renameSync(file + ".tmp", file);
  return details;
}

