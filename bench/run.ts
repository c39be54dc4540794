/**
 * `npm run bench -- <name> [args]`: benchmarks print their figures; none of them is a test.
 * Each entry is a module exporting `run(args: string[]): Promise<void>`.
 */
const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  fft: () => import("./fft.js"),
  spectral: () => import("./spectral.js"),
  generate: () => import("./generate.js"),
  surrogates: () => import("./surrogates.js"),
  train: () => import("./train.js"),
};

const [name, ...args] = process.argv.slice(2);
if (!name || !(name in benches)) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join("|")}> [args]`);
  process.exit(name ? 2 : 0);
}
await (await benches[name]!()).run(args);
