/**
 * Entry point of the `pdes` CLI: parse, validate, call the library, exit with a clear code.
 *
 * Start-up is lazy: this file imports only commander. `pdes --help` lists the command table
 * (commands/index.ts) without importing any command; `pdes <command> ...` imports that one
 * command's module (and, through it, tfjs only where the command needs it).
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { COMMANDS, type CommandEntry } from "./commands/index.js";
import { EXIT_USAGE } from "./exit-codes.js";

/** The package version, from the nearest package.json above this file (source or dist/). */
function packageVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pde-surrogates" && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return "unknown";
}

function baseProgram(): Command {
  return new Command()
    .name("pdes")
    .description("PDE surrogates: solvers, datasets, GSNN and neural-operator baselines, training and evaluation")
    .version(packageVersion())
    .addHelpText("after", "\nRun `pdes <command> --help` for a command's options.\nExit codes: 0 ok, 1 failure, 2 usage error, 65 bad data.")
    .exitOverride();
}

/** The command an argv runs (`pdes help <cmd>` included), if it names one in the table. */
export function commandFor(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * The program for one invocation: the named command fully registered, or, when argv names no
 * command, every command as a one-line entry (enough for `pdes --help` and for commander's
 * "unknown command" message).
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = baseProgram();
  const entry = commandFor(argv);
  if (entry) {
    (await entry.load()).register(program);
    const cmd = program.commands.find((c) => c.name() === entry.name);
    if (!cmd) throw new Error(`command module for "${entry.name}" registered no command of that name`);
    cmd.summary(entry.summary);
    if (entry.models) {
      // Production mode: tfjs otherwise prints a multi-line "install tfjs-node" banner on first
      // use of the cpu backend; the CLI logs the backend it chose itself (core/backend.ts).
      const tf = await import("@tensorflow/tfjs");
      tf.env().set("PROD", true);
    }
  } else {
    for (const c of COMMANDS) program.command(c.name).summary(c.summary).description(c.summary);
  }
  // exitOverride on every (sub)command, so usage errors come back to main() instead of exiting,
  // and commander prints none of them itself: main() writes the one line (docs/safety.md
  // §Usage errors), naming the command whose help to read. Required options say so in the help
  // (commander does not mark them).
  const override = (c: Command): void => {
    c.exitOverride();
    const failed = (): void => void failedCommand.set(program, c);
    // outputError: the error messages; writeErr: the full help commander prints as an error
    // (a command that needs a subcommand and got none). Help and version go to writeOut.
    c.configureOutput({ outputError: failed, writeErr: failed });
    for (const o of c.options) if (o.mandatory && !/required/.test(o.description)) o.description += " (required)";
    c.commands.forEach(override);
  };
  override(program);
  return program;
}

/** The (sub)command of a program whose parse failed, recorded by its output hooks. */
const failedCommand = new WeakMap<Command, Command>();

/** `pdes bench surrogates` for that subcommand. */
function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x; x = x.parent) names.unshift(x.name());
  return names.join(" ");
}

/**
 * The one line for a commander usage error: its message without commander's "error: " prefix,
 * its "(Did you mean …?)" line folded in, and which help to read.
 */
export function usageLine(e: CommanderError, failed: Command | undefined, argv: readonly string[]): string {
  const at = failed ?? null;
  let msg: string;
  if (e.code === "commander.help") {
    // Commander shows a command's help as the error when a subcommand is missing, or when
    // `pdes help <name>` names none.
    const words = argv.filter((a) => !a.startsWith("-"));
    msg = at?.parent == null && words[0] === "help" && words[1] !== undefined ? `unknown command '${words[1]}'` : "missing command";
  } else {
    msg = e.message
      .replace(/^error:\s*/, "")
      .replace(/\s*\n\(Did you mean (.*)\?\)/, "; did you mean $1?")
      .replace(/\s*\n\s*/g, " ")
      .trim();
  }
  return `pdes: error: ${msg} (see \`${at ? commandPath(at) : "pdes"} --help\`)`;
}

/**
 * tfjs-wasm (emscripten) prints "Aborted()" on a line of its own before it throws when its heap
 * is full; the command then reports the error once, in one line naming the size
 * (docs/safety.md §Memory), so that extra line is dropped.
 */
let abortLineDropped = false;
function dropWasmAbortLine(): void {
  if (abortLineDropped) return;
  abortLineDropped = true;
  const write = process.stderr.write.bind(process.stderr) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]): boolean =>
    typeof chunk === "string" && /^Aborted\([^\n]*\)\n?$/.test(chunk) ? true : write(chunk, ...rest)) as typeof process.stderr.write;
}

export async function main(argv: string[]): Promise<number> {
  let program: Command | undefined;
  dropWasmAbortLine();
  try {
    program = await buildProgram(argv);
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version texts are printed already; usage errors are not (see buildProgram).
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || (e.code === "commander.help" && e.exitCode === 0)) return 0;
      process.stderr.write(usageLine(e, program && failedCommand.get(program), argv) + "\n");
      return EXIT_USAGE;
    }
    // Only an action can get here, so its command module (and core) is loaded already.
    const { exitCodeFor, reportError } = await import("./cli-util.js");
    reportError(e);
    return exitCodeFor(e);
  }
}
