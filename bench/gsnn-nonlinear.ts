/**
 * `npm run bench -- gsnn-nonlinear [--problem burgers1d|darcy2d] [--resolution 256]
 *   [--n-train 1000] [--n-test 200] [--epochs 5] [--batch 20] [--lr 1e-3] [--schedule step|cosine]
 *   [--models "gsnn:width=16,depth=4,derivativeFilters=1;fno:width=64,modes=16"] [--target 4e-3]
 *   [--fused-off derivative,heat]`
 *
 * The deep GSNN (no linear path) against the FNO on a nonlinear map, for the architecture
 * search of docs/gsnn-claims.md. Data come from the problem generator (training seed 1, test
 * seed 2; burgers1d is solved on 4× the resolution and subsampled, the FNO paper's protocol),
 * cached under the OS temp folder. Each model trains with the project's AdamW on the mean
 * relative L2 loss (inputs standardised per channel, outputs divided by their std, so the
 * relative error is the physical one), batch --batch, lr --lr either halved at every quarter of
 * the steps ("step") or cosine to zero; the test mean relative L2 is printed after every epoch
 * with the wall and CPU seconds of training so far and the load average. With --target, the
 * table also gives the epoch and training seconds at which the test error first reached it
 * (time to accuracy; the test evaluations are not timed). Any problem of the registry works
 * (heat1d for issue 12's time-to-accuracy comparison).
 *
 * A model spec is `kind:key=value,...`; kinds gsnn (buildGsnn, linearPathTaus 0 unless given)
 * and fno (buildFno). Values parse as numbers, `true`/`false`, or strings; `tauMin=a,tauMax=b`
 * stands for tauInit {min: a, max: b}. --fused-off switches fused kernel families off (A/B timing
 * of a kernel; results agree to round-off). A GSNN given linearPathTaus > 0 has its linear path
 * fitted in closed form before training and path and gate after (the training recipe,
 * docs/gsnn.md); one given coleHopfFit=true has its Cole–Hopf path set by the search of
 * fitColeHopfPath first (found parameters, training loss, CPU and the test error before any
 * gradient step are printed; `--epochs 0` gives the fitted path alone). --error-split (2-D
 * Dirichlet problems) prints where the final test error sits
 * (error-split.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { Rng } from "../core/index.js";
import { getProblem } from "../datasets/index.js";
import { buildGsnn, ColeHopfFilter, fitColeHopfPath, fitLinearPath } from "../gsnn/index.js";
import { buildFno } from "../operators/baselines.js";
import { setFusedKernels, type FusedKernelFamily } from "../operators/index.js";
import { AdamW } from "../surrogates/index.js";
import { errorSplit, formatErrorSplit } from "./error-split.js";
import { parseModelSpec } from "./model-spec.js";

function arg(args: string[], name: string, def: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
}

interface Data {
  x: Float32Array;
  y: Float32Array;
  shape: number[];
  cin: number;
  cout: number;
}

/** count samples of (problem, resolution, seed), generated once and cached as raw float32. */
function data(problem: string, resolution: number, count: number, seed: number): Data {
  const p = getProblem(problem).resolve({ resolution });
  const shape = [...p.grid.shape];
  const pts = shape.reduce((a, b) => a * b, 1);
  const cin = p.inputChannels.length;
  const cout = p.outputChannels.length;
  const dir = path.join(os.tmpdir(), "pdes-bench-gsnn-nonlinear");
  const stem = `${problem}-${resolution}-s${seed}-n`;
  const file = path.join(dir, `${stem}${count}.f32`);
  // Any cached file with at least count samples: its first count samples are these (seeded per sample).
  const cached = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
    .filter((f) => f.startsWith(stem) && f.endsWith(".f32"))
    .map((f) => Number(f.slice(stem.length, -4)))
    .filter((m) => m >= count)
    .sort((a, b) => a - b)[0];
  if (cached !== undefined) {
    const buf = fs.readFileSync(path.join(dir, `${stem}${cached}.f32`));
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    return { x: all.slice(0, count * pts * cin), y: all.slice(cached * pts * cin, (cached + count) * pts * cout), shape, cin, cout };
  }
  const x = new Float32Array(count * pts * cin);
  const y = new Float32Array(count * pts * cout);
  const a = new Float64Array(pts * cin);
  const b = new Float64Array(pts * cout);
  for (let i = 0; i < count; i++) {
    p.sample(seed, i, a, b);
    x.set(a, i * pts * cin);
    y.set(b, i * pts * cout);
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([Buffer.from(x.buffer), Buffer.from(y.buffer)]));
  fs.renameSync(tmp, file);
  return { x, y, shape, cin, cout };
}

const parseSpec = (spec: string): { kind: string; config: Record<string, unknown>; label: string } => ({ ...parseModelSpec(spec), label: spec });

/** Mean over samples of ‖p − y‖ / ‖y‖. */
const relL2 = (p: tf.Tensor, y: tf.Tensor): tf.Scalar =>
  tf.tidy(() => {
    const b = y.shape[0]!;
    return tf.mean(tf.div(tf.norm(tf.reshape(tf.sub(p, y), [b, -1]), 2, 1), tf.norm(tf.reshape(y, [b, -1]), 2, 1))) as tf.Scalar;
  });

const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(" ");

export async function run(args: string[]): Promise<void> {
  await tf.setBackend(arg(args, "--backend", "wasm"));
  await tf.ready();
  const off = arg(args, "--fused-off", "").split(",").filter(Boolean) as FusedKernelFamily[];
  setFusedKernels(Object.fromEntries(off.map((f) => [f, false])));
  const problem = arg(args, "--problem", "burgers1d");
  const resolution = Number(arg(args, "--resolution", problem === "darcy2d" ? "63" : "256"));
  const nTrain = Number(arg(args, "--n-train", "1000"));
  const nTest = Number(arg(args, "--n-test", "200"));
  const epochs = Number(arg(args, "--epochs", "5"));
  const batch = Number(arg(args, "--batch", "20"));
  const lr0 = Number(arg(args, "--lr", "1e-3"));
  const schedule = arg(args, "--schedule", "step");
  // Time to accuracy: the training wall/CPU seconds until the test error first reaches --target.
  const target = Number(arg(args, "--target", "0"));
  const specs = arg(args, "--models", "gsnn:width=16,depth=4,derivativeFilters=true;fno").split(";").map(parseSpec);
  const tr = data(problem, resolution, nTrain, 1);
  const te = data(problem, resolution, nTest, 2);
  const pts = tr.shape.reduce((a, b) => a * b, 1);
  // Per-channel input mean/std; outputs divided by their RMS (rel L2 unchanged).
  const mean = new Float64Array(tr.cin);
  const sd = new Float64Array(tr.cin);
  for (let i = 0; i < tr.x.length; i++) mean[i % tr.cin]! += tr.x[i]! / (nTrain * pts);
  for (let i = 0; i < tr.x.length; i++) sd[i % tr.cin]! += (tr.x[i]! - mean[i % tr.cin]!) ** 2 / (nTrain * pts);
  const ys = Math.sqrt(tr.y.reduce((s, v) => s + v * v, 0) / tr.y.length);
  const nx = (v: Float32Array) => v.map((q, i) => (q - mean[i % tr.cin]!) / Math.sqrt(sd[i % tr.cin]!));
  const xn = nx(tr.x);
  const yn = tr.y.map((v) => v / ys);
  const X = tf.tensor(xn, [nTrain, ...tr.shape, tr.cin]);
  const Y = tf.tensor(yn, [nTrain, ...tr.shape, tr.cout]);
  const Xt = tf.tensor(nx(te.x), [nTest, ...te.shape, te.cin]);
  const Yt = tf.tensor(te.y.map((v) => v / ys), [nTest, ...te.shape, te.cout]);
  const grid = getProblem(problem).resolve({ resolution }).grid;
  const ctx = { grid, inChannels: tr.cin, outChannels: tr.cout };
  const steps = epochs * Math.ceil(nTrain / batch);
  const lrAt = (s: number) => (schedule === "cosine" ? 0.5 * lr0 * (1 + Math.cos((Math.PI * s) / steps)) : lr0 * 0.5 ** Math.floor((4 * s) / steps));
  console.log(`# ${problem} at ${tr.shape.join("×")}, ${nTrain} train (seed 1) / ${nTest} test (seed 2); ${epochs} epochs, batch ${batch}, Adam lr ${lr0} ${schedule}; backend ${tf.getBackend()}${off.length ? ` (fused off: ${off.join(",")})` : ""}; load ${load()} on ${os.cpus().length} cores`);
  const rows: string[] = [];
  for (const s of specs) {
    const model =
      s.kind === "fno"
        ? buildFno({ seed: 1, ...s.config }, ctx)
        : buildGsnn({ linearPathTaus: 0, seed: 1, ...s.config }, ctx);
    const hasPath = s.kind === "gsnn" && model.layers.some((l) => l.name === "linear_path");
    if (hasPath) fitLinearPath(model, X, Y);
    const errs: string[] = [];
    if (s.kind === "gsnn" && s.config.coleHopfFit === true) {
      // The Cole–Hopf path's search on the (normalised) training set, before any gradient step.
      const r = fitColeHopfPath(model, { x: xn, y: yn, samples: nTrain });
      const err = tf.tidy(() => relL2(model.predict(Xt, { batchSize: 50 }) as tf.Tensor, Yt).dataSync()[0]!);
      errs.push(`fit ${err.toPrecision(4)}`);
      console.log(
        `# ${s.label}: Cole–Hopf fit γ ${r.gain.toPrecision(5)}, τ ${r.tau.toPrecision(5)}, shift ${r.shift.toPrecision(5)}, offset ${r.offset.toPrecision(4)} ` +
          `(input units: standardised u0), train loss ${r.loss.toExponential(3)} (linear limit ${r.linearLoss.toExponential(3)}), ` +
          `test rel L2 ${err.toExponential(3)}; ${r.evaluations} evaluations, ${r.cpuSeconds.toFixed(1)} s CPU, load ${load()}`,
      );
    }
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const params = model.countParams();
    const opt = new AdamW(vars, { name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    const rng = new Rng(7);
    let wall = 0;
    let cpu = 0;
    let step = 0;
    let reached = "–";
    const l0 = load();
    for (let e = 0; e < epochs; e++) {
      const perm = rng.shuffle(Array.from({ length: nTrain }, (_, i) => i)) as number[];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let b = 0; b < nTrain; b += batch) {
        const idx = tf.tensor1d(perm.slice(b, b + batch), "int32");
        const xb = tf.gather(X, idx);
        const yb = tf.gather(Y, idx);
        const { value, grads } = tf.variableGrads(() => relL2(model.apply(xb, { training: true }) as tf.Tensor, yb), vars);
        if (!Number.isFinite(value.dataSync()[0]!)) throw new Error(`${s.label}: loss not finite at epoch ${e + 1}`);
        opt.apply(vars.map((v) => grads[v.name]!), lrAt(step++));
        tf.dispose([idx, xb, yb, value, ...Object.values(grads)]);
      }
      wall += (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      cpu += (c.user + c.system) / 1e6;
      const err = tf.tidy(() => relL2(model.predict(Xt, { batchSize: 50 }) as tf.Tensor, Yt).dataSync()[0]!);
      errs.push(err.toPrecision(4));
      if (reached === "–" && err <= target) reached = `epoch ${e + 1}: ${wall.toFixed(0)} s wall / ${cpu.toFixed(0)} s CPU`;
      console.error(`  ${s.label} epoch ${e + 1}: test rel L2 ${err.toExponential(3)}, ${wall.toFixed(0)} s wall, ${cpu.toFixed(0)} s CPU, load ${load()}`);
    }
    if (hasPath) {
      fitLinearPath(model, X, Y, { fitGate: true });
      const err = tf.tidy(() => relL2(model.predict(Xt, { batchSize: 50 }) as tf.Tensor, Yt).dataSync()[0]!);
      errs.push(`refit ${err.toPrecision(4)}`);
    }
    // The Cole–Hopf layers' learned scales (burgers1d's true values: τ² = νT, gain −1/(2ν) in u's units).
    for (const l of model.layers)
      if (l instanceof ColeHopfFilter) {
        const f = (a: Float32Array) => Array.from(a, (q) => q.toPrecision(4)).join(", ");
        console.log(`# ${s.label}: ${l.name} τ [${f(l.taus())}], shift [${f(l.shifts())}], gain [${f(l.gains())}]`);
      }
    if (args.includes("--error-split")) {
      const pred = tf.tidy(() => model.predict(Xt, { batchSize: 50 }) as tf.Tensor);
      console.log(`# ${s.label}: ${formatErrorSplit(errorSplit(pred.dataSync() as Float32Array, Yt.dataSync() as Float32Array, te.x, te.shape[0]!))}`);
      pred.dispose();
    }
    rows.push(`| ${s.label} | ${params} | ${errs.join(" / ")} | ${wall.toFixed(0)} | ${cpu.toFixed(0)} |${target > 0 ? ` ${reached} |` : ""} ${l0} → ${load()} |`);
    opt.dispose();
    model.dispose();
  }
  tf.dispose([X, Y, Xt, Yt]);
  const tta = target > 0 ? ` reached ${target} |` : "";
  console.log(`| model | parameters | test rel L2 per epoch | wall s | CPU s |${tta} load (1/5/15 min) |`);
  console.log(`|---|---|---|---|---|${target > 0 ? "---|" : ""}---|`);
  for (const r of rows) console.log(r);
}
