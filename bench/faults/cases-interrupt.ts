/**
 * Fault cases: kill -9 at random moments (then the same command again must finish to exactly
 * what an uninterrupted run gives), concurrent writers (the second refused with one line, exit
 * 2, the first's files intact) and a memory limit (a clear message, not a silent death).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Rng } from "../../core/index.js";
import { check, cli, cliKilled, messageLines, refused, sameFiles, snapshot, Skip, succeeded, type FaultCase, type Fixtures } from "./harness.js";

const rng = new Rng(2024);
/** A random kill moment in [lo, hi) ms. */
const moment = (lo: number, hi: number) => Math.round(lo + (hi - lo) * rng.uniform());

const genArgs = (out: string) => ["generate", "heat1d", "--n", "64", "--seed", "9", "--resolution", "32", "--chunk-samples", "4", "--out", out, "--quiet"];

function killThenRerun(name: string, args: (f: Fixtures, out: string) => string[], compare: (out: string, ref: string) => void, window: [number, number], ext = ""): FaultCase {
  const kills = 2;
  return {
    category: "kill -9",
    name,
    async run(f) {
      const ref = f.fresh(`ref${ext}`);
      succeeded(cli(args(f, ref)));
      const out = f.fresh(`out${ext}`);
      for (let k = 0; k < kills; k++) await cliKilled(args(f, out), { ms: moment(...window) });
      const r = cli(args(f, out));
      // Killed after it finished publishing: the output is complete and the rerun may refuse to overwrite it.
      if (r.code !== 0) check(r.code === 2 && fs.existsSync(out), `rerun exit ${r.code}: ${messageLines(r.stderr).join(" | ")}`);
      compare(out, ref);
      const stray = fs.readdirSync(path.dirname(out)).filter((e) => e.startsWith(`${path.basename(out)}.tmp`) || e === `.${path.basename(out)}.pdes-lock`);
      check(stray.length === 0, `left beside the output: ${stray.join(", ")}`);
    },
  };
}

const sameBytes = (out: string, ref: string) => check(sameFiles(snapshot(out), snapshot(ref)), "differs from the uninterrupted run");
/** Prediction stores record their creation time: compare their arrays' chunk files only. */
const sameArrays = (out: string, ref: string) => {
  for (const a of ["inputs", "outputs"]) check(sameFiles(snapshot(path.join(out, a)), snapshot(path.join(ref, a))), `${a} differ from the uninterrupted run`);
};
/** Runs record wall-clock times: compare the final weights and the step log. */
const sameRun = (out: string, ref: string) => {
  check(fs.readFileSync(path.join(out, "weights.bin")).equals(fs.readFileSync(path.join(ref, "weights.bin"))), "weights differ from the uninterrupted run");
  const steps = (r: string) => fs.readFileSync(path.join(r, "metrics.jsonl"), "utf8").split("\n").filter((l) => l.includes('"step"') && l.includes('"type":"step"')).map((l) => (JSON.parse(l) as { step: number }).step);
  const a = steps(out);
  check(a.length === new Set(a).size, "metrics.jsonl repeats a step");
  check(a.length === steps(ref).length, `${a.length} step records, the uninterrupted run has ${steps(ref).length}`);
};

const trainArgs = (f: Fixtures, out: string) => ["train", "--data", f.heat, "--model", "mlp", "--epochs", "3", "--batch-size", "8", "--seed", "1", "--backend", "cpu", "--checkpoint-every", "2", "--out", out, "--quiet"];

export const interruptCases: FaultCase[] = [
  killThenRerun("generate, killed twice at random moments", (_f, out) => genArgs(out), sameBytes, [500, 6000]),
  killThenRerun("predict to .npy, killed twice at random moments", (f, out) => ["predict", "--run", f.ridgeRun, "--input", f.npy, "--out", out, "--backend", "cpu", "--quiet"], sameBytes, [500, 6000], ".npy"),
  killThenRerun("predict to a store, killed twice at random moments", (f, out) => ["predict", "--run", f.ridgeRun, "--input", f.heat, "--out", out, "--backend", "cpu", "--quiet"], sameArrays, [500, 6000]),
  {
    category: "kill -9",
    name: "train, killed at random moments, then --resume",
    async run(f) {
      const ref = f.fresh("ref");
      succeeded(cli(trainArgs(f, ref)));
      const out = f.fresh("run");
      await cliKilled(trainArgs(f, out), { ms: moment(3000, 9000) });
      if (!fs.existsSync(path.join(out, "config.json"))) succeeded(cli(trainArgs(f, out)));
      else {
        await cliKilled([...trainArgs(f, out), "--resume"], { ms: moment(3000, 9000) });
        succeeded(cli([...trainArgs(f, out), "--resume"]));
      }
      sameRun(out, ref);
    },
  },
  {
    category: "kill -9",
    name: "compare, killed at a random moment, then --resume",
    async run(f) {
      const args = (out: string) => ["compare", "--dataset", `${f.heat},${f.heat}`, "--models", "ridge,mlp", "--n-train", "16,32", "--seeds", "0", "--epochs", "2", "--backend", "cpu", "--out", out, "--quiet"];
      const ref = f.fresh("ref");
      succeeded(cli(args(ref)));
      const out = f.fresh("cmp");
      await cliKilled(args(out), { ms: moment(3000, 20000) });
      const r = cli([...args(out), "--resume"]);
      succeeded(r);
      // Timings differ from run to run; the scores on the cpu backend must not.
      const rows = (d: string) =>
        (JSON.parse(fs.readFileSync(path.join(d, "compare.json"), "utf8")) as { rows: Array<Record<string, unknown>> }).rows.map(
          ({ dataset, model, nTrain, seed, steps, relL2Mean, nrmse }) => JSON.stringify({ dataset, model, nTrain, seed, steps, relL2Mean, nrmse }),
        );
      check(JSON.stringify(rows(out)) === JSON.stringify(rows(ref)), "scores differ from the uninterrupted comparison");
    },
  },
  {
    category: "concurrent writers",
    name: "two train --resume on one run",
    async run(f) {
      const out = f.fresh("run");
      await cliKilled(trainArgs(f, out), { until: "paused after step 3" }, { PDES_TEST_PAUSE_AT_STEP: "3" });
      const holder = spawn(process.execPath, [path.resolve(import.meta.dirname, "../../bin/pdes.js"), ...trainArgs(f, out), "--resume"], {
        env: { ...process.env, PDES_TEST_PAUSE_AT_STEP: "5" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      try {
        let err = "";
        await new Promise<void>((resolve, reject) => {
          holder.stderr!.on("data", (b: Buffer) => {
            err += b.toString();
            if (err.includes("paused after step 5")) resolve();
          });
          holder.on("exit", () => reject(new Error(`the first resume exited: ${err}`)));
        });
        const metrics = fs.readFileSync(path.join(out, "metrics.jsonl"));
        refused(cli([...trainArgs(f, out), "--resume"]), 2, /is being written by/);
        check(fs.readFileSync(path.join(out, "metrics.jsonl")).equals(metrics), "the refused resume wrote metrics");
      } finally {
        holder.kill("SIGKILL");
      }
      await new Promise((r) => setTimeout(r, 200));
      succeeded(cli([...trainArgs(f, out), "--resume"]));
      const ref = f.fresh("ref");
      succeeded(cli(trainArgs(f, ref)));
      sameRun(out, ref);
    },
  },
  {
    category: "concurrent writers",
    name: "two predict to one .npy at once",
    async run(f) {
      const args = (out: string) => ["predict", "--run", f.ridgeRun, "--input", f.heat, "--out", out, "--backend", "cpu", "--quiet"];
      const out = `${f.fresh("p")}.npy`;
      const a = spawn(process.execPath, [path.resolve(import.meta.dirname, "../../bin/pdes.js"), ...args(out)], { stdio: ["ignore", "ignore", "pipe"] });
      let errA = "";
      a.stderr!.on("data", (b: Buffer) => (errA += b.toString()));
      const codeA = new Promise<number | null>((r) => a.on("exit", (c) => r(c)));
      const b = cli(args(out));
      const ca = await codeA;
      check((ca === 0) !== (b.code === 0), `exits ${ca} and ${b.code}: exactly one should succeed`);
      const loser = ca === 0 ? b.stderr : errA;
      const lines = messageLines(loser);
      check(lines.length === 1 && /being written|already exists/.test(lines[0]!), `the refused one said: ${lines.join(" | ").slice(0, 200)}`);
      const ref = `${f.fresh("ref")}.npy`;
      succeeded(cli(args(ref)));
      check(fs.readFileSync(out).equals(fs.readFileSync(ref)), "the output differs from a lone run's");
    },
  },
  {
    category: "concurrent writers",
    name: "two generate into one store at once",
    async run(f) {
      const out = f.fresh("store");
      const a = spawn(process.execPath, [path.resolve(import.meta.dirname, "../../bin/pdes.js"), ...genArgs(out)], { stdio: "ignore" });
      const codeA = new Promise<number | null>((r) => a.on("exit", (c) => r(c)));
      const b = cli(genArgs(out));
      const ca = await codeA;
      check(ca === 0 || b.code === 0, `neither finished (exit ${ca} and ${b.code})`);
      succeeded(cli(["verify", out]));
      const ref = f.fresh("ref");
      succeeded(cli(genArgs(ref)));
      sameBytes(out, ref);
    },
  },
  {
    category: "memory limit",
    name: "generate under ulimit -v: a clear message, not a silent death",
    run(f) {
      const bin = path.resolve(import.meta.dirname, "../../bin/pdes.js");
      // Node reserves virtual memory for WebAssembly (tsx's lexer among others): where the CLI
      // cannot even start under the limit, the case says so instead of blaming generate.
      const probe = spawnSync("bash", ["-c", `ulimit -v 3000000 && ${JSON.stringify(process.execPath)} ${bin} --help`]);
      if (probe.status !== 0) throw new Skip("the CLI itself does not start under ulimit -v 3 GB here (WebAssembly reservations)");
      const out = f.fresh("big");
      const r = spawnSync("bash", ["-c", `ulimit -v 3000000 && ${JSON.stringify(process.execPath)} ${bin} generate heat2d --n 8 --seed 1 --resolution 16384 --out ${out} --quiet`], { encoding: "utf8" });
      check(r.status === 2 || r.status === 65 || r.status === 1, `exit ${r.status} (signal ${r.signal})`);
      const lines = messageLines(r.stderr);
      check(lines.length === 1 && /memory|needs|allocat/i.test(lines[0]!), `message: ${lines.join(" | ").slice(0, 200)}`);
      check(!fs.existsSync(out) || !fs.existsSync(path.join(out, ".pdes", "COMPLETE")), "a store was completed");
    },
  },
];
