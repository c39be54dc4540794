/**
 * `pdes bench surrogates`: the solver-vs-surrogate accuracy/time table for heat1d, poisson2d and
 * darcy2d, the speed-up of each surrogate at equal error, and the Pareto plots in a report. The
 * run itself is surrogates' `runBenchSurrogates` workflow, shared with `npm run bench -- surrogates`.
 */
import { Command } from "commander";
import { InvalidArgumentError, parseBackendPreference } from "../../core/index.js";
import { runBenchSurrogates } from "../../surrogates/index.js";
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
  /** Problems of the claims (default heat1d). */
  claimsProblems?: string;
  /** Training-set sizes of the claims, comma-separated (default 16,64). */
  claimsN?: string;
}

async function action(f: BenchFlags): Promise<void> {
  const nTrain = positiveInt("--n-train", f.nTrain);
  const nTest = positiveInt("--n-test", f.nTest);
  const epochs = positiveInt("--epochs", f.epochs);
  const claimsN = f.claimsN === undefined ? undefined : f.claimsN.split(",").map((v) => positiveInt("--claims-n", v)!);
  if (claimsN?.some((n) => n < 2)) throw new InvalidArgumentError("--claims-n", f.claimsN, "must be integers >= 2");
  const problems = f.problems === "none" ? [] : f.problems ? f.problems.split(",") : undefined;
  await runBenchSurrogates({
    out: f.out,
    ...(problems ? { problems } : {}),
    ...(f.models ? { models: f.models.split(",") } : {}),
    ...(nTrain ? { nTrain } : {}),
    ...(nTest ? { nTest } : {}),
    ...(epochs ? { epochs } : {}),
    ...(f.backend ? { backend: parseBackendPreference("--backend", f.backend) } : {}),
    ...(f.claims ? { claims: true } : {}),
    ...(f.claimsProblems ? { claimsProblems: f.claimsProblems.split(",") } : {}),
    ...(claimsN ? { claimsN } : {}),
    ...(f.quiet ? {} : { log: (l: string) => void process.stderr.write(l + "\n") }),
  });
}

export function register(program: Command): void {
  const bench = program.command("bench").description("benchmarks that print tables and write reports");
  bench
    .command("surrogates")
    .description("solver vs surrogate: (time per sample, error) of solver settings and trained surrogates; speed-up at equal error")
    .option("--out <dir>", "working directory (stores, runs, report; reused on rerun)", "pdes-bench-surrogates")
    .option("--problems <list>", "problems (default heat1d,poisson2d,darcy2d,burgers1d,reactiondiffusion1d; none: claims only)")
    .option("--claims", "also test the GSNN claims (sample efficiency, equal parameters, depth, τ, calibration, resolution transfer, Darcy)")
    .option("--claims-problems <list>", "problems of --claims: heat1d (default), burgers1d, darcy2d (deep GSNN vs FNO, DeepONet, MLP, ridge)")
    .option("--claims-n <list>", "training-set sizes of --claims, e.g. 16,64,256,1024 (default 16,64; depth, transfer and calibration use the largest)")
    .option("--models <list>", "surrogates (default gsnn,fno,ridge)")
    .option("--n-train <n>", "training samples (default 128)")
    .option("--n-test <n>", "test samples (default 16)")
    .option("--epochs <n>", "epochs per gradient-trained model (default 20)")
    .addOption(backendOption())
    .option("--quiet", "no progress lines")
    .exitOverride()
    .action(action);
}
