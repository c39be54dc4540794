/**
 * `compare-details.json`: what a comparison report draws beyond the table (docs/evaluation.md,
 * "Reports"), per dataset: the first test samples with every model's prediction, the error
 * spectra, the loss curves and the classical solver settings timed on the same test samples.
 * Written by workflows/compare-details.ts; read by reports without running any model.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DatasetFormatError } from "../../core/index.js";

export const COMPARE_DETAILS_FILE = "compare-details.json";

export interface DetailSample {
  /** Index in the test store. */
  index: number;
  /** First channel, flattened in C order. */
  truth: number[];
  predictions: Array<{ model: string; values: number[] }>;
}

export interface DatasetDetails {
  dataset: string;
  nTrain: number;
  seed: number;
  /** Spatial grid of the samples, and the point positions along each axis. */
  shape: number[];
  coordinates: number[][];
  samples: DetailSample[];
  /** errF per Fourier wavenumber bin over the scored test samples (fourier-bands.ts). */
  spectra: Array<{ model: string; perBin: number[] }>;
  loss: Array<{ model: string; epoch: number; split: "train" | "validation"; loss: number }>;
  /** Solver settings on the same test samples; empty when the problem has none. */
  solvers: Array<{ name: string; msPerSample: number; relL2: number }>;
  /** Why solver settings are missing or incomplete. */
  solverNote?: string;
  /** Test samples scored for the spectra and the solver points. */
  testSamples: number;
}

export interface CompareDetails {
  format: "pdes-compare-details";
  version: 1;
  datasets: DatasetDetails[];
}

/** Read `<dir>/compare-details.json`; undefined when absent (compare directories made before it existed). */
export function readCompareDetails(dir: string): CompareDetails | undefined {
  const file = path.join(dir, COMPARE_DETAILS_FILE);
  if (!fs.existsSync(file)) return undefined;
  let d: CompareDetails;
  try {
    d = JSON.parse(fs.readFileSync(file, "utf8")) as CompareDetails;
  } catch (e) {
    throw new DatasetFormatError("not valid JSON", file, { cause: e });
  }
  if (d.format !== "pdes-compare-details" || d.version !== 1 || !Array.isArray(d.datasets)) throw new DatasetFormatError("unknown compare-details.json format", file);
  return d;
}
