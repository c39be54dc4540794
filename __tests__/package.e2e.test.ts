// The published package, as a user gets it: `npm pack` (whose `prepare` builds dist/ fresh from
// the sources), the tarball unpacked into a fresh ESM project and a fresh CommonJS project the
// way `npm install` lays it out, with the package's runtime dependencies linked from this
// checkout's node_modules (no registry access; tsx deliberately left out, so nothing can fall
// back to the TypeScript sources). Each project runs a short generate → train → predict through
// the installed API: the ESM one runs the README's library example as written (it imports
// "pde-surrogates"), compiled by tsc against the installed .d.ts together with README-style code
// that is type-checked only (its pipeline is the one the CommonJS project runs, so running it
// twice would check nothing new); the CommonJS one runs the ridge pipeline. The installed `pdes`
// bin runs the pipeline under plain Node once. See docs/packaging.md.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNpy } from "../surrogates/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-pack-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Pkg {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readPkg = (dir: string): Pkg => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Pkg;

/**
 * Top-level packages of this checkout's node_modules that the package needs at run time: its
 * dependencies and, recursively, theirs (nested node_modules travel with their parent).
 */
function runtimeClosure(exclude: ReadonlySet<string>): string[] {
  const top = path.join(root, "node_modules");
  const seen = new Set<string>();
  const visit = (name: string, from: string): void => {
    // Resolve like Node: the nearest node_modules above the dependent package first.
    for (let d = from; d.startsWith(top); d = path.dirname(d)) {
      const cand = path.join(d, "node_modules", name);
      if (d !== top && fs.existsSync(cand)) return visitDir(cand, name, false);
      if (d === top) break;
    }
    const cand = path.join(top, name);
    if (fs.existsSync(cand)) visitDir(cand, name, true);
  };
  const visitDir = (dir: string, name: string, isTop: boolean): void => {
    if (isTop) {
      if (seen.has(name)) return;
      seen.add(name);
    }
    const p = readPkg(dir);
    const required = Object.keys(p.peerDependencies ?? {}).filter((k) => !p.peerDependenciesMeta?.[k]?.optional);
    for (const dep of [...Object.keys(p.dependencies ?? {}), ...Object.keys(p.optionalDependencies ?? {}), ...required]) visit(dep, dir);
  };
  for (const dep of Object.keys(readPkg(root).dependencies ?? {})) if (!exclude.has(dep)) visit(dep, top);
  return [...seen].sort();
}

/** `npm install <tarball>` without the registry: unpack it and link the dependencies. */
function installInto(project: string, tarball: string, deps: readonly string[], extra: readonly string[] = []): void {
  const nm = path.join(project, "node_modules");
  const pkgDir = path.join(nm, "pde-surrogates");
  fs.mkdirSync(pkgDir, { recursive: true });
  const t = spawnSync("tar", ["-xzf", tarball, "-C", pkgDir, "--strip-components=1"], { encoding: "utf8" });
  expect(t.status, t.stderr).toBe(0);
  for (const dep of new Set([...deps, ...extra])) {
    const link = path.join(nm, dep);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(root, "node_modules", dep), link, "dir");
  }
  fs.mkdirSync(path.join(nm, ".bin"), { recursive: true });
  fs.symlinkSync("../pde-surrogates/bin/pdes.js", path.join(nm, ".bin", "pdes"));
}

function run(cwd: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, { cwd, encoding: "utf8", env: { ...process.env, PDES_BACKEND: "cpu" } });
}

/** The README's "Library in a few lines" block, verbatim. */
function readmeExample(): string {
  const section = fs.readFileSync(path.join(root, "README.md"), "utf8").split("## Library in a few lines")[1];
  const m = section?.match(/```ts\n([\s\S]*?)```/);
  if (!m) throw new Error("README has no ts block under 'Library in a few lines'");
  return m[1]!;
}

/** The consumer's pipeline, shared by both projects: generate, train ridge, predict, score. */
const PIPELINE = `
  await datasets.generateDataset({ problem: "heat1d", params: { resolution: 16 }, n: 24, seed: 1, out: "data" });
  const ds = await datasets.openDataset("data");
  const config = surrogates.parseTrainConfig({ data: "data", out: "run", model: "ridge", backend: "cpu" });
  await surrogates.train({ config, data: await surrogates.trainingDataFromDataset(ds) });
  const s = await surrogates.loadSurrogate("run");
  const x = await ds.read("inputs", 20, 24, "float64");
  const ref = await ds.read("outputs", 20, 24, "float64");
  const u = await s.predict(core.makeField([4, ...ds.grid.shape, 1], x));
  let num = 0, den = 0;
  for (let i = 0; i < ref.length; i++) { num += (u.data[i] - ref[i]) ** 2; den += ref[i] ** 2; }
  s.dispose();
`;

let tarball = "";
let deps: string[] = [];

beforeAll(() => {
  const packDir = path.join(work, "pack");
  fs.mkdirSync(packDir);
  const r = spawnSync("npm", ["pack", "--pack-destination", packDir, "--no-audit", "--no-fund", "--offline"], { cwd: root, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const tgz = fs.readdirSync(packDir).filter((f) => f.endsWith(".tgz"));
  expect(tgz).toHaveLength(1);
  tarball = path.join(packDir, tgz[0]!);
  deps = runtimeClosure(new Set(["tsx"]));
});

describe("npm pack", () => {
  it("ships compiled ESM, .d.ts, the bin and docs, and no TypeScript sources or tests", () => {
    const list = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    expect(list).toContain("package/dist/index.js");
    expect(list).toContain("package/dist/index.d.ts");
    expect(list).toContain("package/dist/scripts/main.js");
    expect(list).toContain("package/dist/datasets/chunk-worker.js");
    expect(list).toContain("package/bin/pdes.js");
    expect(list.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(list.filter((f) => /__tests__|tsbuildinfo/.test(f))).toEqual([]);
    // The closure is real: tfjs and zarrita are in it, tsx is not.
    expect(deps).toContain("@tensorflow/tfjs");
    expect(deps).toContain("zarrita");
    expect(deps).not.toContain("tsx");
  });
});

describe("installed into a fresh ESM project", () => {
  const project = path.join(work, "esm");

  it("TypeScript code (the README's example among it) type-checks against the installed .d.ts, compiles, and the README example runs generate → train → predict", () => {
    fs.mkdirSync(project, { recursive: true });
    installInto(project, tarball, deps, ["@types/node"]);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "esm-consumer", private: true, type: "module" }));
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      // A Node project's settings (as @tsconfig/node20: no DOM lib; tsc then reads 10.7k lines of lib instead of 51k).
      JSON.stringify({ compilerOptions: { target: "ES2022", lib: ["ES2022"], module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: ["node"] }, files: ["app.mts", "readme.mts"] }),
    );
    // The README's example as a user pastes it, then a comparison of its surrogate with the solver.
    fs.writeFileSync(
      path.join(project, "readme.mts"),
      readmeExample() +
        `
let num = 0, den = 0;
for (let i = 0; i < ref.data.length; i++) { num += (u.data[i]! - ref.data[i]!) ** 2; den += ref.data[i]! ** 2; }
console.log(JSON.stringify({ relL2: Math.sqrt(num / den), n: ref.data.length, kind: s.kind }));
`,
    );
    // README-style code under strict: it compiles only if read(..., "float64") is typed
    // Float64Array (makeField takes no Float32Array) and ds.grid is a Grid, not Grid | undefined.
    fs.writeFileSync(
      path.join(project, "app.mts"),
      `import { core, datasets, surrogates } from "pde-surrogates";
${PIPELINE}
const n: number = ds.grid.shape[0]!;
console.log(JSON.stringify({ relL2: Math.sqrt(num / den), n, kind: s.kind }));
`,
    );
    const tsc = run(project, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "."]);
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    // app.mts is compiled, not run: the CommonJS project below runs the same pipeline.
    expect(fs.existsSync(path.join(project, "app.mjs"))).toBe(true);
    // The README example (GSNN, 5 epochs) matches the spectral solver. No backend is named
    // anywhere: the library picks one itself (auto; wasm without a GPU).
    const ex = spawnSync(process.execPath, ["readme.mjs"], { cwd: project, encoding: "utf8", env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "PDES_BACKEND")) });
    expect(ex.status, ex.stderr).toBe(0);
    const rd = JSON.parse(ex.stdout.trim().split("\n").pop()!) as { relL2: number; n: number; kind: string };
    expect(rd).toMatchObject({ n: 64, kind: "gsnn" });
    expect(rd.relL2).toBeLessThan(1e-3);
    expect(fs.existsSync(path.join(project, "runs/heat/model.json"))).toBe(true);
    // Every record names the backend actually used: wasm (auto skips software GPU adapters).
    const rec = (f: string) => JSON.parse(fs.readFileSync(path.join(project, "runs/heat", f), "utf8")) as { backend: string };
    expect(rec("config.json").backend).toBe("wasm");
    expect(rec("surrogate.json").backend).toBe("wasm");
    const metrics = fs.readFileSync(path.join(project, "runs/heat/metrics.jsonl"), "utf8").trim().split("\n");
    expect(new Set(metrics.map((l) => (JSON.parse(l) as { backend: string }).backend))).toEqual(new Set(["wasm"]));
    expect(fs.existsSync(path.join(project, "data/heat/.pdes/COMPLETE"))).toBe(true);
  });

  it("the installed pdes bin runs generate (2 workers) → train (MLP on 2 workers) → predict under plain Node", () => {
    const bin = path.join(project, "node_modules/.bin/pdes");
    const help = run(project, [bin, "--help"]);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Usage: pdes/);
    const gen = run(project, [bin, "generate", "heat1d", "--n", "24", "--seed", "3", "--resolution", "16", "--chunk-samples", "6", "--workers", "2", "--out", "bin-data", "--quiet"]);
    expect(gen.status, gen.stderr).toBe(0);
    expect(gen.stdout).toMatch(/24 samples generated in 4 chunk\(s\)/);
    // One training run, the one that needs the installed layout most: data-parallel training
    // starts its gradient workers from the compiled .js files (no tsx).
    const dp = run(project, [bin, "train", "--data", "bin-data", "--model", "mlp", "--epochs", "1", "--workers", "2", "--out", "bin-run-dp", "--quiet"]);
    expect(dp.status, dp.stderr).toBe(0);
    expect(fs.existsSync(path.join(project, "bin-run-dp/surrogate.json"))).toBe(true);
    const pr = run(project, [bin, "predict", "--run", "bin-run-dp", "--input", "bin-data", "--out", "pred.npy", "--quiet"]);
    expect(pr.status, pr.stderr).toBe(0);
    const pred = readNpy(path.join(project, "pred.npy"));
    expect(pred.shape).toEqual([24, 16, 1]);
    expect(pred.data.every(Number.isFinite)).toBe(true);
  });
});

describe("installed into a fresh CommonJS project", () => {
  it("require() and dynamic import() give the same API and run generate → train → predict", () => {
    const project = path.join(work, "cjs");
    fs.mkdirSync(project, { recursive: true });
    installInto(project, tarball, deps);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "cjs-consumer", private: true, type: "commonjs" }));
    fs.writeFileSync(
      path.join(project, "app.cjs"),
      `// require() of an ES module needs Node >= 20.19 / 22.12 (process.features.require_module).
const viaRequire = process.features.require_module ? require("pde-surrogates") : null;
(async () => {
  const viaImport = await import("pde-surrogates");
  const same = viaRequire === null || (viaRequire.surrogates.train === viaImport.surrogates.train && viaRequire.core.makeField === viaImport.core.makeField);
  const { core, datasets, surrogates } = viaRequire ?? viaImport;
  ${PIPELINE}
  console.log(JSON.stringify({ relL2: Math.sqrt(num / den), required: viaRequire !== null, same, kind: s.kind }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
    );
    const r = run(project, ["app.cjs"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { relL2: number; required: boolean; same: boolean; kind: string };
    expect(out.required).toBe(process.features.require_module === true);
    expect(out.same).toBe(true);
    expect(out.kind).toBe("ridge");
    // Closed-form ridge on 20 samples of the linear 16-point heat operator: near-exact.
    expect(out.relL2).toBeLessThan(1e-3);
  });
});
