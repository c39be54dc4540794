/**
 * `pdes compare`: models × datasets × n_train × seeds under one stated budget; prints the
 * table, writes `<out>/compare.json` and the report with learning curves. See docs/evaluation.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { InvalidArgumentError, IoError, describeBackend, selectBackend } from "../../core/index.js";
import { budgetLine, compareDetails, compareReport, compareSummaryRows, COMPARE_SUMMARY_COLUMNS, formatCell, parseCompareSpec, runCompare, textTable, writeReport } from "../../surrogates/index.js";
import { backendOption } from "../backend-option.js";
import { parseNumber } from "../cli-util.js";
import { requireWritableTarget } from "../target-check.js";

function intList(flag: string, v: string): number[] {
  return v.split(",").map((s) => {
    const x = parseNumber(flag, s);
    if (!Number.isInteger(x)) throw new InvalidArgumentError(flag, v, "must be a comma-separated list of integers");
    return x;
  });
}

interface CompareFlags {
  spec?: string;
  dataset?: string[];
  models?: string;
  nTrain?: string;
  seeds?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  testSamples?: string;
  backend?: string;
  out: string;
  resume?: boolean;
  quiet?: boolean;
}

/** The spec from `--spec file.json` overlaid with the flags given. */
export function specFromFlags(f: CompareFlags): ReturnType<typeof parseCompareSpec> {
  let raw: Record<string, unknown> = {};
  if (f.spec) {
    if (!fs.existsSync(f.spec)) throw new InvalidArgumentError("--spec", f.spec, "must be an existing JSON file");
    try {
      raw = JSON.parse(fs.readFileSync(f.spec, "utf8")) as Record<string, unknown>;
    } catch {
      throw new InvalidArgumentError("--spec", f.spec, "must contain valid JSON");
    }
  }
  if (f.dataset?.length)
    raw.datasets = f.dataset.map((d) => {
      const [train, test, extra] = d.split(",");
      if (!train || !test || extra !== undefined) throw new InvalidArgumentError("--dataset", d, "must be <train-store>,<test-store>");
      return { train, test };
    });
  if (f.models) raw.models = f.models.split(",").map((kind) => ({ kind }));
  if (f.nTrain) raw.nTrain = intList("--n-train", f.nTrain);
  if (f.seeds) raw.seeds = intList("--seeds", f.seeds);
  if (f.epochs) raw.epochs = parseNumber("--epochs", f.epochs);
  if (f.batchSize) raw.batchSize = parseNumber("--batch-size", f.batchSize);
  if (f.lr) raw.lr = parseNumber("--lr", f.lr);
  if (f.testSamples) raw.testSamples = parseNumber("--test-samples", f.testSamples);
  if (f.backend) raw.backend = f.backend;
  return parseCompareSpec(raw);
}

export function register(program: Command): void {
  program
    .command("compare")
    .description(
      "Train and score models × datasets × n_train × seeds under one stated budget (same epochs, batch size and learning rate for every gradient-trained model). " +
        "Prints the table and writes compare.json, compare-details.json and the report (learning curves, cost vs error beside the solver settings, test fields, error spectra, loss curves).",
    )
    .option("--spec <file>", "comparison spec (JSON; flags override its keys)")
    .option("--dataset <train,test>", "training store and held-out test store (repeatable; required here or in --spec)", (v: string, acc: string[] = []) => [...acc, v])
    .option("--models <list>", "model kinds, e.g. gsnn,fno,ridge (required here or in --spec)")
    .option("--n-train <list>", "training-set sizes, e.g. 16,64,256,1024 (required here or in --spec; three or more draw learning curves)")
    .option("--seeds <list>", "seeds, e.g. 0,1 (required here or in --spec)")
    .option("--epochs <n>", "epochs per gradient-trained model (default 50)")
    .option("--batch-size <n>", "batch size (default 16)")
    .option("--lr <x>", "Adam learning rate (default 1e-3, cosine decay)")
    .option("--test-samples <n>", "use only the first n test samples")
    .addOption(backendOption("the spec's, else PDES_BACKEND, else cpu: reproducible"))
    .requiredOption("--out <dir>", "output directory (runs/, compare.json, report)")
    .option("--resume", "reuse finished runs in --out")
    .option("--quiet", "no per-run log lines")
    .action(async (f: CompareFlags) => {
      const spec = specFromFlags(f);
      // Usage errors (exit 2) before anything is written; the stores are checked by runCompare before it creates --out.
      const st = requireWritableTarget("--out", f.out);
      if (st !== undefined && !st.isDirectory()) throw new InvalidArgumentError("--out", f.out, "must be a directory (it is a file)");
      if (!f.resume && st !== undefined && fs.readdirSync(f.out).length > 0)
        throw new InvalidArgumentError("--out", f.out, "already exists and is not empty (use --resume to continue it)");
      const backend = await selectBackend(spec.backend, { quiet: true });
      const say = (l: string) => {
        if (!f.quiet) process.stderr.write(l + "\n");
      };
      say(describeBackend(backend));
      say(budgetLine(spec));
      const result = await runCompare(spec, f.out, { log: say, backend: backend.preference });
      const details = await compareDetails(result, f.out, { log: say });
      const rows = compareSummaryRows(result).map((r) => r.map(formatCell));
      process.stdout.write(textTable(COMPARE_SUMMARY_COLUMNS, rows) + "\n");
      process.stdout.write(result.budget + "\n");
      const w = await writeReport(f.out, compareReport(result, [], details));
      process.stdout.write(`wrote ${path.join(f.out, "compare.json")}, ${w.markdown}, ${w.html}\n`);
    });
}
