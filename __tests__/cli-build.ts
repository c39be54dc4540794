// vitest globalSetup (vitest.config.ts): transpile the TypeScript sources once per run into a
// temporary copy laid out like the installed package (dist/, bin/pdes.js, package.json,
// node_modules linked to the checkout's with tfjs bundled: cli-vendor.ts; the CLI's own code
// bundled: cli-bundle.ts) and name its bin in PDES_TEST_CLI. Tests that spawn the CLI many times
// (surrogates/__tests__/train-helpers.ts) start it from there without tsx's loader: a tiny
// `pdes train` costs 1.7 s of CPU instead of 2.9 s (docs/testing.md). The transform is
// esbuild's, the one tsx applies to each file on the fly, so the code run is the same; the
// transpile itself takes about 0.3 s. The copy is removed when the run ends.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleCli } from "./cli-bundle.js";
import { vendorNodeModules } from "./cli-vendor.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SKIP = new Set(["node_modules", "dist", "bench", "__tests__"]);

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name) || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<unknown>;
}

export default async function setup(): Promise<() => void> {
  // esbuild comes with tsx (a dependency): resolve it from there, as tsx itself does.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
  const esbuild = (await import(pathToFileURL(fromTsx.resolve("esbuild")).href)) as EsbuildApi & { default?: EsbuildApi };
  const { build } = esbuild.default ?? esbuild;
  const out = mkdtempSync(path.join(tmpdir(), "pdes-test-cli-"));
  const files = sources(root);
  await build({
    entryPoints: files,
    outdir: path.join(out, "dist"),
    outbase: root,
    format: "esm",
    platform: "node",
    target: "es2022",
    logLevel: "error",
  });
  await bundleCli(root, files, path.join(out, "dist"), build);
  mkdirSync(path.join(out, "bin"));
  copyFileSync(path.join(root, "bin/pdes.js"), path.join(out, "bin/pdes.js"));
  copyFileSync(path.join(root, "package.json"), path.join(out, "package.json"));
  await vendorNodeModules(root, out, build);
  process.env.PDES_TEST_CLI = path.join(out, "bin/pdes.js");
  return () => rmSync(out, { recursive: true, force: true });
}
