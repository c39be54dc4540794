/** `pdes report <dir>`: Markdown + self-contained HTML report of a run or a compare directory. */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { DatasetFormatError, InvalidArgumentError } from "../../core/index.js";
import { COMPARE_FILE, compareReport, readCompareDetails, runReport, writeReport, type CompareResult } from "../../surrogates/index.js";

export function register(program: Command): void {
  program
    .command("report")
    .description(
      "Write report.md, a self-contained report.html and figures/*.svg for a run directory (training setup, loss curve, learned τ; " +
        "with `pdes evaluate`'s evaluation.json also test fields and the error spectrum) or a `pdes compare` / quickstart directory.",
    )
    .argument("<dir>", "run directory (surrogate.json) or compare directory (compare.json)")
    .option("--out <dir>", "where to write the report (default: <dir>)")
    .action(async (dir: string, f: { out?: string }) => {
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InvalidArgumentError("dir", dir, "must be an existing directory");
      let doc;
      if (fs.existsSync(path.join(dir, COMPARE_FILE))) {
        const r = JSON.parse(fs.readFileSync(path.join(dir, COMPARE_FILE), "utf8")) as CompareResult;
        if (r.format !== "pdes-compare") throw new DatasetFormatError("unknown compare.json format", path.join(dir, COMPARE_FILE));
        doc = compareReport(r, [], readCompareDetails(dir));
      } else if (fs.existsSync(path.join(dir, "surrogate.json"))) doc = await runReport(dir);
      else throw new DatasetFormatError("neither a finished run (surrogate.json) nor a compare directory (compare.json)", dir);
      const w = await writeReport(f.out ?? dir, doc);
      process.stdout.write(`wrote ${w.markdown}, ${w.html} (${w.figures.length} figure${w.figures.length === 1 ? "" : "s"})\n`);
    });
}
