/**
 * A worker_thread URL that runs a TypeScript entry of this package: the worker registers tsx's
 * ESM hooks, then imports the entry (`execArgv: ["--import", ...]` is not honoured by worker
 * threads on Node 20). tsx is resolved from this package, so the CLI, the library and vitest
 * all start workers the same way whatever the current directory is.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The package root, from this file's place in it (surrogates/training/data-parallel/). */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The compiled twin of the TypeScript entry `entry` in the tests' transpiled copy of the package
 * (PDES_TEST_CLI names its bin/pdes.js; its dist/ mirrors the sources and is built from them at
 * the start of every test run), or null without one. A worker started from it skips tsx's
 * loader: about 1.7–2 s of CPU less per worker (docs/training.md §Data-parallel training). A
 * package's own dist/ is not used: it may be older than the sources that start the worker.
 */
export function compiledWorkerUrl(entry: URL): URL | null {
  const bin = process.env.PDES_TEST_CLI;
  if (!bin) return null;
  const js = join(dirname(dirname(bin)), "dist", relative(ROOT, fileURLToPath(entry)).replace(/\.ts$/, ".js"));
  return existsSync(js) ? pathToFileURL(js) : null;
}

export function tsWorkerUrl(entry: URL): URL {
  const pkgPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(pkgPath), pkg.exports["./esm/api"]!.import.default)).href;
  const code = `import { register } from ${JSON.stringify(api)};\nregister();\nawait import(${JSON.stringify(entry.href)});\n`;
  return new URL("data:text/javascript," + encodeURIComponent(code));
}
