#!/usr/bin/env node
// The `pdes` CLI. The sources are TypeScript; tsx compiles them on the fly, so the command
// works straight after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../scripts/main.ts");
process.exitCode = await main(process.argv.slice(2));
