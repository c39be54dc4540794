/**
 * `npm run bench -- surrogates [--problems ...] [--n-train N] [--epochs E] [--out dir]`: the
 * solver-vs-surrogate table (the same workflow as `pdes bench surrogates`).
 */
import { parseArgs } from "node:util";
import { parseBackendPreference } from "../core/index.js";
import { runBenchSurrogates } from "../surrogates/index.js";

function count(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1) throw new Error(`${flag} must be an integer >= 1, got ${JSON.stringify(v)}`);
  return x;
}

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
  const nTrain = count("--n-train", values["n-train"]);
  const nTest = count("--n-test", values["n-test"]);
  const epochs = count("--epochs", values.epochs);
  const problems = values.problems === "none" ? [] : values.problems?.split(",");
  await runBenchSurrogates({
    out: values.out!,
    ...(problems ? { problems } : {}),
    ...(values.models ? { models: values.models.split(",") } : {}),
    ...(nTrain ? { nTrain } : {}),
    ...(nTest ? { nTest } : {}),
    ...(epochs ? { epochs } : {}),
    ...(values.backend ? { backend: parseBackendPreference("--backend", values.backend) } : {}),
    ...(values.claims ? { claims: true } : {}),
    ...(values.quiet ? {} : { log: (l: string) => void process.stderr.write(l + "\n") }),
  });
}
