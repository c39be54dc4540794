/**
 * A worker_thread URL that runs a TypeScript entry of this package: the worker registers tsx's
 * ESM hooks, then imports the entry (`execArgv: ["--import", ...]` is not honoured by worker
 * threads on Node 20). tsx is resolved from this package, so the CLI, the library and vitest
 * all start workers the same way whatever the current directory is.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export function tsWorkerUrl(entry: URL): URL {
  const pkgPath = createRequire(import.meta.url).resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(pkgPath), pkg.exports["./esm/api"]!.import.default)).href;
  const code = `import { register } from ${JSON.stringify(api)};\nregister();\nawait import(${JSON.stringify(entry.href)});\n`;
  return new URL("data:text/javascript," + encodeURIComponent(code));
}
