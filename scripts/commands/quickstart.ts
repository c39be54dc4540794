/**
 * `pdes quickstart`: small heat1d and poisson1d datasets, GSNN / FNO / ridge trained briefly,
 * evaluated on held-out data; prints the comparison table and writes the HTML report.
 */
import * as path from "node:path";
import { Command } from "commander";
import { InvalidArgumentError, describeBackend, selectBackend } from "../../core/index.js";
import { backendOption } from "../backend-option.js";
import {
  COMPARE_SUMMARY_COLUMNS,
  QUICKSTART_DEFAULTS,
  compareReport,
  compareSummaryRows,
  formatCell,
  runQuickstart,
  textTable,
  writeReport,
} from "../../surrogates/index.js";
import { parseNumber } from "../cli-util.js";

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = parseNumber(flag, v);
  if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError(flag, v, "must be an integer >= 1");
  return x;
}

export function register(program: Command): void {
  const d = QUICKSTART_DEFAULTS;
  program
    .command("quickstart")
    .description("end to end in minutes: generate heat1d + poisson1d, train GSNN, FNO and ridge, evaluate, print the table, write the HTML report")
    .option("--out <dir>", "output directory (new or empty)", "pdes-quickstart")
    .option("--problems <list>", `problems (default ${d.problems.join(",")})`)
    .option("--models <list>", `model kinds (default ${d.models.join(",")})`)
    .option("--n-train <n>", `training samples per problem (default ${d.nTrain})`)
    .option("--n-test <n>", `test samples per problem (default ${d.nTest})`)
    .option("--resolution <n>", `grid points (default ${d.resolution})`)
    .option("--epochs <n>", `epochs per gradient-trained model (default ${d.epochs})`)
    .addOption(backendOption())
    .option("--quiet", "no progress lines")
    .action(async (f: Record<string, string | boolean | undefined>) => {
      const t0 = performance.now();
      const say = (l: string) => {
        if (!f.quiet) process.stderr.write(l + "\n");
      };
      const backend = await selectBackend(f.backend as string | undefined, { quiet: true });
      say(describeBackend(backend));
      const nTrain = positiveInt("--n-train", f.nTrain as string | undefined);
      const nTest = positiveInt("--n-test", f.nTest as string | undefined);
      const resolution = positiveInt("--resolution", f.resolution as string | undefined);
      const epochs = positiveInt("--epochs", f.epochs as string | undefined);
      const out = f.out as string;
      const r = await runQuickstart({
        out,
        ...(f.problems ? { problems: (f.problems as string).split(",") } : {}),
        ...(f.models ? { models: (f.models as string).split(",") as string[] } : {}),
        ...(nTrain ? { nTrain } : {}),
        ...(nTest ? { nTest } : {}),
        ...(resolution ? { resolution } : {}),
        ...(epochs ? { epochs } : {}),
        backend: backend.preference,
        backendName: backend.preference,
        log: say,
      });
      const rows = compareSummaryRows(r.compare).map((row) => row.map(formatCell));
      process.stdout.write(textTable(COMPARE_SUMMARY_COLUMNS, rows) + "\n");
      process.stdout.write(r.compare.budget + "\n");
      if (r.skipped.length) process.stdout.write(`skipped: ${r.skipped.join("; ")}\n`);
      const w = await writeReport(out, compareReport(r.compare));
      process.stdout.write(`report: ${path.resolve(w.html)}\n`);
      say(`quickstart finished in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });
}
