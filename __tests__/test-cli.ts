/**
 * What tests start in child processes, from the run's transpiled copy of the sources
 * (__tests__/cli-build.ts names its bin in PDES_TEST_CLI) when there is one, else from the
 * checkout through tsx. Starting a child from the copy saves the 1.2–2 s of CPU that tsx's
 * loader costs per start (docs/testing.md §The CLI the tests spawn).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The `pdes` bin to spawn: the copy's under vitest, else the checkout's. */
export const TEST_BIN = process.env.PDES_TEST_CLI || path.join(root, "bin/pdes.js");

/**
 * Node arguments that run a TypeScript fixture of an area's `__tests__` (a `-child.ts` or
 * `-fixture.ts` file) in a child: its transpiled counterpart in the copy, else the file through
 * tsx. The copy holds the .js files only, so a fixture run this way must not read files that sit
 * beside it.
 */
export function fixtureArgs(file: string): string[] {
  const copy = process.env.PDES_TEST_CLI;
  if (copy) {
    const compiled = path.join(path.dirname(path.dirname(copy)), "dist", path.relative(root, file).replace(/\.ts$/, ".js"));
    if (existsSync(compiled)) return [compiled];
  }
  return ["--import", "tsx", file];
}
