/**
 * Fault cases: bad flags and wrong data. Every one must be refused with one line naming what is
 * wrong (exit 2 for usage, 65 for bad data) and leave every file as it was.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { absent, check, cli, refused, snapshot, succeeded, unchanged, type FaultCase, type Fixtures } from "./harness.js";

/** A refusal with nothing written at `out` and the named fixtures unchanged. */
function refusal(category: string, name: string, args: (f: Fixtures, out: string) => string[], code: number, re: RegExp, keep: (f: Fixtures) => string[] = () => []): FaultCase {
  return {
    category,
    name,
    run(f) {
      const out = f.fresh("out");
      const kept = keep(f).map((p) => [p, snapshot(p)] as const);
      refused(cli(args(f, out)), code, re);
      absent(out);
      for (const [p, s] of kept) unchanged(p, s);
    },
  };
}

const gen = (extra: string[]) => (_f: Fixtures, out: string) => ["generate", "heat1d", "--n", "4", "--seed", "1", "--resolution", "16", ...extra, "--out", out, "--quiet"];
const predictNpy = (f: Fixtures, out: string) => ["predict", "--run", f.ridgeRun, "--input", f.npy, "--out", `${out}.npy`, "--backend", "cpu"];

export const inputCases: FaultCase[] = [
  refusal("bad flags", "generate --n 0", gen(["--n", "0"]), 2, /--n/),
  refusal("bad flags", "generate --n abc", gen(["--n", "abc"]), 2, /--n/),
  refusal("bad flags", "generate --resolution 1", gen(["--resolution", "1"]), 2, /resolution/),
  refusal("bad flags", "generate an unknown problem", (_f, out) => ["generate", "heat9d", "--n", "4", "--seed", "1", "--out", out], 2, /heat9d/),
  refusal("bad flags", "generate --resolution 65536 (memory estimated up front)", (_f, out) => ["generate", "heat2d", "--n", "4", "--seed", "1", "--resolution", "65536", "--out", out], 2, /--resolution .*needs/),
  refusal("bad flags", "generate --kappa 1e308 --time 1e308 (overflow)", gen(["--kappa", "1e308", "--time", "1e308"]), 2, /sample 0/),
  refusal("bad flags", "generate --out under a file (ENOTDIR)", (f) => ["generate", "heat1d", "--n", "4", "--seed", "1", "--out", path.join(f.npy, "s")], 2, /--out .*file/, (f) => [f.npy]),
  // Commander's usage errors: one line in the project's form, naming the help to read.
  refusal("bad flags", "generate without a required option", (_f, out) => ["generate", "heat1d", "--out", out], 2, /^pdes: error: required option '--n <count>' not specified \(see `pdes generate --help`\)$/),
  refusal("bad flags", "generate with an unknown option", gen(["--bogus"]), 2, /^pdes: error: unknown option '--bogus' \(see `pdes generate --help`\)$/),
  refusal("bad flags", "generate --dtype outside its choices", gen(["--dtype", "float16"]), 2, /^pdes: error: option '--dtype <type>' argument 'float16' is invalid\./),
  refusal("bad flags", "an unknown command", () => ["nosuch"], 2, /^pdes: error: unknown command 'nosuch' \(see `pdes --help`\)$/),
  refusal("memory limit", "train a GSNN step past the wasm heap (estimated up front)", (f, out) => {
    const store = f.fresh("h512");
    succeeded(cli(["generate", "heat2d", "--n", "3", "--seed", "1", "--resolution", "512", "--out", store, "--quiet"]));
    return ["train", "--data", store, "--model", "gsnn", "--backend", "wasm", "--batch-size", "2", "--out", out, "--quiet"];
  }, 2, /--batch-size is too large: .*needs about 6\.9 GB/),
  refusal("bad flags", "train with an unknown modelConfig key", (f, out) => {
    const cfg = f.fresh("cfg.json");
    fs.writeFileSync(cfg, JSON.stringify({ modelConfig: { widthz: 4 } }));
    return ["train", "--config", cfg, "--data", f.heat, "--model", "mlp", "--out", out];
  }, 2, /modelConfig\.widthz/),
  refusal("bad flags", "train --epochs -1", (f, out) => ["train", "--data", f.heat, "--model", "mlp", "--epochs", "-1", "--out", out], 2, /epochs/),
  refusal("bad flags", "train on a missing store", (f, out) => ["train", "--data", f.fresh("nowhere"), "--model", "mlp", "--out", out], 2, /data/),
  refusal("bad flags", "train into an existing run without --resume", (f) => ["train", "--data", f.heat, "--model", "mlp", "--out", f.mlpRun], 2, /not empty/, (f) => [f.mlpRun]),
  refusal("bad flags", "train --resume on a directory that is no run", (f) => ["train", "--resume", "--out", f.heat], 2, /not a run directory/, (f) => [f.heat]),
  refusal("bad flags", "predict --variance naming the input", (f, out) => ["predict", "--run", f.ridgeRun, "--input", f.npy, "--out", `${out}.npy`, "--variance", f.npy], 2, /--variance/, (f) => [f.npy]),
  refusal("bad flags", "predict --out naming the input", (f) => ["predict", "--run", f.ridgeRun, "--input", f.npy, "--out", f.npy], 2, /--out/, (f) => [f.npy]),
  refusal("bad flags", "predict --out inside the input store", (f) => ["predict", "--run", f.ridgeRun, "--input", f.heat, "--out", path.join(f.heat, "p")], 2, /--out/, (f) => [f.heat]),
  refusal("bad flags", "predict --out an existing file", (f) => ["predict", "--run", f.ridgeRun, "--input", f.npy, "--out", path.join(f.mlpRun, "config.json")], 2, /--out .*exists/, (f) => [f.mlpRun]),
  refusal("bad flags", "predict with a missing run", (f, out) => ["predict", "--run", f.fresh("norun"), "--input", f.npy, "--out", `${out}.npy`, "--backend", "cpu"], 2, /--run/),
  refusal("bad flags", "predict from a .npy with a negative shape", (f, out) => {
    const bad = f.fresh("neg.npy");
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (-4, 32, 1), }";
    const h = Buffer.from(header.padEnd(117, " ") + "\n");
    fs.writeFileSync(bad, Buffer.concat([Buffer.from([0x93]), Buffer.from("NUMPY"), Buffer.from([1, 0, h.length & 0xff, h.length >> 8]), h]));
    return ["predict", "--run", f.ridgeRun, "--input", bad, "--out", `${out}.npy`, "--backend", "cpu"];
  }, 65, /shape/),
  refusal("wrong data", "predict on a store of another problem", (f, out) => ["predict", "--run", f.ridgeRun, "--input", f.poisson, "--out", out, "--backend", "cpu"], 65, /poisson/),
  refusal("wrong data", "evaluate on a store of another problem", (f) => ["evaluate", "--run", f.ridgeRun, "--data", f.poisson, "--backend", "cpu"], 65, /poisson/, (f) => [f.ridgeRun]),
  refusal("wrong data", "compare a heat1d training store with a poisson1d test store", (f, out) => ["compare", "--dataset", `${f.heat},${f.poisson}`, "--models", "ridge", "--n-train", "8", "--seeds", "0", "--out", out, "--quiet"], 65, /poisson/),
  refusal("wrong data", "compare asking for more training samples than the store holds", (f, out) => ["compare", "--dataset", `${f.heat},${f.heat}`, "--models", "ridge", "--n-train", "100000", "--seeds", "0", "--out", out, "--quiet"], 2, /nTrain/),
  refusal("wrong data", "predict a .npy on another grid size of a ridge run", (f, out) => {
    const other = f.fresh("other.npy");
    const h = Buffer.from("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 8, 1), }".padEnd(117, " ") + "\n");
    fs.writeFileSync(other, Buffer.concat([Buffer.from([0x93]), Buffer.from("NUMPY"), Buffer.from([1, 0, h.length, 0]), h, Buffer.alloc(2 * 8 * 8)]));
    return ["predict", "--run", f.ridgeRun, "--input", other, "--out", `${out}.npy`, "--backend", "cpu"];
  }, 2, /grid|shape|resolution/),
  {
    category: "bad flags",
    name: "compare into a non-empty --out",
    run(f) {
      const out = f.fresh("cmp");
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, "mine.txt"), "keep");
      const before = snapshot(out);
      refused(cli(["compare", "--dataset", `${f.heat},${f.heat}`, "--models", "ridge", "--n-train", "8", "--seeds", "0", "--out", out, "--quiet"]), 2, /--out .*not empty/);
      unchanged(out, before);
    },
  },
  {
    // The control: the same fixtures used right are accepted (a sweep refusing everything would "hold").
    category: "bad flags",
    name: "control: a valid predict succeeds and writes its output",
    run(f) {
      const out = f.fresh("ok");
      succeeded(cli(predictNpy(f, out)));
      check(fs.existsSync(`${out}.npy`), "no output written");
    },
  },
];
