/**
 * Run a comparison (compare-spec.ts): for each dataset, model, n_train and seed, train on the
 * first n_train samples of the training store into `<out>/runs/...`, score on the test store,
 * and collect one row. Results go to `<out>/compare.json`; finished runs are reused on resume,
 * so an interrupted comparison continues where it stopped. With the cpu backend the errors are
 * identical on a rerun (seeded splits, shuffles and initial weights); times are not.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DatasetFormatError, ensureBackend, InvalidArgumentError, IoError } from "../../core/index.js";
import { firstSamples, openDataset, writeFileAtomic } from "../../datasets/index.js";
import { requireMatchingData } from "../data-match.js";
import { acquireLock } from "../training/run-lock.js";
import { loadSurrogate } from "../surrogate.js";
import { parseTrainConfig, train } from "../training/index.js";
import {
  COMPARE_FILE,
  budgetLine,
  evaluatePredictor,
  evaluationSetFromDataset,
  surrogatePredictor,
  type CompareResult,
  type CompareRow,
  type CompareSpec,
  type GridEvaluationSet,
} from "../evaluation/index.js";

export interface CompareHooks {
  log?: (line: string) => void;
  /** Backend name actually in use (recorded). */
  backend?: string;
}

function datasetName(d: CompareSpec["datasets"][number], attrs: Readonly<Record<string, unknown>>): string {
  if (d.name) return d.name;
  const p = attrs.problem;
  return typeof p === "string" ? p : typeof p === "object" && p !== null && typeof (p as { name?: unknown }).name === "string" ? (p as { name: string }).name : path.basename(d.train);
}

/**
 * Every store of a comparison opens, each test store holds its training store's problem, domain
 * and channels (docs/safety.md §Right data), and each training store has the samples asked
 * for. Run before anything is written.
 */
export async function checkCompareInputs(spec: CompareSpec): Promise<void> {
  const maxN = Math.max(...spec.nTrain);
  for (const d of spec.datasets) {
    const train = await openDataset(d.train);
    const test = await openDataset(d.test);
    if (train.grid === undefined || train.gridAssumed) throw new DatasetFormatError("the store's attributes describe no grid (shape, lengths, bc)", d.train);
    requireMatchingData({ problem: train.attrs, grid: train.grid, inChannels: train.inputs.channels, outChannels: train.outputs.channels }, test, { outputs: true, runLabel: `the training store ${d.train}` });
    if (maxN > train.n) throw new InvalidArgumentError("nTrain", maxN, `must not exceed the ${train.n} samples of ${d.train}`);
  }
}

export async function runCompare(spec: CompareSpec, out: string, hooks: CompareHooks = {}): Promise<CompareResult> {
  const log = hooks.log ?? (() => {});
  await checkCompareInputs(spec);
  // Selected once here (unless the caller did), so every run trains and predicts on it.
  const used = await ensureBackend(spec.backend);
  fs.mkdirSync(out, { recursive: true });
  // One writer at a time (docs/safety.md §Locks); a killed one's lock is taken over.
  const lock = acquireLock(path.join(out, "compare.lock"), `compare directory ${out}`, "pdes compare");
  try {
    return await compareLocked(spec, out, log, hooks, used.preference);
  } finally {
    lock.release();
  }
}

async function compareLocked(spec: CompareSpec, out: string, log: (line: string) => void, hooks: CompareHooks, backend: string): Promise<CompareResult> {
  const rows: CompareRow[] = [];
  for (const dspec of spec.datasets) {
    const trainDs = await openDataset(dspec.train);
    const testDs = await openDataset(dspec.test);
    const name = datasetName(dspec, trainDs.attrs);
    const maxN = Math.max(...spec.nTrain);
    if (maxN > trainDs.n) throw new IoError(dspec.train, `has ${trainDs.n} samples; n_train up to ${maxN} requested`);
    const test: GridEvaluationSet = await evaluationSetFromDataset(testDs, spec.testSamples ? { end: Math.min(spec.testSamples, testDs.n) } : {});
    for (const m of spec.models) {
      const label = m.name ?? m.kind;
      for (const n of spec.nTrain) {
        for (const seed of spec.seeds) {
          const runDir = path.join(out, "runs", name, label, `n${n}-s${seed}`);
          const finished = fs.existsSync(path.join(runDir, "surrogate.json"));
          let trainSeconds: number;
          let steps: number;
          if (finished) {
            const meta = JSON.parse(fs.readFileSync(path.join(runDir, "surrogate.json"), "utf8")) as { steps: number };
            const timing = JSON.parse(fs.readFileSync(path.join(runDir, "compare-timing.json"), "utf8")) as { trainSeconds: number };
            steps = meta.steps;
            trainSeconds = timing.trainSeconds;
          } else {
            // A partial run from an interrupted comparison restarts from scratch.
            fs.rmSync(runDir, { recursive: true, force: true });
            const cfg = parseTrainConfig({
              data: dspec.train,
              out: runDir,
              model: m.kind,
              modelConfig: m.modelConfig,
              epochs: spec.epochs,
              batchSize: spec.batchSize,
              lr: spec.lr,
              schedule: { kind: "cosine" },
              seed,
              backend: spec.backend,
              validationFraction: 0,
              ridgeLambda: spec.ridgeLambda,
              checkpointEvery: 1_000_000,
            });
            const t0 = performance.now();
            // The first n samples, streamed from the store (nothing read whole).
            const r = await train({ config: cfg, data: firstSamples(trainDs, n), ...(hooks.backend ? { backend: hooks.backend } : {}) });
            trainSeconds = (performance.now() - t0) / 1000;
            steps = r.steps;
            r.model.dispose();
            await writeFileAtomic(path.join(runDir, "compare-timing.json"), JSON.stringify({ trainSeconds }) + "\n");
          }
          const s = await loadSurrogate(runDir);
          try {
            const ev = await evaluatePredictor(surrogatePredictor(s), test, { batchSize: 64, repeats: 3 });
            const mt = ev.metrics;
            rows.push({
              dataset: name,
              model: label,
              kind: m.kind,
              nTrain: n,
              seed,
              parameters: s.info.parameterCount,
              steps,
              trainSeconds,
              msPerSample: ev.timing.msPerSample,
              relL2Mean: mt.relL2.mean,
              relL2Median: mt.relL2.median,
              relL2P95: mt.relL2.p95,
              relL2Max: mt.relL2.max,
              nrmse: mt.nrmse,
              h1Mean: mt.h1.mean,
              nll: mt.probabilistic?.nll ?? null,
              coverage95: mt.probabilistic?.coverage95 ?? null,
              crps: mt.probabilistic?.crps ?? null,
            });
            log(`${name} ${label} n_train=${n} seed=${seed}: rel L2 ${mt.relL2.mean.toExponential(3)} (${trainSeconds.toFixed(1)} s)`);
          } finally {
            s.dispose();
          }
        }
      }
    }
  }
  const result: CompareResult = { format: "pdes-compare", version: 1, spec, budget: budgetLine(spec), backend: hooks.backend ?? backend, rows };
  const file = path.join(out, COMPARE_FILE);
  await writeFileAtomic(file, JSON.stringify(result, null, 1) + "\n");
  return result;
}
