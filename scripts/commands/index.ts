/**
 * The CLI's command table. `pdes --help` lists it without importing any command module (so it
 * never loads tfjs); running a command imports only that command's module. Add one entry per
 * command: its name, the one-line summary shown by `pdes --help` (the module's own
 * `description` is the longer text of `pdes <command> --help`), whether it runs tfjs models,
 * and the loader. The module's `register(program)` must add a command of the same name.
 */
import type { Command } from "commander";

export interface CommandModule {
  register: (program: Command) => void;
}

export interface CommandEntry {
  name: string;
  summary: string;
  /** Runs tfjs models: the CLI switches tfjs to production mode before running it. */
  models: boolean;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: "demo", summary: "spectral heat and Poisson solves against analytic solutions (a quick self-check)", models: false, load: () => import("./demo.js") },
  { name: "generate", summary: "generate a dataset store of input/solution pairs for a PDE problem; re-running resumes", models: false, load: () => import("./generate.js") },
  { name: "import", summary: "import published data (torch .pt, numpy .npy/.npz, HDF5/PDEBench) into a checksummed dataset store", models: false, load: () => import("./import.js") },
  { name: "verify", summary: "verify a dataset store: completion marker, manifest, every chunk's length and sha256", models: false, load: () => import("./verify.js") },
  { name: "info", summary: "show a dataset store's problem, shapes, sizes and provenance", models: false, load: () => import("./info.js") },
  { name: "train", summary: "train a surrogate on a dataset store; writes a run directory (config, metrics, checkpoints, model)", models: true, load: () => import("./train.js") },
  { name: "predict", summary: "predict with a trained surrogate (run directory) on a store or a .npy array", models: true, load: () => import("./predict.js") },
  { name: "evaluate", summary: "metrics of a trained run on test stores (relative L2, nRMSE, Fourier bands, H1, NLL/coverage/CRPS), with resolution transfer", models: true, load: () => import("./evaluate.js") },
  { name: "compare", summary: "train and score models × datasets × n_train × seeds under equal budgets; table, compare.json, report", models: true, load: () => import("./compare.js") },
  { name: "report", summary: "write report.md and report.html (SVG plots) for a run directory or a `pdes compare` directory", models: true, load: () => import("./report.js") },
  { name: "quickstart", summary: "end to end in minutes: generate heat1d + poisson1d, train GSNN, FNO and ridge at 3 training-set sizes, evaluate, write the report", models: true, load: () => import("./quickstart.js") },
  { name: "bench", summary: "benchmarks that print tables and write reports (bench surrogates: solver vs surrogate)", models: true, load: () => import("./bench-surrogates.js") },
];
