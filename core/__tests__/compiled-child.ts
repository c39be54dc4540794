/**
 * Start a TypeScript child program of a test from the run's transpiled copy of the sources
 * (__tests__/cli-build.ts names its bin in PDES_TEST_CLI; its dist/ mirrors the checkout) instead
 * of through tsx's loader, which costs about 1.2–2 s of CPU per start (docs/testing.md). The copy
 * skips __tests__ folders, so the child and the test helpers it imports are transpiled here, on
 * demand, into the same mirrored places with the same esbuild transform; their library imports
 * ("../../core/index.js") then resolve to the copy's dist/. Outside vitest (no PDES_TEST_CLI) the
 * child runs through tsx as before.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

interface EsbuildSync {
  buildSync(options: Record<string, unknown>): { outputFiles?: { path: string; contents: Uint8Array }[] };
}

let esbuild: EsbuildSync | null = null;
function esbuildApi(): EsbuildSync {
  // esbuild comes with tsx (a dependency): resolve it from there, as tsx and cli-build.ts do.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
  esbuild ??= fromTsx("esbuild") as EsbuildSync;
  return esbuild;
}

/** The child and every test helper it imports (relative imports into a __tests__ folder), recursively. */
function testSources(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, "utf8");
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, ".ts");
    if (target.split(path.sep).includes("__tests__") && fs.existsSync(target)) testSources(target, seen);
  }
  return seen;
}

/** The compiled copy's root (beside its bin/), or null outside vitest's run. */
function copyRoot(): string | null {
  const bin = process.env.PDES_TEST_CLI;
  if (!bin) return null;
  const root = path.resolve(path.dirname(bin), "..");
  return fs.existsSync(path.join(root, "dist")) ? root : null;
}

/**
 * Node arguments that run `file` (a .ts file in the checkout): its transpiled copy when the run has
 * one, else the file through tsx.
 */
export function childArgs(file: string): string[] {
  const root = copyRoot();
  if (!root) return ["--import", "tsx", file];
  const dist = path.join(root, "dist");
  const out = (f: string) => path.join(dist, path.relative(ROOT, f)).replace(/\.ts$/, ".js");
  const todo = [...testSources(file)].filter((f) => !fs.existsSync(out(f)));
  if (todo.length > 0) {
    const r = esbuildApi().buildSync({ entryPoints: todo, outdir: dist, outbase: ROOT, format: "esm", platform: "node", target: "es2022", logLevel: "error", write: false });
    for (const o of r.outputFiles ?? []) {
      // Both test workers may compile the same child: write whole files only (rename is atomic).
      fs.mkdirSync(path.dirname(o.path), { recursive: true });
      const tmp = `${o.path}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, o.contents);
      fs.renameSync(tmp, o.path);
    }
  }
  return [out(file)];
}
