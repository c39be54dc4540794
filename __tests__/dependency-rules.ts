/**
 * The layer rules of docs/architecture.md as data, and a checker over import specifiers: which
 * area a file belongs to, which areas (and packages) it may import, and that an import into
 * another area goes through that area's entry file. Used by dependency-rules.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

export type Area = "core" | "solvers" | "datasets" | "operators" | "baselines" | "gsnn" | "surrogates" | "scripts" | "bench" | "tests" | "package";

/** The folders of operators/ that hold the baselines (everything else there is the shared floor). */
const BASELINE_FOLDERS = new Set(["fno", "deeponet", "mlp", "ridge", "rbf", "kernel"]);

/** Which areas each area may import (besides itself). */
export const ALLOWED: Readonly<Record<Area, readonly Area[]>> = {
  core: [],
  solvers: ["core"],
  datasets: ["core", "solvers"],
  operators: ["core"],
  baselines: ["core", "operators"],
  gsnn: ["core", "operators"],
  surrogates: ["core", "solvers", "datasets", "operators", "baselines", "gsnn"],
  scripts: ["core", "solvers", "datasets", "operators", "baselines", "gsnn", "surrogates"],
  bench: ["core", "solvers", "datasets", "operators", "baselines", "gsnn", "surrogates", "tests"],
  tests: ["core", "solvers", "datasets", "operators", "baselines", "gsnn", "surrogates", "package"],
  package: ["core", "solvers", "datasets", "operators", "baselines", "gsnn", "surrogates"],
};

/** The file other areas import an area through. */
export const ENTRY: Readonly<Partial<Record<Area, string>>> = {
  core: "core/index.ts",
  solvers: "solvers/index.ts",
  datasets: "datasets/index.ts",
  operators: "operators/index.ts",
  baselines: "operators/baselines.ts",
  gsnn: "gsnn/index.ts",
  surrogates: "surrogates/index.ts",
  tests: "__tests__/python.ts",
  package: "index.ts",
};

/** Packages an area may not import (prefix match): solvers and datasets stay free of tfjs. */
export const FORBIDDEN_PACKAGES: Readonly<Partial<Record<Area, readonly string[]>>> = {
  core: ["commander", "cli-progress"],
  solvers: ["@tensorflow/", "webgpu", "commander"],
  datasets: ["@tensorflow/", "webgpu", "commander"],
  operators: ["commander"],
  baselines: ["commander"],
  gsnn: ["commander"],
  surrogates: ["commander", "cli-progress"],
};

/**
 * The area of a repository-relative path (posix separators), or null outside the areas. An
 * area's own tests (`<area>/__tests__/`) are outside: they test its internals.
 */
export function areaOf(file: string): Area | null {
  const parts = file.split("/");
  if (parts[0] === "__tests__") return "tests";
  if (parts.includes("__tests__")) return null;
  if (parts.length === 1) return file === "index.ts" ? "package" : null;
  const top = parts[0]!;
  if (top === "operators") return file === "operators/baselines.ts" || BASELINE_FOLDERS.has(parts[1]!) ? "baselines" : "operators";
  const areas: readonly string[] = ["core", "solvers", "datasets", "gsnn", "surrogates", "scripts", "bench"];
  return areas.includes(top) ? (top as Area) : null;
}

export interface Violation {
  file: string;
  specifier: string;
  why: string;
}

/** The rules for one import of `file` (repository-relative): `specifier` as written. */
export function checkImport(file: string, specifier: string): Violation | null {
  const from = areaOf(file);
  if (from === null) return null;
  if (!specifier.startsWith(".")) {
    const bad = (FORBIDDEN_PACKAGES[from] ?? []).find((p) => specifier === p || specifier.startsWith(p));
    return bad ? { file, specifier, why: `${from} may not import the package ${specifier}` } : null;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, ".ts");
  const to = areaOf(target);
  if (to === null) return { file, specifier, why: `${target} is outside the areas` };
  if (to === from) {
    // Each baseline stands on the floor alone: operators/<a>/ does not import operators/<b>/.
    const [fa, fb] = [file, target].map((p) => (p.startsWith("operators/") ? p.split("/")[1] : undefined));
    if (from === "baselines" && fa !== fb && fa !== "baselines.ts" && fb !== "baselines.ts") return { file, specifier, why: `baselines are independent: ${fa} may not import ${fb}` };
    return null;
  }
  // Within operators/ the baselines stand on the floor's files directly; from anywhere else an
  // area is reached through its entry file.
  if (!ALLOWED[from].includes(to)) return { file, specifier, why: `${from} may not import ${to}` };
  if (from === "baselines" && to === "operators") return null;
  if (target !== ENTRY[to]) return { file, specifier, why: `${from} must import ${to} through ${ENTRY[to] ?? "(no entry)"}, not ${target}` };
  return null;
}

/** Every .ts file under `root` (repository-relative), skipping node_modules and dot folders. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".") || e.name === "dist") continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) out.push(p);
    }
  };
  walk("");
  return out.sort();
}

/** Import specifiers of a source text: static, type-only, re-exports and dynamic imports. */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}
