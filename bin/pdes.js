#!/usr/bin/env node
// The `pdes` CLI. In the installed package it runs the compiled JavaScript in dist/ with plain
// Node. In a source checkout (scripts/main.ts present) it runs the TypeScript sources through
// tsx, so `npm ci && npx pdes ...` and the tests always use the current sources, never a stale
// build (docs/packaging.md).
import { existsSync } from "node:fs";

// A reader that closes early (`pdes --help | head`) ends the output, as for any Unix tool: exit
// quietly instead of crashing with an unhandled EPIPE.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const source = new URL("../scripts/main.ts", import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import("../dist/scripts/main.js"));
}
process.exitCode = await main(process.argv.slice(2));
