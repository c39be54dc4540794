/**
 * The CLI of the tests' transpiled copy (cli-build.ts) as one bundle of our code: scripts/main.ts
 * and the worker-thread entries, bundled by esbuild with shared chunks (the commands stay lazy:
 * each is a chunk imported when it runs), instead of ~300 modules that Node resolves, reads and
 * compiles one by one. A tiny `pdes train` (ridge) then costs 0.66 s of CPU instead of 0.87 s
 * (docs/testing.md §The CLI the tests spawn). Packages stay imports (cli-vendor.ts bundles
 * tfjs and vega there). The bundle is written over dist/scripts/main.js and the worker files;
 * the rest of dist/ stays one file per source, for test children that import the library.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface EsbuildBuild {
  (options: Record<string, unknown>): Promise<unknown>;
}

/** Where the bundle's shared chunks go, under dist/. */
const CHUNKS = "chunks";

/**
 * Bundle `main` and the worker entries (sources that use parentPort) into `dist`. A worker is
 * started by `new URL("./<name>.js", import.meta.url)` from the module that starts it, which in
 * the bundle is a shared chunk: each worker entry is written beside the chunks too, and every
 * such URL in the output is checked to name a file that exists.
 */
export async function bundleCli(root: string, sources: readonly string[], dist: string, build: EsbuildBuild): Promise<void> {
  const main = path.join(root, "scripts/main.ts");
  const workers = sources.filter((f) => readFileSync(f, "utf8").includes("parentPort"));
  const out = (f: string) => path.relative(root, f).replace(/\.ts$/, "");
  await build({
    entryPoints: [
      { in: main, out: out(main) },
      ...workers.flatMap((f) => [
        { in: f, out: out(f) },
        { in: f, out: path.join(CHUNKS, path.basename(out(f))) },
      ]),
    ],
    outdir: dist,
    bundle: true,
    splitting: true,
    chunkNames: `${CHUNKS}/[name]-[hash]`,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "es2022",
    logLevel: "error",
  });
  const dir = path.join(dist, CHUNKS);
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(path.join(dir, f), "utf8").matchAll(/new URL\("\.\/([\w.-]+\.js)", import\.meta\.url\)/g)) {
      if (!existsSync(path.join(dir, m[1]!))) throw new Error(`CLI bundle: ${f} starts ./${m[1]} beside itself, which the bundle lacks`);
    }
  }
}
