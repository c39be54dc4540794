/**
 * `pdes quickstart`: the whole pipeline on small problems in a few minutes — generate training
 * and test stores (heat1d, poisson1d), train GSNN, FNO and ridge under one budget, score them on
 * the held-out stores, and write the comparison report. Problems or models missing from this
 * build are skipped with a note rather than failing the run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { IoError, isPdesError, resolveBackendPreference } from "../../core/index.js";
import { generateDataset, PROBLEMS } from "../../datasets/index.js";
import type { ModelKind } from "../../operators/index.js";
import { availableModelKinds } from "../model-registry.js";
import { parseCompareSpec, type CompareResult, type CompareSpec } from "../evaluation/index.js";
import { runCompare } from "./compare.js";

export interface QuickstartOptions {
  out: string;
  problems?: string[];
  models?: ModelKind[];
  nTrain?: number;
  nTest?: number;
  resolution?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  backend?: CompareSpec["backend"];
  /** Model configs by kind (defaults: small, fast settings). */
  modelConfigs?: Partial<Record<ModelKind, Record<string, unknown>>>;
  log?: (line: string) => void;
  /** Backend actually selected (recorded in the results). */
  backendName?: string;
}

export const QUICKSTART_DEFAULTS = {
  problems: ["heat1d", "poisson1d"],
  models: ["gsnn", "fno", "ridge"] as ModelKind[],
  nTrain: 128,
  nTest: 64,
  resolution: 64,
  epochs: 30,
  batchSize: 16,
  lr: 3e-3,
};

/** Small model settings so the quickstart stays within minutes on two cores. */
export const QUICKSTART_MODEL_CONFIGS: Partial<Record<ModelKind, Record<string, unknown>>> = {
  fno: { width: 16, modes: 12, depth: 3 },
  gsnn: { width: 16, depth: 3, projectionWidth: 64 },
};

export interface QuickstartResult {
  compare: CompareResult;
  skipped: string[];
}

export async function runQuickstart(o: QuickstartOptions): Promise<QuickstartResult> {
  const log = o.log ?? (() => {});
  const d = QUICKSTART_DEFAULTS;
  if (fs.existsSync(o.out) && fs.readdirSync(o.out).length > 0) throw new IoError(o.out, "output directory exists and is not empty");
  const skipped: string[] = [];
  const problems = (o.problems ?? d.problems).filter((p) => {
    if (PROBLEMS.has(p)) return true;
    skipped.push(`problem ${p} (not in this build)`);
    return false;
  });
  const have = new Set(availableModelKinds());
  const models = (o.models ?? d.models).filter((m) => {
    if (have.has(m)) return true;
    skipped.push(`model ${m} (not in this build)`);
    return false;
  });
  for (const s of skipped) log(`quickstart: skipping ${s}`);
  if (problems.length === 0 || models.length === 0) throw new IoError(o.out, "nothing to run: no available problem or model");
  const nTrain = o.nTrain ?? d.nTrain;
  const nTest = o.nTest ?? d.nTest;
  const res = o.resolution ?? d.resolution;
  const datasets: Array<{ name: string; train: string; test: string }> = [];
  for (const p of problems) {
    const train = path.join(o.out, "data", `${p}-train`);
    const test = path.join(o.out, "data", `${p}-test`);
    // Different seeds: the test samples are independent of the training samples.
    await generateDataset({ problem: p, params: { resolution: res }, n: nTrain, seed: 1, out: train });
    await generateDataset({ problem: p, params: { resolution: res }, n: nTest, seed: 2, out: test });
    log(`quickstart: generated ${p} (${nTrain} train, ${nTest} test samples at ${res} points)`);
    datasets.push({ name: p, train, test });
  }
  const configs = { ...QUICKSTART_MODEL_CONFIGS, ...(o.modelConfigs ?? {}) };
  const spec = parseCompareSpec({
    datasets,
    models: models.map((kind) => ({ kind, modelConfig: configs[kind] ?? {} })),
    nTrain: [nTrain],
    seeds: [0],
    epochs: o.epochs ?? d.epochs,
    batchSize: o.batchSize ?? d.batchSize,
    lr: o.lr ?? d.lr,
    backend: resolveBackendPreference(o.backend),
  });
  try {
    const compare = await runCompare(spec, o.out, { log, ...(o.backendName ? { backend: o.backendName } : {}) });
    return { compare, skipped };
  } catch (e) {
    if (isPdesError(e)) log(`quickstart: stopped: ${e.message}`);
    throw e;
  }
}
