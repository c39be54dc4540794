/**
 * `pdes quickstart`: the whole pipeline on small problems in a few minutes — generate training
 * and test stores (heat1d, poisson1d), train GSNN, FNO and ridge under one budget at three
 * training-set sizes (so the learning curves are curves), score them on the held-out stores,
 * measure the classical solver settings on the same test samples, and collect the fields,
 * spectra and loss curves the report draws (compare-details.ts). Problems or models missing
 * from this build are skipped with a note rather than failing the run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError, IoError, isPdesError, resolveBackendPreference } from "../../core/index.js";
import { generateDataset, PROBLEMS } from "../../datasets/index.js";
import type { ModelKind } from "../../operators/index.js";
import { availableModelKinds } from "../model-registry.js";
import { COMPARE_DETAILS_FILE, COMPARE_FILE, parseCompareSpec, type CompareDetails, type CompareResult, type CompareSpec } from "../evaluation/index.js";
import { compareDetails } from "./compare-details.js";
import { runCompare } from "./compare.js";

export interface QuickstartOptions {
  out: string;
  problems?: string[];
  models?: ModelKind[];
  /** Training-set sizes; one number n means n/4, n/2, n. Default 32, 64, 128. */
  nTrain?: number | readonly number[];
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
  /** Replace the output of an earlier quickstart in `out` (refused if `out` holds anything else). */
  force?: boolean;
}

export const QUICKSTART_DEFAULTS = {
  problems: ["heat1d", "poisson1d"],
  models: ["gsnn", "fno", "ridge"] as ModelKind[],
  nTrain: [32, 64, 128] as readonly number[],
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
  details: CompareDetails;
  skipped: string[];
}

/** Everything a quickstart writes into its output directory (what `force` may remove). */
export const QUICKSTART_OUTPUTS: readonly string[] = ["data", "runs", COMPARE_FILE, COMPARE_DETAILS_FILE, "report.md", "report.html", "figures"];

/** The training-set sizes: a list as given (sorted, unique), or n/4, n/2, n for one number n. */
export function quickstartSizes(n: number | readonly number[]): number[] {
  const list = typeof n === "number" ? [Math.round(n / 4), Math.round(n / 2), n] : [...n];
  for (const x of list) if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError("nTrain", n, "must be integers >= 1 (one number n means n/4, n/2, n; n >= 4)");
  return [...new Set(list)].sort((a, b) => a - b);
}

/** Refuse a non-empty `out`, or with `force` clear an earlier quickstart's output from it. */
function prepareOut(out: string, force: boolean): void {
  if (!fs.existsSync(out) || fs.readdirSync(out).length === 0) return;
  const entries = fs.readdirSync(out);
  if (!force) throw new InvalidArgumentError("out", out, "exists and is not empty: choose a new output directory, or force to replace an earlier quickstart's output");
  const foreign = entries.filter((e) => !QUICKSTART_OUTPUTS.includes(e));
  if (foreign.length) throw new InvalidArgumentError("out", out, `holds ${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", ..." : ""}, which a quickstart did not write; force replaces only a quickstart's own output`);
  for (const e of entries) fs.rmSync(path.join(out, e), { recursive: true, force: true });
}

export async function runQuickstart(o: QuickstartOptions): Promise<QuickstartResult> {
  const log = o.log ?? (() => {});
  const d = QUICKSTART_DEFAULTS;
  const sizes = quickstartSizes(o.nTrain ?? d.nTrain);
  prepareOut(o.out, o.force === true);
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
  const nTrain = sizes[sizes.length - 1]!;
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
    nTrain: sizes,
    seeds: [0],
    epochs: o.epochs ?? d.epochs,
    batchSize: o.batchSize ?? d.batchSize,
    lr: o.lr ?? d.lr,
    backend: resolveBackendPreference(o.backend),
  });
  try {
    const compare = await runCompare(spec, o.out, { log, ...(o.backendName ? { backend: o.backendName } : {}) });
    const details = await compareDetails(compare, o.out, { log });
    return { compare, details, skipped };
  } catch (e) {
    if (isPdesError(e)) log(`quickstart: stopped: ${e.message}`);
    throw e;
  }
}
