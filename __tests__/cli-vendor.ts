/**
 * The node_modules of the tests' transpiled CLI copy (cli-build.ts): every package of the
 * checkout's node_modules linked, except tfjs and its two backends the library imports by name,
 * which are bundled by esbuild into one set of ES modules. Node then loads tfjs from 3 files
 * instead of ~1000 (CommonJS ones it must also scan for exports): 0.35 s of CPU instead of
 * 0.7–0.9 s for `import("@tensorflow/tfjs")` + the wasm backend, paid by every CLI run and fixture
 * a test spawns (docs/testing.md §The CLI the tests spawn). The bundled code is the packages' own
 * ES module builds, unchanged; the backends share the bundle's single tfjs-core, as they share
 * the one copy in node_modules.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The packages bundled, as the library imports them (core/backend.ts, every model file). */
const BUNDLED = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-backend-webgpu"];

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
  const base = (p: string) => p.split("/")[1]!;
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
    // The native WebGPU binding stays a package of its own.
    external: ["webgpu"],
    // The bundled CommonJS parts (emscripten's wasm loader) use require, __dirname and
    // __filename: the loader finds its .wasm files beside the bundle (linked below).
    banner: {
      js: 'import { createRequire as __pdesCreateRequire } from "node:module"; const require = __pdesCreateRequire(import.meta.url); const __filename = import.meta.filename; const __dirname = import.meta.dirname;',
    },
    logLevel: "error",
  });
  const wasmDist = path.join(real, "@tensorflow/tfjs-backend-wasm/dist");
  for (const f of readdirSync(wasmDist)) if (f.endsWith(".wasm")) symlinkSync(path.join(wasmDist, f), path.join(vendor, f));

  for (const e of readdirSync(real, { withFileTypes: true })) {
    if (e.name === ".bin" || e.name === ".package-lock.json") continue;
    if (e.name !== "@tensorflow") {
      symlinkSync(path.join(real, e.name), path.join(nm, e.name));
      continue;
    }
    mkdirSync(path.join(nm, e.name));
    for (const p of readdirSync(path.join(real, e.name))) {
      const name = `@tensorflow/${p}`;
      if (!BUNDLED.includes(name)) {
        symlinkSync(path.join(real, name), path.join(nm, name));
        continue;
      }
      // The package's own package.json (its version and name), pointed at the bundle.
      const dir = path.join(nm, name);
      mkdirSync(dir);
      const pkg = JSON.parse(readFileSync(path.join(real, name, "package.json"), "utf8")) as Record<string, unknown>;
      for (const k of ["module", "jsnext:main", "browser", "exports", "types", "typings"]) delete pkg[k];
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...pkg, type: "module", main: "index.mjs" }, null, 2));
      writeFileSync(path.join(dir, "index.mjs"), `export * from "../../.pdes-vendor/${p}.mjs";\n`);
    }
  }
}
