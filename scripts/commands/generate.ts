/** `pdes generate <problem>`: generate (or resume) a dataset store. See docs/datasets.md. */
import { Command, Option } from "commander";
import cliProgress from "cli-progress";
import * as fs from "node:fs";
import { generateDataset, getProblem, parseShard, PROBLEMS, problemNames, resolveGenerate, type ParamDoc, type ProblemDef, type StoreCompressor, type StoreDType, type ZarrFormat } from "../../datasets/index.js";
import { InvalidArgumentError, isPdesError } from "../../core/index.js";
import { parseNumber } from "../cli-util.js";
import { memoryRefusal } from "../memory-estimate.js";
import { requireWritableTarget } from "../target-check.js";

/**
 * Every problem parameter becomes an option. Its help line says which problems take it and
 * each one's default (and choices), grouping problems that agree, e.g.
 * `diffusivity κ [heat1d, heat2d: default 0.01]`.
 */
export function paramOptions(problems: Iterable<ProblemDef> = PROBLEMS.values()): Map<string, { doc: string; kind: ParamDoc["kind"] }> {
  const all = [...problems];
  const byName = new Map<string, { doc: string; kind: ParamDoc["kind"]; groups: Map<string, string[]> }>();
  for (const p of all)
    for (const d of p.params) {
      const e = byName.get(d.name) ?? { doc: d.doc, kind: d.kind, groups: new Map<string, string[]>() };
      const key = `default ${d.default}${d.choices ? `, one of ${d.choices.join("|")}` : ""}`;
      e.groups.set(key, [...(e.groups.get(key) ?? []), p.name]);
      byName.set(d.name, e);
    }
  const docs = new Map<string, { doc: string; kind: ParamDoc["kind"] }>();
  const who = (ps: string[]) => (ps.length === all.length && all.length > 1 ? "all problems" : ps.join(", "));
  for (const [name, e] of byName) docs.set(name, { kind: e.kind, doc: `${e.doc} [${[...e.groups].map(([k, ps]) => `${who(ps)}: ${k}`).join("; ")}]` });
  return docs;
}

export function optionFlag(param: string): string {
  return "--" + param.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

function integer(flag: string, v: string): number {
  const x = parseNumber(flag, v);
  if (!Number.isInteger(x)) throw new InvalidArgumentError(flag, v, "must be an integer");
  return x;
}

export function register(program: Command): void {
  const cmd = program
    .command("generate")
    .description(
      `Generate a dataset store of N input/solution pairs of a PDE problem (problems: ${problemNames().join(", ")}). ` +
        "Sample i depends only on (seed, i), so re-running the same command resumes a partial store and --shard splits the work across processes or machines.",
    )
    .argument("<problem>", `problem name: ${problemNames().join(", ")}`)
    .requiredOption("--n <count>", "number of samples (required)")
    .requiredOption("--seed <seed>", "dataset seed, an integer in [0, 2^32) (required); sample i depends only on (seed, i)")
    .requiredOption("--out <path>", "store directory: new, empty, or a partial store to resume (required)")
    .option("--workers <w>", "worker threads", "1")
    .option("--shard <i/N>", "generate only chunk block i of N (0-based), for separate processes/machines")
    .option("--chunk-samples <k>", "samples per chunk (default: as many as fit in ~4 MiB)")
    .addOption(new Option("--dtype <type>", "stored data type").choices(["float32", "float64"]).default("float32"))
    .addOption(new Option("--zarr-format <v>", "zarr format").choices(["2", "3"]).default("2"))
    .addOption(new Option("--compressor <c>", "chunk compression (zlib level 1; v3: gzip)").choices(["none", "zlib"]).default("none"))
    .option("--no-fsync", "skip fsync per chunk (faster on slow disks; a power loss may lose recent chunks, which the next run regenerates)")
    .option("--quiet", "no progress output");
  const params = paramOptions();
  const placeholder = { integer: "<n>", number: "<x>", string: "<name>" } as const;
  for (const [name, p] of params) cmd.option(`${optionFlag(name)} ${placeholder[p.kind]}`, p.doc);
  cmd.addHelpText(
    "after",
    [
      "",
      "Problem parameters are the options after --quiet. Each applies to the problems in its",
      "brackets, with that problem's default. Units are those of the domain: lengths in units",
      "of L, and κ·T in units of L². Details per problem: docs/datasets.md.",
      "",
      "Example: pdes generate heat1d --n 256 --seed 1 --out data/heat --resolution 64 --kappa 0.02",
    ].join("\n"),
  );
  cmd.action(async (problem: string, o: Record<string, string | boolean | undefined>) => {
    const n = integer("--n", o.n as string);
    // Named as the user typed it (the library's own check names its argument "n").
    if (n < 1) throw new InvalidArgumentError("--n", o.n, "must be an integer >= 1");
    const seed = integer("--seed", o.seed as string);
    const workers = integer("--workers", o.workers as string);
    const given: Record<string, string> = {};
    for (const name of params.keys()) if (typeof o[name] === "string") given[name] = o[name] as string;
    const tty = process.stderr.isTTY === true && !o.quiet;
    let bar: cliProgress.SingleBar | undefined;
    let done = 0;
    let total = 0;
    let t0 = Date.now();
    let lastLog = 0;
    const options = {
      problem,
      params: given,
      n,
      seed,
      out: o.out as string,
      workers,
      ...(o.shard ? { shard: parseShard(o.shard as string) } : {}),
      ...(o.chunkSamples ? { chunkSamples: integer("--chunk-samples", o.chunkSamples as string) } : {}),
      dtype: o.dtype as StoreDType,
      zarrFormat: Number(o.zarrFormat) as ZarrFormat,
      compressor: o.compressor as StoreCompressor,
    };
    // Everything that can be known before writing is checked before writing (docs/safety.md).
    const target = requireWritableTarget("--out", options.out);
    checkResolutionMemory(problem, given, workers, options.dtype);
    const resolved = resolveGenerate(options);
    const tooBig = memoryRefusal(...generateMemory(resolved, workers), gridText(resolved.problem.grid.shape));
    if (tooBig) throw new InvalidArgumentError(given.resolution !== undefined ? "--resolution" : "problem", given.resolution ?? problem, tooBig);
    if (target === undefined || (target.isDirectory() && fs.readdirSync(options.out).length === 0)) probeFirstSample(resolved, given);
    const res = await generateDataset({
      ...options,
      fsync: o.fsync !== false,
      onStart: (todo, kept) => {
        total = todo;
        t0 = Date.now();
        if (o.quiet) return;
        if (kept > 0) process.stderr.write(`resuming: ${kept} chunk(s) already good, ${todo} sample(s) to generate\n`);
        if (tty) {
          bar = new cliProgress.SingleBar(
            { format: "generate |{bar}| {value}/{total} samples | {rate}/s | ETA {eta_formatted}", hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(todo, 0, { rate: "0.0" });
        }
      },
      onSample: () => {
        done++;
        const now = Date.now();
        const rate = (done / Math.max(1e-3, (now - t0) / 1000)).toFixed(1);
        if (bar) bar.update(done, { rate });
        else if (!o.quiet && (now - lastLog > 5000 || done === total)) {
          lastLog = now;
          const eta = done > 0 ? (((total - done) * (now - t0)) / done / 1000).toFixed(0) : "?";
          process.stderr.write(`generate: ${done}/${total} samples, ${rate} samples/s, ETA ${eta} s\n`);
        }
      },
    });
    bar?.stop();
    const state = res.complete ? "complete" : "partial (other shards still to run; re-run any shard to finish)";
    process.stdout.write(
      `${res.out}: ${res.generatedSamples} samples generated in ${res.generatedChunks} chunk(s), ${res.keptChunks} kept; store ${state}\n`,
    );
  });
}

const gridText = (shape: readonly number[]): string => `a ${shape.join("×")} grid`;

/** Rough peak bytes of generation, and its largest single array (memory-estimate.ts). */
function generateMemory(r: ReturnType<typeof resolveGenerate>, workers: number): [number, number] {
  const { spec, problem } = r;
  const pts = problem.grid.shape.reduce((a, b) => a * b, 1);
  const fine = typeof problem.params.fine === "number" ? problem.params.fine : 1;
  const solvePts = pts * fine ** problem.grid.shape.length;
  const ch = problem.inputChannels.length + problem.outputChannels.length;
  // Per solve: the fields in Float64 plus complex spectra and scratch (about six arrays of the grid).
  const solve = 8 * solvePts * (ch + 6);
  // Per chunk: Float64 values and their encoded bytes, inputs and outputs.
  const chunk = spec.chunkSamples * pts * ch * (8 + 2 * (spec.dtype === "float32" ? 4 : 8));
  const largest = Math.max(8 * solvePts, 8 * spec.chunkSamples * pts * Math.max(problem.inputChannels.length, problem.outputChannels.length));
  return [Math.max(1, workers) * (solve + chunk), largest];
}

/**
 * Resolving a problem already allocates grid-sized arrays, so a huge --resolution is checked
 * first: the problem is resolved at a small resolution to learn its dimension, and the full
 * size is estimated from that (one sample per chunk at least).
 */
function checkResolutionMemory(problem: string, given: Record<string, string>, workers: number, dtype: StoreDType): void {
  if (given.resolution === undefined || !PROBLEMS.has(problem)) return;
  const res = Number(given.resolution);
  if (!Number.isInteger(res) || res <= 64) return; // the problem validates it; small grids always fit
  let small;
  try {
    small = getProblem(problem).resolve({ ...given, resolution: 8 });
  } catch {
    return; // another parameter is invalid: resolve reports it
  }
  const d = small.grid.shape.length;
  const fine = typeof small.params.fine === "number" ? small.params.fine : 1;
  const pts = res ** d;
  const solvePts = pts * fine ** d;
  const ch = small.inputChannels.length + small.outputChannels.length;
  const need = Math.max(1, workers) * (8 * solvePts * (ch + 6) + pts * ch * (8 + 2 * (dtype === "float32" ? 4 : 8)));
  const tooBig = memoryRefusal(need, 8 * solvePts, gridText(Array.from({ length: d }, () => res)));
  if (tooBig) throw new InvalidArgumentError("--resolution", given.resolution, tooBig);
}

/**
 * Solve sample 0 in memory before a new store is created: parameters that overflow (e.g.
 * --kappa 1e308 --time 1e308) fail here, naming the sample, instead of leaving a store that
 * can never be finished.
 */
function probeFirstSample(r: ReturnType<typeof resolveGenerate>, given: Record<string, string>): void {
  const { spec, problem } = r;
  const pts = problem.grid.shape.reduce((a, b) => a * b, 1);
  const input = new Float64Array(pts * problem.inputChannels.length);
  const output = new Float64Array(pts * problem.outputChannels.length);
  const params = Object.keys(given).map((k) => `--${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} ${given[k]}`).join(" ");
  const blame = (what: string) =>
    new InvalidArgumentError(params === "" ? "problem" : params, spec.problem, `gives a sample 0 (seed ${spec.seed}) that ${what}; nothing was written`);
  try {
    problem.sample(spec.seed, 0, input, output);
  } catch (e) {
    if (isPdesError(e, "NonFinite")) throw blame(`is not finite (${e.message})`);
    throw e;
  }
  const bad = [input, output].findIndex((a) => a.some((v) => !Number.isFinite(v)));
  if (bad >= 0) throw blame(`has non-finite ${bad === 0 ? "inputs" : "outputs"} (the parameters overflow)`);
}
