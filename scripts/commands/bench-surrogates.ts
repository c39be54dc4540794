/**
 * `pdes bench surrogates`: the solver-vs-surrogate accuracy/time table for heat1d, poisson2d and
 * darcy2d, the speed-up of each surrogate at equal error, and the Pareto plots in a report.
 */
import * as path from "node:path";
import { Command } from "commander";
import { InvalidArgumentError, describeBackend, selectBackend } from "../../core/index.js";
import {
  CLAIM_COLUMNS,
  TRADEOFF_COLUMNS,
  benchSurrogates,
  claimsSection,
  formatCell,
  runGsnnClaims,
  textTable,
  tradeoffNotes,
  tradeoffRows,
  tradeoffSection,
  writeReport,
  type ReportSection,
} from "../../surrogates/index.js";
import { backendOption } from "../backend-option.js";
import { parseNumber } from "../cli-util.js";

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = parseNumber(flag, v);
  if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError(flag, v, "must be an integer >= 1");
  return x;
}

export interface BenchFlags {
  out: string;
  problems?: string;
  models?: string;
  nTrain?: string;
  nTest?: string;
  epochs?: string;
  backend?: string;
  quiet?: boolean;
  /** Also run the GSNN-claims experiments (or only them, with --problems none). */
  claims?: boolean;
}

/** Shared by the CLI command and bench/surrogates.ts. */
export async function runBenchSurrogates(f: BenchFlags): Promise<void> {
  const say = (l: string) => {
    if (!f.quiet) process.stderr.write(l + "\n");
  };
  const backend = await selectBackend(f.backend, { quiet: true });
  say(describeBackend(backend));
  const nTrain = positiveInt("--n-train", f.nTrain);
  const nTest = positiveInt("--n-test", f.nTest);
  const epochs = positiveInt("--epochs", f.epochs);
  const problems = f.problems === "none" ? [] : f.problems ? f.problems.split(",") : undefined;
  const r = await benchSurrogates({
    out: f.out,
    ...(problems ? { problems } : {}),
    ...(f.models ? { models: f.models.split(",") as string[] } : {}),
    ...(nTrain ? { nTrain } : {}),
    ...(nTest ? { nTest } : {}),
    ...(epochs ? { epochs } : {}),
    backend: backend.preference,
    backendName: backend.preference,
    log: say,
  });
  for (const res of r.results) {
    process.stdout.write(`\n${res.problem} (${res.grid.join("x")}), reference: ${res.reference}\n`);
    process.stdout.write(textTable(TRADEOFF_COLUMNS, tradeoffRows(res).map((row) => row.map(formatCell))) + "\n");
    for (const n of tradeoffNotes(res)) process.stdout.write(`- ${n}\n`);
  }
  if (r.skipped.length) process.stdout.write(`skipped: ${r.skipped.join("; ")}\n`);
  const sections: ReportSection[] = r.results.map(tradeoffSection);
  if (f.claims) {
    const c = await runGsnnClaims({ out: `${f.out}/claims`, ...(epochs ? { epochs } : {}), backend: backend.preference, backendName: backend.preference, log: say });
    process.stdout.write(`\nGSNN claims (${c.budget})\n`);
    process.stdout.write(textTable(CLAIM_COLUMNS, c.claims.map((x) => [x.claim, x.measurement, x.pass ? "pass" : "fail"])) + "\n");
    sections.push(claimsSection(c.claims, c.budget));
  }
  const w = await writeReport(f.out, {
    title: "Solver vs surrogate",
    subtitle: `backend ${backend.preference}`,
    sections,
  });
  process.stdout.write(`report: ${path.resolve(w.html)}\n`);
}

export function register(program: Command): void {
  const bench = program.command("bench").description("benchmarks that print tables and write reports");
  bench
    .command("surrogates")
    .description("solver vs surrogate: (time per sample, error) of solver settings and trained surrogates; speed-up at equal error")
    .option("--out <dir>", "working directory (stores, runs, report; reused on rerun)", "pdes-bench-surrogates")
    .option("--problems <list>", "problems (default heat1d,poisson2d,darcy2d; none: claims only)")
    .option("--claims", "also test the GSNN claims (sample efficiency, equal parameters, depth, τ, calibration, resolution transfer, Darcy)")
    .option("--models <list>", "surrogates (default gsnn,fno,ridge)")
    .option("--n-train <n>", "training samples (default 128)")
    .option("--n-test <n>", "test samples (default 16)")
    .option("--epochs <n>", "epochs per gradient-trained model (default 20)")
    .addOption(backendOption())
    .option("--quiet", "no progress lines")
    .exitOverride()
    .action(runBenchSurrogates);
}
