/**
 * `npm run bench -- calibration [--problem heat1d] [--n 64] [--train 200] [--val 50] [--test 100]
 * [--noise 0.1] [--epochs 10] [--members 5] [--passes 32] [--gsnn-width 32] [--gsnn-depth 4]
 * [--path 12] [--fno-width 32] [--modes 12] [--lr 1e-3] [--schedule constant|cosine] [--batch-size 16]
 * [--bins 8] [--gsnn-recipe burgers] [--skip-gsnn] [--backend wasm] [--seed 0]`: calibration under input
 * noise (docs/gsnn.md §Calibration comparison): probabilistic GSNN (linearised input noise +
 * validation model error; mean-field moments beside it) vs a deep ensemble of FNOs and MC
 * dropout, on NLL, CRPS, 95% coverage, rel-L2 and wall ms per predicted sample, with the load
 * average (the machine is shared) and the issue's targets as pass/fail. Figures only.
 * The issue's sizes: `--n 256 --train 1000 --val 200 --test 200 --epochs 50 --fno-width 64 --modes 16`.
 * `--gsnn-recipe burgers`: the deep-GSNN recipe of docs/gsnn-claims.md (wide τ, first-order
 * derivative filters in blocks 0–1 with block τ, no linear path; deterministic, so linearised
 * only), to go with `--lr 3e-3 --schedule cosine --batch-size 20`.
 * `--save-dir DIR [--skip-baselines]`: keep the GSNN's run and predictions in DIR; `--load-dir DIR [--bins 8]`:
 * re-score every GSNN variance rule from it, with the diagnosis (no training); `--complete DIR
 * [--fit-samples k] [--input-modes M]`: compute the linearised variance on the first k noisy validation inputs of a
 * saved run whose own computation was cut (the fitted rules need it). `--modes-check DIR [--modes 16,32,64]
 * [--samples 4]`: cost and error of the low-input-mode linearised variance against the saved exact one.
 * `--cost-only [--sizes 64,256] [--batch 8]`: only the cost of one predictWithUncertainty call,
 * linearised vs mean-field moments, for a probabilistic GSNN of the default size (random weights).
 * `--ratios [--depths 1,2,3,4,5,6,7,8] [--mc 4000]`: only the predicted/Monte Carlo variance
 * ratio through the public API at each depth (the setting of surrogates/__tests__/uncertainty.test.ts:
 * width 8, projection 16, no path, random weights, n = 32, white noise 0.04 physical).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { makeField, makeGrid, Rng, selectBackend } from "../core/index.js";
import { buildGsnn, type GsnnConfig } from "../gsnn/index.js";
import { CALIBRATION_DEFAULTS, checkInputModes, completeSavedCalibration, makeSurrogate, rescoreSavedCalibration, runCalibrationComparison, type Surrogate } from "../surrogates/index.js";

const median = (a: number[]): number => {
  const s = [...a].sort((p, q) => p - q);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

function surrogateOf(model: tf.LayersModel, cfg: GsnnConfig, n: number): Surrogate {
  const info = { kind: "gsnn" as const, parameterCount: 0, probabilistic: cfg.probabilistic === true, resolutionInvariant: true };
  return makeSurrogate(
    model,
    { format: "pdes-surrogate", version: 2, kind: "gsnn", modelConfig: cfg as Record<string, unknown>, info, grid: { shape: [n], lengths: [1], bc: ["periodic"] }, inChannels: 1, outChannels: 1, problem: {}, loss: "rel-l2", backend: "", steps: 0, epochs: 0, bestEpoch: null, bestValLoss: null, finalValLoss: null },
    { kind: "channel", input: { mean: [1], std: [2] }, output: { mean: [0.5], std: [3] } },
  );
}

/** Median predicted / Monte Carlo variance ratio per depth, both methods, through predictWithUncertainty. */
async function ratios(depths: number[], M: number): Promise<void> {
  const n = 32;
  const grid = makeGrid({ shape: [n], lengths: [1] });
  console.log(`| depth | linearised median [min, max] | moments median | linearised ms |`);
  console.log("|---|---|---|---|");
  for (const depth of depths) {
    const base: GsnnConfig = { width: 8, depth, projectionWidth: 16, linearPathTaus: 0, seed: 7, activation: "gelu" };
    const det = buildGsnn(base, { grid, inChannels: 1, outChannels: 1 });
    det.trainableWeights.forEach((w, i) =>
      tf.tidy(() => {
        w.write(tf.add(w.read(), tf.randomNormal(w.shape as number[], 0, 0.3, "float32", 10 + i)));
      }),
    );
    const pcfg: GsnnConfig = { ...base, probabilistic: true, inputVariance: 0.01 };
    const prob = buildGsnn(pcfg, { grid, inChannels: 1, outChannels: 1 });
    prob.setWeights(det.getWeights());
    const [ps, ds] = [surrogateOf(prob, pcfg, n), surrogateOf(det, base, n)];
    const u = Float64Array.from({ length: n }, (_, j) => 1 + 2 * Math.sin((2 * Math.PI * j) / n));
    const r = new Rng(depth);
    const noisy = makeField([M, n, 1], Float64Array.from({ length: M * n }, (_, k) => u[k % n]! + 0.2 * r.normal()));
    const y = await ds.predict(noisy);
    const mc = Array.from({ length: n }, (_, j) => {
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < M; i++) ((s1 += y.data[i * n + j]!), (s2 += y.data[i * n + j]! ** 2));
      return (s2 - (s1 * s1) / M) / (M - 1);
    });
    const x = makeField([1, n, 1], u);
    const t0 = performance.now();
    const lin = await ps.predictWithUncertainty(x);
    const ms = performance.now() - t0;
    const mom = await ps.predictWithUncertainty(x, { method: "moments" });
    const rl = mc.map((v, j) => lin.variance.data[j]! / v);
    const rm = mc.map((v, j) => mom.variance.data[j]! / v);
    console.log(`| ${depth} | ${median(rl).toFixed(3)} [${Math.min(...rl).toFixed(2)}, ${Math.max(...rl).toFixed(2)}] | ${median(rm).toFixed(2)} | ${ms.toFixed(0)} |`);
    ps.dispose();
    ds.dispose();
  }
  console.log(`\n${M} Monte Carlo samples per depth; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (uptime)`);
}

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

const table = (rows: { method: string; nll: number; crps: number; coverage95: number; relL2: number; msPerSample: number }[]) => {
  console.log("| method | NLL | CRPS | 95% coverage | rel-L2 | ms / sample |");
  console.log("|---|---|---|---|---|---|");
  for (const q of rows) console.log(`| ${q.method} | ${q.nll.toFixed(3)} | ${q.crps.toExponential(3)} | ${q.coverage95.toFixed(3)} | ${q.relL2.toExponential(2)} | ${q.msPerSample.toFixed(2)} |`);
};

/** `--load-dir DIR`: every GSNN variance rule and the diagnosis, from a run saved with --save-dir (no training). */
function rescore(dir: string, bins: number): void {
  const r = rescoreSavedCalibration(dir, { bins });
  const m = r.meta;
  console.log(`${m.problem} n = ${m.resolution}, ${m.nTrain} / ${m.nVal} / ${m.nTest}, noise sd ${Number(m.noiseSd).toPrecision(3)} (physical)\n`);
  table(r.rows);
  console.log("\nmodel error (per channel, physical units):");
  for (const [k, v] of Object.entries(r.modelError)) console.log(`  ${k}: ${v.map((q) => q.toExponential(3)).join(", ")}`);
  if (r.noiseScale) console.log(`  fitted on noisy validation: σ² = ${r.noiseScale.scale.map((a, c) => `${a.toFixed(3)}·v + ${r.noiseScale!.modelVariance[c]!.toExponential(3)}`).join("; ")}`);
  console.log("\nz = (y − μ)/σ on test: mean z², |z| quantiles at 0.5 0.9 0.95 0.99 0.999 (Gaussian 0.674 1.645 1.960 2.576 3.291), fraction |z| > 1.96 per σ² bin (ascending) and per block of positions:");
  for (const q of r.z)
    console.log(`- ${q.method}: mean z² ${q.meanZ2.toFixed(3)}; |z| q ${q.absZQuantiles.map((v) => v.toFixed(3)).join(" ")}; by σ² ${q.outsideBySigma.map((v) => v.toFixed(3)).join(" ")}; by position ${q.outsideByPosition.map((v) => v.toFixed(3)).join(" ")}`);
  if (r.mc.length) {
    console.log("\nlinearised variance (clean test input) / empirical variance of the prediction under fresh noise draws:");
    console.log("| sample | median [min, max] | ratio of means | linearised at noisy / at clean input | (MC mean − f(x))² / MC variance |");
    console.log("|---|---|---|---|---|");
    for (const q of r.mc) console.log(`| ${q.sample} | ${q.medianRatio.toFixed(3)} [${q.minRatio.toFixed(2)}, ${q.maxRatio.toFixed(2)}] | ${q.ratioOfMeans.toFixed(3)} | ${q.noisyOverClean.toFixed(3)} | ${q.bias2OverVar.toFixed(3)} |`);
    console.log(`(${JSON.stringify(m.mc)})`);
  }
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
  if (args.includes("--ratios")) return ratios(arg(args, "depths", "1,2,3,4,5,6,7,8").split(",").map(Number), num("mc", 4000));
  if (args.includes("--complete"))
    return completeSavedCalibration(path.resolve(arg(args, "complete", "")), { ...(args.includes("--fit-samples") ? { samples: num("fit-samples", 0) } : {}), ...(args.includes("--input-modes") ? { inputModes: num("input-modes", 0) } : {}), backend, log: (l) => console.log(`${l}; load ${os.loadavg()[0]!.toFixed(1)}`) });
  if (args.includes("--modes-check")) {
    const rows = await checkInputModes(path.resolve(arg(args, "modes-check", "")), { modes: arg(args, "modes", "16,32,64").split(",").map(Number), samples: num("samples", 4), backend });
    console.log("| input modes | ms / sample | median rel. error | max rel. error | Σ approx / Σ exact |");
    console.log("|---|---|---|---|---|");
    for (const q of rows) console.log(`| ${q.modes ?? "exact (gradients)"} | ${q.msPerSample.toFixed(0)} | ${q.medianRelError.toExponential(2)} | ${q.maxRelError.toExponential(2)} | ${q.ratioOfSums.toFixed(4)} |`);
    return console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (uptime)`);
  }
  if (args.includes("--load-dir")) return rescore(path.resolve(arg(args, "load-dir", "")), num("bins", D.modelErrorBins));
  if (args.includes("--cost-only")) return cost(arg(args, "sizes", "64,256").split(",").map(Number), num("batch", 8));
  const recipeName = arg(args, "gsnn-recipe", "none");
  if (recipeName !== "none" && recipeName !== "burgers") throw new Error(`--gsnn-recipe: unknown recipe ${recipeName} (burgers or none)`);
  const recipe: GsnnConfig =
    recipeName === "burgers" ? { tauInit: "wide", derivativeFilters: true, derivativeBlocks: 2, derivativeOrder: 1, derivativeTauInit: "block", linearPathTaus: 0 } : {};
  const schedule = arg(args, "schedule", D.schedule);
  if (schedule !== "constant" && schedule !== "cosine") throw new Error(`--schedule: ${schedule} (constant or cosine)`);
  const saveDir = args.includes("--save-dir") ? path.resolve(arg(args, "save-dir", "")) : undefined;
  // With --save-dir the GSNN's run directory and predictions are kept there (docs/gsnn.md §Calibration comparison).
  const out = saveDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "pdes-calibration-"));
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
      gsnn: { ...D.gsnn, width: num("gsnn-width", D.gsnn.width!), depth: num("gsnn-depth", D.gsnn.depth!), linearPathTaus: num("path", 12), ...recipe },
      fno: { ...D.fno, width: num("fno-width", D.fno.width!), modes: num("modes", D.fno.modes as number) },
      lr: num("lr", D.lr),
      schedule: schedule as "constant" | "cosine",
      batchSize: num("batch-size", D.batchSize),
      modelErrorBins: num("bins", D.modelErrorBins),
      skipGsnn: args.includes("--skip-gsnn"),
      skipBaselines: args.includes("--skip-baselines"),
      ...(args.includes("--input-modes") ? { linearizedInputModes: num("input-modes", 0) } : {}),
      ...(saveDir ? { saveDir } : {}),
      seed: num("seed", 0),
      backend,
      log: (l) => console.log(l),
    });
    console.log(`\ninput noise sd ${r.noiseSd.toPrecision(3)} (physical units); GSNN model-error variance ${r.gsnnModelVariance.map((v) => v.toExponential(2)).join(", ")}, linearised input-noise variance (test mean) ${r.gsnnLinearizedVariance.map((v) => v.toExponential(2)).join(", ")}`);
    console.log(`binned model error (|∇μ|² edges → variance): ${r.gsnnBinnedVariance.variance.map((v, c) => v.map((q, b) => `${b === 0 ? "" : r.gsnnBinnedVariance.edges[c]![b - 1]!.toExponential(1) + " "}${q.toExponential(2)}`).join(" | ")).join("; ")}`);
    console.log(`fitted on noisy validation: σ² = ${r.gsnnNoiseScale.scale.map((a, c) => `${a.toFixed(3)}·v + ${r.gsnnNoiseScale.modelVariance[c]!.toExponential(3)}`).join("; ")}`);
    console.log(`training wall s: ${Object.entries(r.trainSeconds).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}`);
    console.log(`parameters: ${Object.entries(r.parameters).map(([k, v]) => `${k} ${v}`).join(", ")}\n`);
    table(r.rows);
    const g = r.rows[0]!;
    const ens = r.rows.find((q) => q.method.endsWith("FNO ensemble")) ?? { nll: NaN };
    if (!g.method.startsWith("GSNN")) return console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s wall; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (uptime)`);
    console.log(`\ntarget: GSNN 95% coverage in [0.93, 0.97]: ${g.coverage95.toFixed(3)} ${g.coverage95 >= 0.93 && g.coverage95 <= 0.97 ? "PASS" : "FAIL"}`);
    console.log(`target: GSNN NLL <= ensemble NLL: ${g.nll.toFixed(3)} vs ${ens.nll.toFixed(3)} ${g.nll <= ens.nll ? "PASS" : "FAIL"}`);
    const b = r.rows[1]!;
    console.log(`binned model error: coverage ${b.coverage95.toFixed(3)} ${b.coverage95 >= 0.93 && b.coverage95 <= 0.97 ? "PASS" : "FAIL"}, NLL ${b.nll.toFixed(3)} vs ${ens.nll.toFixed(3)} ${b.nll <= ens.nll ? "PASS" : "FAIL"}`);
    console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s wall; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (uptime)`);
  } finally {
    if (!saveDir) fs.rmSync(out, { recursive: true, force: true });
  }
}
