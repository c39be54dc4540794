/**
 * `npm run bench -- surrogates [--problems ...] [--n-train N] [--epochs E] [--out dir]`: the
 * solver-vs-surrogate table (same as `pdes bench surrogates`).
 */
import { parseArgs } from "node:util";
import { runBenchSurrogates } from "../scripts/commands/bench-surrogates.js";

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string", default: ".tmp/bench-surrogates" },
      problems: { type: "string" },
      models: { type: "string" },
      "n-train": { type: "string" },
      "n-test": { type: "string" },
      epochs: { type: "string" },
      backend: { type: "string" },
      quiet: { type: "boolean" },
      claims: { type: "boolean" },
    },
  });
  await runBenchSurrogates({
    out: values.out!,
    ...(values.problems ? { problems: values.problems } : {}),
    ...(values.models ? { models: values.models } : {}),
    ...(values["n-train"] ? { nTrain: values["n-train"] } : {}),
    ...(values["n-test"] ? { nTest: values["n-test"] } : {}),
    ...(values.epochs ? { epochs: values.epochs } : {}),
    ...(values.backend ? { backend: values.backend } : {}),
    ...(values.quiet ? { quiet: true } : {}),
    ...(values.claims ? { claims: true } : {}),
  });
}
