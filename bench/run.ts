/**
 * `npm run bench -- <name> [args]`: benchmarks print their figures; none of them is a test.
 * Each entry is a module exporting `run(args: string[]): Promise<void>`.
 */
const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  models: () => import("./models.js"),
  fft: () => import("./fft.js"),
  spectral: () => import("./spectral.js"),
  generate: () => import("./generate.js"),
  train: () => import("./train.js"),
  surrogates: () => import("./surrogates.js"),
  fd: () => import("./fd.js"),
  gsnn: () => import("./gsnn.js"),
  "import-darcy": () => import("./import-darcy.js"),
  nonlinear: () => import("./nonlinear.js"),
  "gsnn-nonlinear": () => import("./gsnn-nonlinear.js"),
  relatives: () => import("./relatives.js"),
  calibration: () => import("./calibration.js"),
  faults: () => import("./faults/index.js"),
  pipeline: () => import("./pipeline.js"),
};

const [name, ...args] = process.argv.slice(2);
if (!name || !(name in benches)) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join("|")}> [args]`);
  process.exit(name ? 2 : 0);
}
if (args.includes("--help") || args.includes("-h")) {
  // A bench's options are documented in its file's leading comment: print that rather than run it.
  const { readFileSync } = await import("node:fs");
  const file = new URL(name === "faults" ? "./faults/index.ts" : `./${name}.ts`, import.meta.url);
  const head = /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, "utf8"))?.[1] ?? "";
  console.log(head.split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n").trim());
  process.exit(0);
}
await (await benches[name]!()).run(args);
