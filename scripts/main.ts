/** Entry point of the `pdes` CLI: parse, validate, call the library, exit with a clear code. */
import * as tf from "@tensorflow/tfjs";
import { Command, CommanderError } from "commander";
import { commandModules } from "./commands/index.js";
import { EXIT_USAGE, exitCodeFor, reportError } from "./cli-util.js";

// Production mode: tfjs otherwise prints a multi-line "install tfjs-node" banner on first use of
// the cpu backend; the CLI logs the backend it chose itself (core/backend.ts).
tf.env().set("PROD", true);

export async function buildProgram(): Promise<Command> {
  const program = new Command();
  program
    .name("pdes")
    .description("PDE surrogates: solvers, datasets, GSNN and neural-operator baselines, training and evaluation")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const load of commandModules) (await load()).register(program);
  // exitOverride on every subcommand, so usage errors come back to main() instead of exiting.
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed its message (or the help/version text).
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    reportError(e);
    return exitCodeFor(e);
  }
}
