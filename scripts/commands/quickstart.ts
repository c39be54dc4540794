/**
 * `pdes quickstart`: small heat1d and poisson1d datasets, GSNN / FNO / ridge trained briefly at
 * three training-set sizes, evaluated on held-out data beside the classical solvers; prints the
 * comparison table and writes the HTML report.
 */
import * as fs from "node:fs";
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
  quickstartSizes,
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

/** `--n-train 128` → 32,64,128; `--n-train 16,64,256` as given. */
function sizes(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const list = v.split(",").map((x) => positiveInt("--n-train", x)!);
  try {
    return quickstartSizes(list.length === 1 ? list[0]! : list);
  } catch {
    throw new InvalidArgumentError("--n-train", v, "must be one integer n >= 4 (sizes n/4, n/2, n) or a list of integers >= 1");
  }
}

export function register(program: Command): void {
  const d = QUICKSTART_DEFAULTS;
  program
    .command("quickstart")
    .description(
      "End to end in minutes: generate heat1d and poisson1d training and test stores, train GSNN, FNO and ridge under one budget " +
        "at three training-set sizes, score them on the held-out stores beside the classical solver settings, print the table " +
        "and write report.html (learning curves, cost vs error, test fields, error spectra, loss curves).",
    )
    .option("--out <dir>", "output directory: new or empty (see --force)", "pdes-quickstart")
    .option("--force", "replace the output of an earlier quickstart in --out (refused if --out holds other files)")
    .option("--problems <list>", `problems (default ${d.problems.join(",")})`)
    .option("--models <list>", `model kinds (default ${d.models.join(",")})`)
    .option("--n-train <n|list>", `training-set sizes: a list, or one n for n/4,n/2,n (default ${d.nTrain.join(",")})`)
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
      const out = f.out as string;
      // Checked before any work, naming the flags (the library names its options instead).
      if (!f.force && fs.existsSync(out) && fs.readdirSync(out).length > 0)
        throw new InvalidArgumentError("--out", out, "exists and is not empty: pass another --out, or --force to replace an earlier quickstart's output");
      const nTrain = sizes(f.nTrain as string | undefined);
      const nTest = positiveInt("--n-test", f.nTest as string | undefined);
      const resolution = positiveInt("--resolution", f.resolution as string | undefined);
      const epochs = positiveInt("--epochs", f.epochs as string | undefined);
      const backend = await selectBackend(f.backend as string | undefined, { quiet: true });
      say(describeBackend(backend));
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
        force: f.force === true,
        log: say,
      });
      const rows = compareSummaryRows(r.compare).map((row) => row.map(formatCell));
      process.stdout.write(textTable(COMPARE_SUMMARY_COLUMNS, rows) + "\n");
      process.stdout.write(r.compare.budget + "\n");
      if (r.skipped.length) process.stdout.write(`skipped: ${r.skipped.join("; ")}\n`);
      const w = await writeReport(out, compareReport(r.compare, [], r.details));
      process.stdout.write(`report: ${path.resolve(w.html)}\n`);
      say(`quickstart finished in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });
}
