/**
 * `npm run bench -- gsnn [--backend wasm|cpu] [--epochs 2] [--n 128] [--samples 1000] [--variance-only]`:
 * the GSNN's linear spectral path and deep part on 1D periodic heat (κT = 0.01) and Poisson.
 * (1) Path alone, closed-form least squares with J = 8, 12, 16 log-spaced heat filters: test
 * rel L2 and fit CPU time. (2) Full-size deep GSNN (width 32, depth 4, projection 128, as the
 * issue's reference) on Poisson, with and without the path: fit → Adam (lr 1e−3, batch 20,
 * rel-L2 loss) for --epochs → refit with the gate; test rel L2 and CPU seconds per epoch.
 * (3) End-to-end check of the probabilistic GSNN's variance path (width 16, depth 2, random
 * weights, n = 64, input noise σ₀² = 0.01) against Monte Carlo through its deterministic twin
 * (4000 noisy inputs): ratio predicted / sampled variance per point, mean error.
 * CPU time (process.cpuUsage), not wall time: the machine may be shared. Figures only.
 */
import * as tf from "@tensorflow/tfjs";
import { makeGrid, sampleRng, selectBackend } from "../core/index.js";
import { buildGsnn, fitLinearPath, GSNN_ACTIVATIONS, type GsnnConfig } from "../gsnn/index.js";
import { countParameters } from "../operators/index.js";

function arg(args: string[], name: string, def: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Smooth zero-mean random Fourier series (16 modes, decay m^−1.5) and their exact images. */
function pairs(problem: "heat" | "poisson", N: number, n: number, seed: number): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const xs = new Float32Array(N * n);
  const ys = new Float32Array(N * n);
  for (let i = 0; i < N; i++) {
    const rng = sampleRng(seed, i);
    for (let m = 1; m <= 16; m++) {
      const a = rng.normal() * m ** -1.5;
      const b = rng.normal() * m ** -1.5;
      const k = 2 * Math.PI * m;
      const g = problem === "heat" ? Math.exp(-0.01 * k * k) : 1 / (k * k);
      for (let j = 0; j < n; j++) {
        const v = a * Math.cos((k * j) / n) + b * Math.sin((k * j) / n);
        xs[i * n + j] = xs[i * n + j]! + v;
        ys[i * n + j] = ys[i * n + j]! + g * v;
      }
    }
  }
  return { x: tf.tensor3d(xs, [N, n, 1]), y: tf.tensor3d(ys, [N, n, 1]) };
}

function relL2(p: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => {
    const B = y.shape[0]!;
    const num = tf.norm(tf.reshape(tf.sub(p, y), [B, -1]), 2, 1);
    const den = tf.norm(tf.reshape(y, [B, -1]), 2, 1);
    return tf.mean(tf.div(num, den)).dataSync()[0]!;
  });
}

function predictAll(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => model.predict(x, { batchSize: 50 }) as tf.Tensor);
}

export async function run(args: string[]): Promise<void> {
  const backend = await selectBackend(arg(args, "backend", "wasm"));
  if (args.includes("--variance-only")) return varianceCheck();
  const epochs = Number(arg(args, "epochs", "2"));
  const n = Number(arg(args, "n", "128"));
  const N = Number(arg(args, "samples", "1000"));
  const grid = makeGrid({ shape: [n] });
  const ctx = { grid, inChannels: 1, outChannels: 1 };
  console.log(`backend ${backend.name}; n = ${n}, ${N} training and 100 test samples`);

  console.log("\n(1) linear path alone, closed-form least squares");
  console.log("problem  J   refine  fit CPU s  test rel L2   leading τ²");
  for (const problem of ["heat", "poisson"] as const) {
    const tr = pairs(problem, N, n, 1);
    const te = pairs(problem, 100, n, 2);
    for (const J of [8, 12, 16]) {
      for (const refine of [false, true]) {
        const model = buildGsnn({ width: 4, depth: 0, projectionWidth: 4, linearPathTaus: J }, ctx);
        const c0 = cpuSeconds();
        const fit = fitLinearPath(model, tr.x, tr.y, { refineTime: refine });
        const c1 = cpuSeconds();
        const p = predictAll(model, te.x);
        console.log(
          `${problem.padEnd(8)} ${String(J).padEnd(3)} ${String(refine).padEnd(7)} ${(c1 - c0).toFixed(2).padStart(9)}  ${relL2(p, te.y).toExponential(2).padStart(11)}   ${fit.leadingTime === null ? "-" : fit.leadingTime.toPrecision(6)}`,
        );
        p.dispose();
      }
    }
    tf.dispose([tr.x, tr.y, te.x, te.y]);
  }

  console.log(`\n(2) deep GSNN (width 32, depth 4) on Poisson, ${epochs} epoch(s) of Adam`);
  const tr = pairs("poisson", N, n, 1);
  const te = pairs("poisson", 100, n, 2);
  for (const withPath of [true, false]) {
    const cfg: GsnnConfig = { width: 32, depth: 4, projectionWidth: 128, linearPathTaus: withPath ? 12 : 0, seed: 1 };
    const model = buildGsnn(cfg, ctx);
    if (withPath) fitLinearPath(model, tr.x, tr.y);
    const opt = tf.train.adam(1e-3);
    const B = 20;
    let perEpoch = 0;
    for (let e = 0; e < epochs; e++) {
      const c0 = cpuSeconds();
      let loss = 0;
      for (let s = 0; s + B <= N; s += B) {
        const l = opt.minimize(
          () =>
            tf.tidy(() => {
              const p = model.apply(tf.slice(tr.x, s, B)) as tf.Tensor;
              const yb = tf.slice(tr.y, s, B);
              const num = tf.norm(tf.reshape(tf.sub(p, yb), [B, -1]), 2, 1);
              return tf.mean(tf.div(num, tf.norm(tf.reshape(yb, [B, -1]), 2, 1))) as tf.Scalar;
            }),
          true,
        )!;
        loss += l.dataSync()[0]!;
        l.dispose();
      }
      perEpoch = cpuSeconds() - c0;
      console.log(`  ${withPath ? "with path" : "deep only"} epoch ${e + 1}: train loss ${(loss / (N / B)).toExponential(3)}, ${perEpoch.toFixed(1)} CPU s`);
    }
    let before = NaN;
    if (withPath) {
      const p0 = predictAll(model, te.x);
      before = relL2(p0, te.y);
      p0.dispose();
      fitLinearPath(model, tr.x, tr.y, { fitGate: true });
    }
    const p = predictAll(model, te.x);
    console.log(
      `  ${withPath ? "with path" : "deep only"}: ${countParameters(model)} parameters, test rel L2 ${relL2(p, te.y).toExponential(3)}` +
        (withPath ? ` (before the final refit ${before.toExponential(3)})` : ""),
    );
    p.dispose();
    opt.dispose();
  }
  tf.dispose([tr.x, tr.y, te.x, te.y]);
  varianceCheck();
}

/** Section (3): the mean-field variance path against Monte Carlo through the same weights. */
function varianceCheck(): void {
  const n = 64;
  const v0 = 0.01;
  const grid = makeGrid({ shape: [n] });
  console.log(`\n(3) probabilistic GSNN vs Monte Carlo (width 16, depth 2, n = ${n}, σ₀² = ${v0}, 4000 samples)`);
  for (const activation of GSNN_ACTIVATIONS) {
    const cfg: GsnnConfig = { width: 16, depth: 2, projectionWidth: 32, linearPathTaus: 0, seed: 7, activation };
    const det = buildGsnn(cfg, { grid, inChannels: 1, outChannels: 1 });
    const prob = buildGsnn({ ...cfg, probabilistic: true, inputVariance: v0 }, { grid, inChannels: 1, outChannels: 1 });
    det.trainableWeights.forEach((w, i) =>
      tf.tidy(() => {
        w.write(tf.add(w.read(), tf.randomNormal(w.shape as number[], 0, 0.3, "float32", 10 + i)));
      }),
    );
    prob.setWeights(det.getWeights());
    const [pred, mcMean, mcVar] = tf.tidy(() => {
      const x = tf.reshape(tf.sin(tf.mul(tf.linspace(0, (2 * Math.PI * (n - 1)) / n, n), 2)), [1, n, 1]);
      const xs = tf.add(tf.tile(x, [4000, 1, 1]), tf.randomNormal([4000, n, 1], 0, Math.sqrt(v0), "float32", 3));
      const ys = det.predict(xs, { batchSize: 500 }) as tf.Tensor;
      const mom = tf.moments(ys, 0);
      return [(prob.predict(x) as tf.Tensor).dataSync(), mom.mean.dataSync(), mom.variance.dataSync()];
    });
    const ratios = Array.from({ length: n }, (_, i) => pred![2 * i + 1]! / mcVar![i]!).sort((a, b) => a - b);
    let meanErr = 0;
    let sd = 0;
    for (let i = 0; i < n; i++) {
      meanErr = Math.max(meanErr, Math.abs(pred![2 * i]! - mcMean![i]!));
      sd = Math.max(sd, Math.sqrt(mcVar![i]!));
    }
    console.log(
      `  ${activation.padEnd(5)} variance ratio median ${ratios[n / 2]!.toFixed(2)} [min ${ratios[0]!.toFixed(2)}, max ${ratios[n - 1]!.toFixed(2)}]; ` +
        `max |mean − MC mean| ${meanErr.toExponential(2)} (max MC sd ${sd.toExponential(2)})`,
    );
  }
}
