/** Shared CLI plumbing: exit codes and the one-line error report. */
import { InvalidArgumentError, isPdesError } from "../core/index.js";
import { EXIT_DATA, EXIT_FAILURE, EXIT_USAGE } from "./exit-codes.js";

export { EXIT_DATA, EXIT_FAILURE, EXIT_USAGE };

export function exitCodeFor(e: unknown): number {
  if (isPdesError(e)) {
    switch (e.tag) {
      case "InvalidArgument":
      case "ShapeMismatch":
      case "Unsupported":
        return EXIT_USAGE;
      case "DatasetFormat":
      case "NonFinite":
        return EXIT_DATA;
      default:
        return EXIT_FAILURE;
    }
  }
  return EXIT_FAILURE;
}

/** Print one clear line to stderr for an error. */
export function reportError(e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`pdes: error: ${msg.split("\n")[0]}\n`);
  if (process.env.PDES_DEBUG && e instanceof Error && e.stack) process.stderr.write(e.stack + "\n");
}

/** Parse a CLI number option, naming the flag on failure. */
export function parseNumber(flag: string, v: string): number {
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x)) throw new InvalidArgumentError(flag, v, "must be a number");
  return x;
}
