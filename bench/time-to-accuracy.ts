/**
 * `npm run bench -- models --only none --no-torch --tta [--tta-models "gsnn;gsnn-fast;fno1d"]
 * [--epochs 50] [--lr 1e-3] [--schedule step|cosine] [--target 4e-3]`: time to accuracy on
 * heat1d (n = 256, κ = 0.01, T = 1, the default GRF inputs; 1000 training and 200 test samples
 * from the problem generator, seeds 1 and 2), every model in the same run. Each model trains
 * with the project's AdamW, batch 20, the mean relative L2 loss on std-scaled data, lr --lr
 * halved every 10 epochs ("step") or cosine to zero over --epochs; after every epoch the test
 * mean relative L2 is measured (not timed). The table gives the training wall and CPU seconds
 * until the test error first reaches the target (the FNO's heat1d error of the reference run,
 * 4e−3), or "not reached" after --epochs. Models (`;`-separated; `,` works for names alone):
 * - gsnn: the default GSNN, its linear path fitted by least squares before Adam starts (the
 *   fit is timed, and the error right after it counts as epoch 0);
 * - gsnn-deep: width 32, depth 4, no linear path (the size of the PyTorch comparison);
 * - gsnn-fast: the cheaper deep-only recipe of docs/operators.md §Time to accuracy: width 16,
 *   depth 2, projection 64, every τ started in [0.05, 0.2] (the heat kernel of κT = 0.01 is
 *   τ = 0.1), no linear path;
 * - fno1d: width 32, modes 16, depth 4;
 * - `gsnn:key=value,...` / `fno:key=value,...`: any config (tauMin/tauMax = tauInit {min, max}).
 */
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/index.js";
import { getProblem } from "../datasets/index.js";
import { buildGsnn, fitLinearPath } from "../gsnn/index.js";
import { buildFno } from "../operators/baselines.js";
import { AdamW } from "../surrogates/index.js";
import { parseModelSpec } from "./model-spec.js";

function arg(args: string[], name: string, def: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
}

function data(n: number, count: number, seed: number): { x: Float32Array; y: Float32Array } {
  const p = getProblem("heat1d").resolve({ resolution: n });
  const x = new Float32Array(count * n);
  const y = new Float32Array(count * n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < count; i++) {
    p.sample(seed, i, a, b);
    x.set(a, i * n);
    y.set(b, i * n);
  }
  return { x, y };
}

const std = (v: Float32Array): number => Math.sqrt(v.reduce((s, q) => s + q * q, 0) / v.length);

/** Mean over samples of ‖p − y‖ / ‖y‖ (tensors [B, n, 1]). */
const relL2 = (p: tf.Tensor, y: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.mean(tf.div(tf.norm(tf.reshape(tf.sub(p, y), [y.shape[0]!, -1]), 2, 1), tf.norm(tf.reshape(y, [y.shape[0]!, -1]), 2, 1))) as tf.Scalar);

const NAMED: Record<string, string> = {
  gsnn: "gsnn:linearPathTaus=12",
  "gsnn-deep": "gsnn:width=32,depth=4",
  "gsnn-fast": "gsnn:width=16,depth=2,projectionWidth=64,tauMin=0.05,tauMax=0.2",
  fno1d: "fno:width=32,modes=16,depth=4",
};

/** `kind:key=value,...` (or a name of NAMED) → builder kind and config. */
function parseModel(spec: string): { kind: "gsnn" | "fno"; config: Record<string, unknown> } {
  const { kind, config } = parseModelSpec(NAMED[spec] ?? spec);
  if (kind !== "gsnn" && kind !== "fno") throw new Error(`--tta-models: unknown model ${JSON.stringify(spec)} (names: ${Object.keys(NAMED).join(", ")}; or gsnn:…, fno:…)`);
  return { kind, config };
}

export async function runTimeToAccuracy(args: string[]): Promise<void> {
  const n = 256;
  const epochs = Number(arg(args, "--epochs", "50"));
  const target = Number(arg(args, "--target", "4e-3"));
  const lr0 = Number(arg(args, "--lr", "1e-3"));
  const schedule = arg(args, "--schedule", "step");
  const list = arg(args, "--tta-models", "gsnn;gsnn-fast;fno1d");
  const models = list.split(/[;:]/.test(list) ? ";" : ",");
  const tr = data(n, 1000, 1);
  const te = data(n, 200, 2);
  const sx = std(tr.x);
  const sy = std(tr.y);
  const X = tf.tensor3d(tr.x.map((v) => v / sx), [1000, n, 1]);
  const Y = tf.tensor3d(tr.y.map((v) => v / sy), [1000, n, 1]);
  const Xt = tf.tensor3d(te.x.map((v) => v / sx), [200, n, 1]);
  const Yt = tf.tensor3d(te.y.map((v) => v / sy), [200, n, 1]);
  const grid = getProblem("heat1d").resolve({ resolution: n }).grid;
  const ctx = { grid, inChannels: 1, outChannels: 1 };
  const stepsPerEpoch = 1000 / 20;
  const lrAt = (s: number): number =>
    schedule === "cosine" ? 0.5 * lr0 * (1 + Math.cos((Math.PI * s) / (epochs * stepsPerEpoch))) : lr0 * 0.5 ** Math.floor(s / (10 * stepsPerEpoch));
  console.error(`time to accuracy: heat1d n = ${n}, Adam lr ${lr0} ${schedule} over ${epochs} epochs, batch 20, target ${target}; load ${os.loadavg()[0]!.toFixed(1)}`);
  const rows: string[] = [];
  for (const name of models) {
    const { kind, config } = parseModel(name);
    const model = kind === "fno" ? buildFno({ seed: 1, ...config }, ctx) : buildGsnn({ linearPathTaus: 0, seed: 1, ...config }, ctx);
    const fitted = kind === "gsnn" && Number(config.linearPathTaus ?? 0) > 0;
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const opt = new AdamW(vars, { name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    const rng = new Rng(7);
    let wall = 0;
    let cpu = 0;
    const timed = (f: () => void): void => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      f();
      wall += (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      cpu += (c.user + c.system) / 1e6;
    };
    const testError = (): number => tf.tidy(() => relL2(model.predict(Xt, { batchSize: 50 }) as tf.Tensor, Yt).dataSync()[0]!);
    let reached: { epoch: number; wall: number; cpu: number } | null = null;
    let err = Infinity;
    let done = 0;
    const l0 = os.loadavg()[0]!.toFixed(1);
    if (fitted) {
      timed(() => void fitLinearPath(model, X, Y));
      err = testError();
      console.error(`  ${name} after the least-squares fit: test rel L2 ${err.toExponential(3)}, ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU`);
      if (err <= target) reached = { epoch: 0, wall, cpu };
    }
    for (let e = 0; e < epochs && !reached; e++) {
      const perm = rng.shuffle(Array.from({ length: 1000 }, (_, i) => i)) as number[];
      timed(() => {
        for (let b = 0; b < 1000; b += 20) {
          const idx = tf.tensor1d(perm.slice(b, b + 20), "int32");
          const xb = tf.gather(X, idx);
          const yb = tf.gather(Y, idx);
          const { value, grads } = tf.variableGrads(() => relL2(model.apply(xb, { training: true }) as tf.Tensor, yb), vars);
          value.dataSync();
          opt.apply(vars.map((v) => grads[v.name]!), lrAt(e * stepsPerEpoch + b / 20));
          tf.dispose([idx, xb, yb, value, ...Object.values(grads)]);
        }
      });
      done = e + 1;
      err = testError();
      console.error(`  ${name} epoch ${e + 1}: test rel L2 ${err.toExponential(3)}, ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, load ${os.loadavg()[0]!.toFixed(1)}`);
      if (err <= target) reached = { epoch: e + 1, wall, cpu };
    }
    const l1 = os.loadavg()[0]!.toFixed(1);
    const when = reached ? (reached.epoch === 0 ? "after the fit" : `epoch ${reached.epoch}`) : `not in ${epochs}`;
    rows.push(
      `| ${name} | ${model.countParams()} | ${when} | ${reached ? reached.wall.toFixed(1) : "–"} | ${reached ? reached.cpu.toFixed(1) : "–"} | ${err.toExponential(2)} | ${done ? (cpu / done).toFixed(2) : "–"} | ${l0} → ${l1} |`,
    );
    opt.dispose();
    model.dispose();
  }
  tf.dispose([X, Y, Xt, Yt]);
  console.log(`\ntime to test rel L2 ≤ ${target} on heat1d (n = ${n}, 1000 train / 200 test), one thread, Adam lr ${lr0} ${schedule} over ${epochs} epochs, batch 20`);
  console.log("| model | params | reached | wall s | CPU s | test rel L2 then (or last) | CPU s/epoch (incl. fit) | load (1 min) |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
}
