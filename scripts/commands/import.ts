/**
 * `pdes import <file...> --out <store>`: published data (torch .pt, numpy .npy/.npz, HDF5 in
 * PDEBench's layouts) into a checksummed store with its grid and problem attributes
 * (docs/datasets.md §Importing). Known sources are recognised and their defaults used; every
 * mapping can be given by flags.
 */
import * as fs from "node:fs";
import { Command, Option } from "commander";
import { BOUNDARY_CONDITIONS, InvalidArgumentError, POINT_LAYOUTS, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import { IMPORT_SOURCES, importDataset, type FieldSpec } from "../../datasets/index.js";
import { parseNumber } from "../cli-util.js";

interface ImportFlags {
  out: string;
  source: string;
  input?: string[];
  output?: string[];
  axes?: string;
  inputTime?: string;
  outputTime?: string;
  bc?: string;
  layout?: string;
  length?: string;
  coords?: string;
  samples?: string;
  problem?: string;
  inputChannels?: string;
  outputChannels?: string;
  dtype?: "float32" | "float64";
  zarrFormat: string;
  compressor: "none" | "zlib";
  chunkSamples?: string;
  fsync: boolean;
  quiet?: boolean;
}

const collect = (v: string, acc: string[] = []) => [...acc, ...v.split(",").filter((s) => s !== "")];

/** "name" or "name:axes" (axes letters, e.g. nxy); `axes` is the default for bare names. */
function fields(flag: string, items: string[] | undefined, axes: string | undefined): FieldSpec[] | undefined {
  if (!items) return undefined;
  return items.map((it) => {
    const k = it.lastIndexOf(":");
    const name = k > 0 ? it.slice(0, k) : it;
    const ax = k > 0 ? it.slice(k + 1) : axes;
    if (!ax) throw new InvalidArgumentError(flag, it, "needs its axes: name:axes (e.g. u:nxy) or --axes");
    return { name, axes: ax };
  });
}

function ints(flag: string, v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  return v.split(",").map((s) => {
    const x = parseNumber(flag, s);
    if (!Number.isInteger(x)) throw new InvalidArgumentError(flag, v, "must be comma-separated integers");
    return x;
  });
}

function list<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | T[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(",");
  items.forEach((x) => {
    if (!allowed.includes(x as T)) throw new InvalidArgumentError(flag, v, `must be one of ${allowed.join(", ")} (one, or one per axis comma-separated)`);
  });
  return items.length === 1 ? (items[0] as T) : (items as T[]);
}

export function register(program: Command): void {
  program
    .command("import")
    .description("import published data (torch .pt, numpy .npy/.npz, HDF5/PDEBench) into a checksummed dataset store")
    .argument("<files...>", "input files (arrays are found by name across them)")
    .requiredOption("--out <store>", "store to write (a new path, or the same import to verify and complete)")
    .option("--source <name>", `known source whose defaults apply: auto, none, ${IMPORT_SOURCES.map((s) => s.name).join(", ")}`, "auto")
    .option("--input <field>", "input array(s), name or name:axes (repeatable or comma-separated)", collect)
    .option("--output <field>", "output array(s), name or name:axes", collect)
    .option("--axes <letters>", "axes of fields given without them: n samples, t time, c channels, x y z space, 1 size-one (e.g. ntxy)")
    .option("--input-time <i,...>", "snapshots of input fields with a t axis (negative from the end; default 0)")
    .option("--output-time <i,...>", "snapshots of output fields with a t axis (default -1)")
    .option("--bc <bc>", `boundary condition, one or per axis: ${BOUNDARY_CONDITIONS.join(", ")}`)
    .option("--layout <layout>", `point layout, one or per axis: ${POINT_LAYOUTS.join(", ")} (default: from coordinates or the source)`)
    .option("--length <L>", "domain length, one or per axis (default: from coordinates, else 1)")
    .option("--coords <names>", 'coordinate arrays per axis, comma-separated, or "none"')
    .option("--samples <start:end>", "import only these samples")
    .option("--problem <name>", "problem name recorded in the store (default: the source's)")
    .option("--input-channels <names>", "input channel names, comma-separated")
    .option("--output-channels <names>", "output channel names, comma-separated")
    .addOption(new Option("--dtype <dtype>", "stored element type (default float64 if any array is float64 or int32/64, else float32)").choices(["float32", "float64"]))
    .addOption(new Option("--zarr-format <v>", "zarr format").choices(["2", "3"]).default("2"))
    .addOption(new Option("--compressor <c>", "chunk compression").choices(["none", "zlib"]).default("none"))
    .option("--chunk-samples <k>", "samples per chunk (default about 4 MiB)")
    .option("--no-fsync", "skip fsync of each chunk")
    .option("--quiet", "no summary line")
    .action(async (files: string[], f: ImportFlags) => {
      for (const file of files) if (!fs.existsSync(file)) throw new InvalidArgumentError("file", file, "must exist");
      let samples: { start: number; end: number } | undefined;
      if (f.samples !== undefined) {
        const m = /^(\d+):(\d+)$/.exec(f.samples);
        if (!m || Number(m[1]) >= Number(m[2])) throw new InvalidArgumentError("--samples", f.samples, "must be start:end with start < end");
        samples = { start: Number(m[1]), end: Number(m[2]) };
      }
      const lengths = f.length?.split(",").map((s) => {
        const x = parseNumber("--length", s);
        if (!(x > 0)) throw new InvalidArgumentError("--length", f.length, "must be numbers > 0");
        return x;
      });
      const input = fields("--input", f.input, f.axes);
      const output = fields("--output", f.output, f.axes);
      const bc = list<BoundaryCondition>("--bc", f.bc, BOUNDARY_CONDITIONS);
      const layout = list<PointLayout>("--layout", f.layout, POINT_LAYOUTS);
      const inputTimes = ints("--input-time", f.inputTime);
      const outputTimes = ints("--output-time", f.outputTime);
      const chunk = f.chunkSamples === undefined ? undefined : parseNumber("--chunk-samples", f.chunkSamples);
      const r = await importDataset({
        files,
        out: f.out,
        source: f.source,
        ...(input ? { input } : {}),
        ...(output ? { output } : {}),
        ...(inputTimes ? { inputTimes } : {}),
        ...(outputTimes ? { outputTimes } : {}),
        ...(bc ? { bc } : {}),
        ...(layout ? { layout } : {}),
        ...(lengths ? { lengths: lengths.length === 1 ? lengths[0]! : lengths } : {}),
        ...(f.coords ? { coords: f.coords.split(",") } : {}),
        ...(samples ? { samples } : {}),
        ...(f.problem ? { problem: f.problem } : {}),
        ...(f.inputChannels ? { inputChannels: f.inputChannels.split(",") } : {}),
        ...(f.outputChannels ? { outputChannels: f.outputChannels.split(",") } : {}),
        ...(f.dtype ? { dtype: f.dtype } : {}),
        zarrFormat: Number(f.zarrFormat) as 2 | 3,
        compressor: f.compressor,
        ...(chunk !== undefined ? { chunkSamples: chunk } : {}),
        fsync: f.fsync,
      });
      if (!f.quiet) {
        const g = r.grid;
        process.stdout.write(
          `${r.out}: ${r.n} samples from ${files.length} file(s) (source ${r.source}), inputs [${r.inputShape.join(", ")}] (${r.inputChannels.join(", ")}), ` +
            `outputs [${r.outputShape.join(", ")}] (${r.outputChannels.join(", ")}), ${r.spec.dtype}; grid ${g.shape.join("×")} ` +
            `bc ${g.bc.join("/")} layout ${(g.layout ?? []).join("/")} L ${g.lengths.join("/")}\n`,
        );
      }
    });
}
