/** `pdes generate <problem>`: generate (or resume) a dataset store. See docs/datasets.md. */
import { Command, Option } from "commander";
import cliProgress from "cli-progress";
import { generateDataset, parseShard, PROBLEMS, problemNames, type StoreCompressor, type StoreDType, type ZarrFormat } from "../../datasets/index.js";
import { InvalidArgumentError } from "../../core/index.js";
import { parseNumber } from "../cli-util.js";

/** Every problem parameter becomes an option; the chosen problem validates its own. */
function paramOptions(): Map<string, string> {
  const docs = new Map<string, string>();
  for (const p of PROBLEMS.values())
    for (const d of p.params) {
      const line = `${d.doc} [${p.name}${d.choices ? `: ${d.choices.join("|")}` : ""}; default ${d.default}]`;
      docs.set(d.name, docs.has(d.name) ? `${d.doc} (default per problem)` : line);
    }
  return docs;
}

function integer(flag: string, v: string): number {
  const x = parseNumber(flag, v);
  if (!Number.isInteger(x)) throw new InvalidArgumentError(flag, v, "must be an integer");
  return x;
}

export function register(program: Command): void {
  const cmd = program
    .command("generate")
    .description(`generate a dataset store (problems: ${problemNames().join(", ")}); re-running resumes`)
    .argument("<problem>", "problem name")
    .requiredOption("--n <count>", "number of samples")
    .requiredOption("--seed <seed>", "dataset seed (uint32); sample i depends only on (seed, i)")
    .requiredOption("--out <path>", "store directory (new, empty, or a partial store to resume)")
    .option("--workers <w>", "worker threads", "1")
    .option("--shard <i/N>", "generate only chunk block i of N (0-based), for separate processes/machines")
    .option("--chunk-samples <k>", "samples per chunk (default: ~4 MiB chunks)")
    .addOption(new Option("--dtype <type>", "stored data type").choices(["float32", "float64"]).default("float32"))
    .addOption(new Option("--zarr-format <v>", "zarr format").choices(["2", "3"]).default("2"))
    .addOption(new Option("--compressor <c>", "chunk compression (zlib level 1; v3: gzip)").choices(["none", "zlib"]).default("none"))
    .option("--no-fsync", "skip fsync per chunk (faster on slow disks; a power loss may lose recent chunks, which the next run regenerates)")
    .option("--quiet", "no progress output");
  const params = paramOptions();
  for (const [name, doc] of params) cmd.option(`--${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} <value>`, doc);
  cmd.action(async (problem: string, o: Record<string, string | boolean | undefined>) => {
    const n = integer("--n", o.n as string);
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
    const res = await generateDataset({
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
