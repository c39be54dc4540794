/**
 * The node_modules of the tests' transpiled CLI copy (cli-build.ts): every package of the
 * checkout's node_modules linked, except tfjs with its two backends and vega with vega-lite,
 * which esbuild bundles into a few ES modules. Node then loads tfjs from 3 files instead of ~1000
 * (CommonJS ones it must also scan for exports): 0.35 s of CPU instead of 0.7–0.9 s for
 * `import("@tensorflow/tfjs")` + the wasm backend, paid by every CLI run and child a test spawns;
 * vega + vega-lite 0.25 s instead of 0.43 s (docs/testing.md §The CLI the tests spawn). The
 * bundled code is the packages' own ES module builds, unchanged; the backends share the bundle's
 * single tfjs-core, as they share the one copy in node_modules.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The packages bundled, as the library imports them: tfjs (every model file) and its backends
 * (core/backend.ts); vega and vega-lite, the report's renderer (surrogates/report/render-svg.ts),
 * 30 packages of ES modules; zod (the config schemas, ~95 files, loaded by every model command)
 * and zarrita (~36 files): about 0.04 s less per CLI start.
 */
const BUNDLED = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-backend-webgpu", "vega", "vega-lite", "zod", "zarrita"];

interface EsbuildBuild {
  (options: Record<string, unknown>): Promise<unknown>;
}

/** Link `<out>/node_modules` to the checkout's packages, with the bundled ones in their place. */
export async function vendorNodeModules(root: string, out: string, build: EsbuildBuild): Promise<void> {
  const real = path.join(root, "node_modules");
  const nm = path.join(out, "node_modules");
  const vendor = path.join(nm, ".pdes-vendor");
  const src = path.join(vendor, "src");
  mkdirSync(src, { recursive: true });
  const base = (p: string) => p.split("/").pop()!;
  for (const p of BUNDLED) writeFileSync(path.join(src, `${base(p)}.mjs`), `export * from ${JSON.stringify(p)};\n`);
  await build({
    entryPoints: BUNDLED.map((p) => path.join(src, `${base(p)}.mjs`)),
    outdir: vendor,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // One tfjs-core shared by tfjs and the backends, in a chunk of its own.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    // The packages' ES module builds: their exports are static, so `export *` names them all.
    mainFields: ["module", "main"],
    nodePaths: [real],
    // The native WebGPU binding stays a package of its own; vega's optional canvas is not installed.
    external: ["webgpu", "canvas"],
    // The bundled CommonJS parts (emscripten's wasm loader) use require, __dirname and
    // __filename: the loader finds its .wasm files beside the bundle (linked below).
    banner: {
      js: 'import { createRequire as __pdesCreateRequire } from "node:module"; const require = __pdesCreateRequire(import.meta.url); const __filename = import.meta.filename; const __dirname = import.meta.dirname;',
    },
    logLevel: "error",
  });
  const wasmDist = path.join(real, "@tensorflow/tfjs-backend-wasm/dist");
  for (const f of readdirSync(wasmDist)) if (f.endsWith(".wasm")) symlinkSync(path.join(wasmDist, f), path.join(vendor, f));

  // Every package linked, scoped ones one by one (a scope folder holds bundled and linked ones).
  const names = readdirSync(real)
    .filter((n) => n !== ".bin" && !n.startsWith(".package-lock"))
    .flatMap((n) => (n.startsWith("@") ? readdirSync(path.join(real, n)).map((p) => `${n}/${p}`) : [n]));
  for (const name of names) {
    const dir = path.join(nm, name);
    mkdirSync(path.dirname(dir), { recursive: true });
    if (!BUNDLED.includes(name)) {
      symlinkSync(path.join(real, name), dir);
      continue;
    }
    // The package's own package.json (its name and version), pointed at the bundle.
    mkdirSync(dir);
    const pkg = JSON.parse(readFileSync(path.join(real, name, "package.json"), "utf8")) as Record<string, unknown>;
    for (const k of ["module", "jsnext:main", "browser", "exports", "types", "typings", "unpkg", "jsdelivr"]) delete pkg[k];
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...pkg, type: "module", main: "index.mjs" }, null, 2));
    writeFileSync(path.join(dir, "index.mjs"), `export * from ${JSON.stringify(path.relative(dir, path.join(vendor, `${base(name)}.mjs`)).replace(/^(?!\.)/, "./"))};\n`);
  }
}
