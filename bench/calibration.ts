/**
 * `npm run bench -- calibration [--problem heat1d] [--n 64] [--train 200] [--val 50] [--test 100]
 * [--noise 0.1] [--epochs 10] [--members 5] [--passes 32] [--gsnn-width 32] [--gsnn-depth 4]
 * [--path 12] [--fno-width 32] [--modes 12] [--backend wasm] [--seed 0]`: calibration under input
 * noise (docs/gsnn.md §Calibration comparison): probabilistic GSNN (linearised input noise +
 * validation model error; mean-field moments beside it) vs a deep ensemble of FNOs and MC
 * dropout, on NLL, CRPS, 95% coverage, rel-L2 and wall ms per predicted sample, with the load
 * average (the machine is shared) and the issue's targets as pass/fail. Figures only.
 * The issue's sizes: `--n 256 --train 1000 --val 200 --test 200 --epochs 50 --fno-width 64 --modes 16`.
 * `--cost-only [--sizes 64,256] [--batch 8]`: only the cost of one predictWithUncertainty call,
 * linearised vs mean-field moments, for a probabilistic GSNN of the default size (random weights).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeField, makeGrid, Rng, selectBackend } from "../core/index.js";
import { buildGsnn } from "../gsnn/index.js";
import { CALIBRATION_DEFAULTS, makeSurrogate, runCalibrationComparison } from "../surrogates/index.js";

/** Wall ms of one predictWithUncertainty call per method (after one untimed call). */
async function cost(sizes: number[], batch: number): Promise<void> {
  const cfg = { ...CALIBRATION_DEFAULTS.gsnn, probabilistic: true, inputVariance: 0.01, seed: 1 };
  console.log(`probabilistic GSNN ${JSON.stringify(cfg)}, batch ${batch}\n`);
  console.log("| n | moments ms / sample | linearised ms / sample | ratio | gradient rows |");
  console.log("|---|---|---|---|---|");
  for (const n of sizes) {
    const grid = makeGrid({ shape: [n], lengths: [1] });
    const model = buildGsnn(cfg, { grid, inChannels: 1, outChannels: 1 });
    const info = { kind: "gsnn" as const, parameterCount: 0, probabilistic: true, resolutionInvariant: true };
    const s = makeSurrogate(
      model,
      { format: "pdes-surrogate", version: 2, kind: "gsnn", modelConfig: cfg, info, grid: { shape: [n], lengths: [1], bc: ["periodic"] }, inChannels: 1, outChannels: 1, problem: {}, loss: "rel-l2", backend: "", steps: 0, epochs: 0, bestEpoch: null, bestValLoss: null, finalValLoss: null },
      { kind: "channel", input: { mean: [0], std: [1] }, output: { mean: [0], std: [1] } },
    );
    const r = new Rng(3);
    const x = makeField([batch, n, 1], Float64Array.from({ length: batch * n }, () => r.normal()));
    const ms: Record<string, number> = {};
    for (const method of ["moments", "linearized"] as const) {
      await s.predictWithUncertainty(x, { method });
      const t0 = performance.now();
      await s.predictWithUncertainty(x, { method });
      ms[method] = (performance.now() - t0) / batch;
    }
    console.log(`| ${n} | ${ms.moments!.toFixed(2)} | ${ms.linearized!.toFixed(1)} | ${(ms.linearized! / ms.moments!).toFixed(0)} | ${n} per sample |`);
    s.dispose();
  }
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (uptime)`);
}

function arg(args: string[], name: string, def: string | number): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : String(def);
}

export async function run(args: string[]): Promise<void> {
  const D = CALIBRATION_DEFAULTS;
  const num = (name: string, def: number) => Number(arg(args, name, def));
  const backend = arg(args, "backend", "wasm");
  await selectBackend(backend, { quiet: true });
  if (args.includes("--cost-only")) return cost(arg(args, "sizes", "64,256").split(",").map(Number), num("batch", 8));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-calibration-"));
  const t0 = performance.now();
  try {
    const r = await runCalibrationComparison({
      out,
      problem: arg(args, "problem", D.problem),
      resolution: num("n", D.resolution),
      nTrain: num("train", D.nTrain),
      nVal: num("val", D.nVal),
      nTest: num("test", D.nTest),
      noise: num("noise", D.noise),
      epochs: num("epochs", D.epochs),
      members: num("members", D.members),
      passes: num("passes", D.passes),
      gsnn: { ...D.gsnn, width: num("gsnn-width", D.gsnn.width!), depth: num("gsnn-depth", D.gsnn.depth!), linearPathTaus: num("path", 12) },
      fno: { ...D.fno, width: num("fno-width", D.fno.width!), modes: num("modes", D.fno.modes as number) },
      seed: num("seed", 0),
      backend,
      log: (l) => console.log(l),
    });
    console.log(`\ninput noise sd ${r.noiseSd.toPrecision(3)} (physical units); GSNN model-error variance ${r.gsnnModelVariance.map((v) => v.toExponential(2)).join(", ")}`);
    console.log(`parameters: ${Object.entries(r.parameters).map(([k, v]) => `${k} ${v}`).join(", ")}\n`);
    console.log("| method | NLL | CRPS | 95% coverage | rel-L2 | ms / sample |");
    console.log("|---|---|---|---|---|---|");
    for (const q of r.rows)
      console.log(`| ${q.method} | ${q.nll.toFixed(3)} | ${q.crps.toExponential(3)} | ${q.coverage95.toFixed(3)} | ${q.relL2.toExponential(2)} | ${q.msPerSample.toFixed(2)} |`);
    const g = r.rows[0]!;
    const ens = r.rows.find((q) => q.method.endsWith("FNO ensemble"))!;
    console.log(`\ntarget: GSNN 95% coverage in [0.93, 0.97]: ${g.coverage95.toFixed(3)} ${g.coverage95 >= 0.93 && g.coverage95 <= 0.97 ? "PASS" : "FAIL"}`);
    console.log(`target: GSNN NLL <= ensemble NLL: ${g.nll.toFixed(3)} vs ${ens.nll.toFixed(3)} ${g.nll <= ens.nll ? "PASS" : "FAIL"}`);
    console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s wall; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (uptime)`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
