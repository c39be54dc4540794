/**
 * `pdes evaluate --run <run> --data <store>`: the metrics table of a trained run on held-out
 * stores, at the stores' resolutions and, with --subsample, at coarser nested ones
 * (resolution transfer). Writes `<run>/evaluation.json` for `pdes report`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { InvalidArgumentError, selectBackend } from "../../core/index.js";
import { backendOption } from "../backend-option.js";
import {
  acquireLock,
  claimOutputs,
  encodeEvaluationRecord,
  isEvaluationRecordFile,
  runPath,
  type RunEvaluation,
  EVALUATION_FILE,
  METRIC_COLUMNS,
  PROBABILISTIC_COLUMNS,
  evaluateRun,
  formatCell,
  metricValues,
  probabilisticValues,
  textTable,
  toEvaluationRecord,
} from "../../surrogates/index.js";
import { parseNumber } from "../cli-util.js";

interface EvaluateFlags {
  run: string;
  data: string[];
  subsample?: string;
  samples?: string;
  batchSize: string;
  backend?: string;
  out?: string;
}

function parseSamples(v: string): { start: number; end: number } {
  const m = /^(\d+):(\d+)$/.exec(v);
  if (!m || Number(m[1]) >= Number(m[2])) throw new InvalidArgumentError("--samples", v, "must be start:end with start < end");
  return { start: Number(m[1]), end: Number(m[2]) };
}

export function register(program: Command): void {
  program
    .command("evaluate")
    .description("metrics of a trained run on test stores (relative L2, nRMSE, Fourier bands, H1, NLL/coverage/CRPS...), with resolution transfer")
    .requiredOption("--run <dir>", "finished run directory")
    .requiredOption("--data <store>", "test store (repeatable: other resolutions of the same problem)", (v: string, acc: string[] = []) => [...acc, v])
    .option("--subsample <list>", "also score at coarser nested grids keeping every k-th point, e.g. 2,4")
    .option("--samples <start:end>", "score only these samples of each store")
    .option("--batch-size <n>", "samples per forward pass", "32")
    .addOption(backendOption())
    .option("--out <file>", `where to write the JSON record (default <run>/${EVALUATION_FILE})`)
    .action(async (f: EvaluateFlags) => {
      const subsample = f.subsample
        ? f.subsample.split(",").map((s) => {
            const k = parseNumber("--subsample", s);
            if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError("--subsample", f.subsample, "must be a comma-separated list of integers >= 1");
            return k;
          })
        : [];
      const range = f.samples ? parseSamples(f.samples) : undefined;
      const bs = parseNumber("--batch-size", f.batchSize);
      if (!Number.isInteger(bs) || bs < 1) throw new InvalidArgumentError("--batch-size", f.batchSize, "must be an integer >= 1");
      if (!fs.existsSync(f.run) || !fs.statSync(f.run).isDirectory()) throw new InvalidArgumentError("--run", f.run, "must be an existing run directory");
      for (const d of f.data) if (!fs.existsSync(d)) throw new InvalidArgumentError("--data", d, "does not exist");
      // The record goes to a new file, or replaces an earlier evaluation record; never anything else (docs/safety.md).
      const out = f.out ?? path.join(f.run, EVALUATION_FILE);
      const claim = claimOutputs(
        [{ flag: f.out ? "--out" : "--run", path: out, kind: "file", replaceIf: isEvaluationRecordFile }],
        [...(f.out ? [{ flag: "--run", path: f.run }] : []), ...f.data.map((d) => ({ flag: "--data", path: d, noInside: true }))],
        "pdes evaluate",
      );
      let runLock: ReturnType<typeof acquireLock> | null = null;
      try {
        // A record written into the run directory: the run is locked meanwhile, like any writer of it.
        if (!f.out) runLock = acquireLock(runPath(f.run, "lock"), `run directory ${f.run}`, "pdes evaluate");
        await selectBackend(f.backend);
        const ev = await evaluateRun(f.run, f.data, { subsample, batchSize: bs, ...(range ?? {}) });
        const text = encodeEvaluationRecord(toEvaluationRecord(ev, (k) => ev.entries[k]!.reference));
        printTable(ev);
        await claim.publish([{ path: out, data: new TextEncoder().encode(text) }]);
        process.stdout.write(`wrote ${out}\n`);
      } finally {
        runLock?.release();
        claim.release();
      }
    });
}

function printTable(ev: RunEvaluation): void {
  const cols = ["store", "grid", "", ...METRIC_COLUMNS, ...(ev.probabilistic ? PROBABILISTIC_COLUMNS : []), "ms/sample"];
  const rows = ev.entries.map((e) => {
    const m = e.result?.metrics;
    return [
      path.basename(e.store),
      e.shape.join("x"),
      e.native ? "train grid" : e.skipped ? "skipped" : "transfer",
      ...(m ? metricValues(m) : METRIC_COLUMNS.map(() => null)),
      ...(ev.probabilistic ? (m ? probabilisticValues(m) : [null, null, null]) : []),
      e.result?.timing.msPerSample ?? null,
    ].map(formatCell);
  });
  process.stdout.write(`${ev.kind} (${ev.parameterCount} parameters), trained on ${ev.trainGrid.join("x")}\n`);
  process.stdout.write(textTable(cols, rows) + "\n");
  for (const e of ev.entries) if (e.skipped) process.stdout.write(`skipped ${e.shape.join("x")}: ${e.skipped}\n`);
}
