/**
 * `npm run bench -- faults [--only <text>] [--keep]`: the fault-injection sweep of
 * docs/safety.md. Builds a few fixtures (two stores of different problems, a ridge and an MLP
 * run, a .npy input), runs every case (bad flags, wrong data, damaged stores and runs, kill -9
 * at random moments, concurrent writers, a memory limit) and prints the table: tried, held,
 * defects, then each defect with the check it failed. `--only` keeps the cases whose category
 * or name contains the text. The CI-sized share of these cases lives in the tests named in
 * docs/safety.md.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeField, Rng } from "../../core/index.js";
import { writeNpy } from "../../surrogates/index.js";
import { damageCases } from "./cases-damage.js";
import { inputCases } from "./cases-input.js";
import { interruptCases } from "./cases-interrupt.js";
import { cli, succeeded, table, runCases, type Fixtures } from "./harness.js";

function fixtures(dir: string): Fixtures {
  let k = 0;
  const fresh = (tag: string) => path.join(dir, "cases", `${k++}-${tag}`);
  fs.mkdirSync(path.join(dir, "cases"), { recursive: true });
  const f: Fixtures = {
    dir,
    heat: path.join(dir, "heat64"),
    poisson: path.join(dir, "poisson64"),
    ridgeRun: path.join(dir, "run-ridge"),
    mlpRun: path.join(dir, "run-mlp"),
    npy: path.join(dir, "ok.npy"),
    fresh,
    copy(p) {
      const to = fresh(path.basename(p));
      fs.cpSync(p, to, { recursive: true });
      return to;
    },
  };
  succeeded(cli(["generate", "heat1d", "--n", "64", "--seed", "1", "--resolution", "32", "--out", f.heat, "--quiet"]));
  succeeded(cli(["generate", "poisson1d", "--n", "16", "--seed", "1", "--resolution", "32", "--out", f.poisson, "--quiet"]));
  succeeded(cli(["train", "--data", f.heat, "--model", "ridge", "--backend", "cpu", "--out", f.ridgeRun, "--quiet"]));
  succeeded(cli(["train", "--data", f.heat, "--model", "mlp", "--epochs", "2", "--backend", "cpu", "--out", f.mlpRun, "--quiet"]));
  const rng = new Rng(3);
  writeNpy(f.npy, makeField([4, 32, 1], Float64Array.from({ length: 128 }, () => rng.normal())));
  return f;
}

export async function run(args: string[]): Promise<void> {
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  const keep = args.includes("--keep");
  const all = [...inputCases, ...damageCases, ...interruptCases];
  const cases = only === undefined ? all : all.filter((c) => `${c.category}: ${c.name}`.includes(only));
  // Stores record their creation time: fixed, so a resumed store can equal an uninterrupted one byte for byte.
  process.env.SOURCE_DATE_EPOCH ??= "1700000000";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-faults-"));
  const t0 = performance.now();
  console.log(`# Fault sweep: ${cases.length} cases; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
  try {
    const f = fixtures(dir);
    const outcomes = await runCases(cases, f, (l) => console.log(l));
    console.log(`\n${table(outcomes)}\n`);
    const defects = outcomes.filter((o) => !o.held && o.skipped === undefined);
    for (const d of defects) console.log(`defect: ${d.c.category}: ${d.c.name}: ${d.why}`);
    const skipped = outcomes.filter((o) => o.skipped !== undefined);
    for (const s of skipped) console.log(`skipped: ${s.c.category}: ${s.c.name}: ${s.skipped}`);
    console.log(`${((performance.now() - t0) / 1000).toFixed(0)} s; load average now ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
    if (defects.length > 0) process.exitCode = 1;
  } finally {
    if (keep) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
