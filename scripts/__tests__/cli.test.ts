// The CLI in-process: the command table, help texts, required flags and the predict input
// shapes. (Subprocess checks, start-up included, are in cli.e2e.test.ts.)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../commands/index.js";
import { modelInputShape } from "../commands/predict.js";
import { resolveConfig, trainSummary } from "../commands/train.js";
import { buildProgram, commandFor } from "../main.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The command and its full --help text (with the text added after the options). */
async function commandHelp(name: string): Promise<{ cmd: Command; help: string }> {
  const program = await buildProgram([name]);
  const cmd = program.commands.find((c) => c.name() === name)!;
  expect(cmd, `module of "${name}" registers that command`).toBeDefined();
  let help = "";
  cmd.configureOutput({ writeOut: (s) => (help += s) });
  cmd.outputHelp();
  return { cmd, help };
}

describe("command table", () => {
  it("names the command a command line runs, `pdes help <cmd>` included", () => {
    expect(commandFor(["train", "--data", "x"])?.name).toBe("train");
    expect(commandFor(["help", "generate"])?.name).toBe("generate");
    expect(commandFor(["bench", "surrogates", "--quiet"])?.name).toBe("bench");
    expect(commandFor(["--help"])).toBeUndefined();
    expect(commandFor(["nope"])).toBeUndefined();
  });

  it("every entry's module registers its command, with the table's summary, and marks required options", async () => {
    for (const entry of COMMANDS) {
      const { cmd, help } = await commandHelp(entry.name);
      expect(cmd.summary()).toBe(entry.summary);
      for (const o of cmd.options) if (o.mandatory) expect(o.description, `${entry.name} ${o.flags}`).toMatch(/required/);
      expect(help).toMatch(new RegExp(`Usage: pdes ${entry.name}`));
    }
  });

  it("the top-level help lists every command without loading any", async () => {
    const program = await buildProgram(["--help"]);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    const help = program.helpInformation();
    for (const c of COMMANDS) expect(help).toContain(c.name);
  });
});

describe("help texts", () => {
  it("generate: every problem parameter names its problems and their defaults, and the required flags say so", async () => {
    const { cmd, help } = await commandHelp("generate");
    expect(help).not.toMatch(/default per problem/);
    const opt = (flag: string) => cmd.options.find((o) => o.long === flag)!;
    expect(opt("--kappa").description).toMatch(/\[heat1d, heat2d: default 0\.01\]/);
    expect(opt("--resolution").description).toMatch(/heat1d, poisson1d: default 128/);
    expect(opt("--a-high").description).toMatch(/\[darcy2d: default 12\]/);
    expect(opt("--length").description).toMatch(/\[all problems: default 1\]/);
    expect(opt("--bc").description).toMatch(/one of periodic\|dirichlet/);
    for (const f of ["--n", "--seed", "--out"]) expect(opt(f).description).toMatch(/\(required\)/);
    expect(help).toMatch(/Units are those of the domain/);
  });

  it("train shows its defaults (from the config schema) and which flags are required", async () => {
    const { cmd, help } = await commandHelp("train");
    const d = (flag: string) => cmd.options.find((o) => o.long === flag)!.description;
    expect(d("--loss")).toMatch(/rel-l2: ‖ŷ − y‖\/‖y‖ in physical units/);
    expect(help).toMatch(/lowest validation loss is saved \(with validationFraction 0, the final weights\)/);
    expect(d("--epochs")).toMatch(/default 20/);
    expect(d("--batch-size")).toMatch(/default 16/);
    expect(d("--lr")).toMatch(/default 0\.001/);
    expect(d("--seed")).toMatch(/default 0/);
    expect(d("--checkpoint-every")).toMatch(/default 100/);
    for (const f of ["--data", "--model", "--out"]) expect(d(f)).toMatch(/required/);
  });

  it("train without --out (or --data, --model) names the flag, not the config key", () => {
    expect(() => resolveConfig({ data: root, model: "ridge" })).toThrow(/^--out is required \(or set "out" in --config\)/);
    expect(() => resolveConfig({ model: "ridge", out: "x" })).toThrow(/^--data is required/);
    expect(() => resolveConfig({ data: root, out: "x" })).toThrow(/^--model is required/);
  });

  it("train's summary: the saved best validation epoch counted from 1, or the final weights without a validation split", () => {
    const base = { info: { kind: "mlp", parameterCount: 33, probabilistic: false, resolutionInvariant: false }, epochsDone: 5, steps: 20, stoppedEarly: false, runDir: "r" } as const;
    const validated = trainSummary({ ...base, bestEpoch: 3, bestValLoss: 0.0123, meta: { finalValLoss: 0.0123 } as never }, 0.02);
    expect(validated).toBe("trained mlp (33 parameters) for 5 epoch(s), 20 step(s); best validation loss 0.01230 at epoch 3 (saved); run: r");
    const fitted = trainSummary({ ...base, bestEpoch: 3, bestValLoss: 0.0123, meta: { finalValLoss: 0.01 } as never }, 0.02);
    expect(fitted).toMatch(/at epoch 3 \(saved\), 0\.01000 after the final closed-form fit;/);
    const unvalidated = trainSummary({ ...base, bestEpoch: null, bestValLoss: null, meta: { finalValLoss: null } as never }, 0.02);
    expect(unvalidated).toBe("trained mlp (33 parameters) for 5 epoch(s), 20 step(s); no validation split: saved the final weights; final training loss 0.02000; run: r");
    expect(unvalidated).not.toMatch(/best/);
  });

  it("the version is the package's", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    expect((await buildProgram(["--version"])).version()).toBe(pkg.version);
  });
});

describe("predict input shapes", () => {
  it("accepts [N, ...grid, C] and [...grid, C], and for C = 1 also without the channel axis", () => {
    expect(modelInputShape([5, 64, 1], [64], 1)).toEqual([5, 64, 1]);
    expect(modelInputShape([64, 1], [64], 1)).toEqual([64, 1]);
    expect(modelInputShape([5, 64], [64], 1)).toEqual([5, 64, 1]);
    expect(modelInputShape([64], [64], 1)).toEqual([64, 1]);
    expect(modelInputShape([3, 16, 16], [16, 16], 1)).toEqual([3, 16, 16, 1]);
    // Resolution transfer: another grid size of the same dimension is the model's business.
    expect(modelInputShape([5, 32], [64], 1)).toEqual([5, 32, 1]);
    expect(modelInputShape([5, 64, 2], [64], 2)).toEqual([5, 64, 2]);
  });

  it("names the full expected shape otherwise", () => {
    expect(() => modelInputShape([5, 64], [64], 2)).toThrow("--input has shape [5, 64], expected [N, 64, 2] or [64, 2] (N samples, channels last)");
    expect(() => modelInputShape([2, 5, 64, 1], [64], 1)).toThrow(/--input has shape \[2, 5, 64, 1\], expected \[N, 64, 1\] or \[64, 1\] .*the channel axis may be left out: \[N, 64\] or \[64\]/);
    expect(() => modelInputShape([7], [16, 16], 1)).toThrow(/expected \[N, 16, 16, 1\]/);
  });
});
