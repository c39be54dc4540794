/**
 * Predictions written as a dataset store (datasets' `writeStore`, the one store writer):
 * `inputs` (a copy of what was predicted from), `outputs` (predicted means) and, for
 * probabilistic models, `variance`; checksummed chunks, a manifest, consolidated metadata,
 * coordinate arrays and xarray dimension names, so the store verifies (`pdes verify`) and opens
 * like any dataset (`openDataset`, `xarray.open_zarr`). The root attributes name the model and
 * the problem it came from.
 */
import * as fs from "node:fs";
import { InvalidArgumentError, toContiguous, type Field, type Grid } from "../core/index.js";
import { writeStore } from "../datasets/index.js";

/** Recorded as the writer of prediction stores; bumped when their bytes change. */
export const PREDICTION_STORE_WRITER = "pde-surrogates predict 1";

export interface PredictionStoreInfo {
  /** Model kind, e.g. "gsnn". */
  model: string;
  /** The training problem's name, when known. */
  problem?: string | null;
  /** Channel names (default c0, c1, ...). */
  inputChannels?: readonly string[];
  outputChannels?: readonly string[];
  /** More root attributes (provenance). */
  attrs?: Readonly<Record<string, unknown>>;
}

/**
 * Write `arrays` (`[N, ...grid.shape, C]` Fields) to the new store `dir`. Refuses a path that
 * exists and is not empty; nothing is left half-written (the completion marker comes last).
 */
export async function writePredictionStore(
  dir: string,
  arrays: { inputs: Field; outputs: Field; variance?: Field },
  grid: Grid,
  info: PredictionStoreInfo,
): Promise<void> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new InvalidArgumentError("out", dir, "already exists and is not empty");
  const { inputs, outputs, variance } = arrays;
  const channels = (f: Field, given: readonly string[] | undefined, name: string): string[] => {
    const c = f.shape[f.shape.length - 1]!;
    if (given && given.length === c) return [...given];
    if (given) throw new InvalidArgumentError(name, given, `must name ${c} channels`);
    return Array.from({ length: c }, (_, k) => `c${k}`);
  };
  await writeStore({
    out: dir,
    grid,
    inputs: { data: toContiguous(inputs).data, channels: channels(inputs, info.inputChannels, "inputChannels") },
    outputs: { data: toContiguous(outputs).data, channels: channels(outputs, info.outputChannels, "outputChannels") },
    ...(variance ? { extras: { variance: toContiguous(variance).data } } : {}),
    generator: PREDICTION_STORE_WRITER,
    problem: info.problem ?? "unspecified",
    attrs: {
      title: `predictions of a ${info.model} surrogate${info.problem ? ` (${info.problem})` : ""}`,
      source: "pdes predict",
      model: info.model,
      ...(info.attrs ?? {}),
    },
  });
}
