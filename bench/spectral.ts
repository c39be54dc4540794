/**
 * `npm run bench -- spectral [--backends wasm,cpu] [--batch 20] [--channels 32] [--quick]
 * [--budget 20] [--modes full,16] [--n1 64,...,4096] [--n2 32,...,256] [--basis fourier]`
 * (`--n2 ""`: no 2D; `--basis sine` runs n − 1 points per axis so that DST-I's n + 1 is a
 * power of two).
 * Forward+backward time of the matMul and fft spectral implementations (loss
 * Σ w ⊙ spectralFilter(x, m), gradient w.r.t. x and m) for 1D and 2D grids, full spectrum and
 * truncated modes, and the matMul implementation's achieved fraction of the backend's matMul
 * GFLOP/s measured in the same run. Runs whose estimated matMul time exceeds the budget
 * (seconds) are skipped and reported as such.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import {
  spectralFilter,
  spectralTransform,
  fftSupported,
  chooseImplementation,
  resolveLayout,
  type AxisBasis,
} from "../operators/index.js";

interface Opts {
  backends: string[];
  modes: (number | "full")[];
  basis: AxisBasis;
  n1: number[] | null;
  n2: number[] | null;
  batch: number;
  channels: number;
  quick: boolean;
  budget: number;
}

function parse(args: string[]): Opts {
  const o: Opts = { backends: ["wasm", "cpu"], modes: ["full", 16], basis: "fourier", n1: null, n2: null, batch: 20, channels: 32, quick: false, budget: 20 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--quick") o.quick = true;
    else if (a === "--backends") o.backends = args[++i]!.split(",");
    else if (a === "--batch") o.batch = Number(args[++i]);
    else if (a === "--modes") o.modes = args[++i]!.split(",").map((v) => (v === "full" ? "full" : Number(v)));
    else if (a === "--basis") o.basis = args[++i] as AxisBasis;
    else if (a === "--n1") o.n1 = args[++i]!.split(",").map(Number);
    else if (a === "--n2") o.n2 = args[++i]!.split(",").filter((v) => v).map(Number);
    else if (a === "--channels") o.channels = Number(args[++i]);
    else if (a === "--budget") o.budget = Number(args[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/**
 * Median wall times (ms) of several functions run alternately (so load changes on a shared
 * machine hit all of them alike), after one warm-up each: at least 3 rounds, up to `maxReps`
 * within ~2 s, fewer when one call alone takes seconds.
 */
function timeInterleaved(fs: (() => void)[], maxReps = 7): number[] {
  fs.forEach((f) => f());
  const ts: number[][] = fs.map(() => []);
  const start = performance.now();
  for (let r = 0; r < maxReps; r++) {
    fs.forEach((f, i) => {
      const t0 = performance.now();
      f();
      ts[i]!.push(performance.now() - t0);
    });
    const elapsed = performance.now() - start;
    if ((r >= 2 && elapsed > 2000) || elapsed > 15000) break;
  }
  return ts.map((t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

/** Backend matMul rate in GFLOP/s on a square product: the best of several runs, since
 * on a shared machine the median mostly measures the other processes. */
function matmulPeak(n: number): number {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const f = (): void => void tf.tidy(() => tf.matMul(a, b).dataSync());
  f();
  let ms = Infinity;
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    f();
    ms = Math.min(ms, performance.now() - t0);
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (ms * 1e6);
}

/**
 * MatMul flops of forward + inverse + their two gradients (4 transform-sized products; the
 * bases are constants, so each gradient is one matMul of the same size).
 */
function matmulFlops(shape: number[], modeShape: number[], B: number, C: number, fourier: boolean): number {
  const f = fourier ? 2 : 1; // a Fourier axis keeps cos and sin rows (or re and im inputs)
  if (shape.length === 1) return 4 * 2 * B * C * shape[0]! * f * modeShape[0]!;
  const [n1, n2] = shape as [number, number];
  const [K1, M2] = modeShape as [number, number];
  const step1 = 2 * B * n1 * C * n2 * f * M2; // along the last axis
  const step2 = 2 * B * M2 * C * f * K1 * f * n1; // along the first: [re; im] block if Fourier
  return 4 * (step1 + step2);
}

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const sizes1 = o.n1 ?? (o.quick ? [64, 256, 1024] : [64, 128, 256, 512, 1024, 2048, 4096]);
  const sizes2 = o.n2 ?? (o.quick ? [32, 64] : [32, 64, 128, 256]);
  console.log(
    `spectral bench: ${o.basis} basis, batch ${o.batch}, ${o.channels} channels, forward+backward of Σ w·spectralFilter(x, m)`,
  );
  for (const backend of o.backends) {
    await tf.setBackend(backend);
    await tf.ready();
    const peak = matmulPeak(backend === "cpu" ? 384 : 1024);
    console.log(`\n## ${backend}: matMul peak ${peak.toFixed(2)} GFLOP/s`);
    console.log("| shape | modes | matmul ms | matmul GFLOP/s | % of peak | fft ms | faster | auto picks |");
    console.log("|---|---|---|---|---|---|---|---|");
    const fourier = o.basis === "fourier";
    const pts = (n: number): number => (o.basis === "sine" ? n - 1 : n);
    const cases: { shape: number[]; modes?: number[] }[] = [
      ...sizes1.flatMap((n) => o.modes.map((m) => (m === "full" ? { shape: [pts(n)] } : { shape: [pts(n)], modes: [m] }))),
      ...sizes2.flatMap((n) =>
        o.modes.map((m) =>
          m === "full"
            ? { shape: [pts(n), pts(n)] }
            : { shape: [pts(n), pts(n)], modes: [fourier ? Math.min(m, n / 2) : m, m] },
        ),
      ),
    ];
    for (const c of cases) {
      const bases = c.shape.map(() => o.basis);
      const layout = resolveLayout(c.shape, c.modes, bases);
      const flops = matmulFlops(c.shape, layout.modeShape, o.batch, o.channels, fourier);
      const estMatmul = flops / (peak * 1e9);
      const x = tf.randomNormal([o.batch, ...c.shape, o.channels]);
      const w = tf.randomNormal(x.shape);
      const m = tf.randomUniform([...layout.modeShape, o.channels]);
      const impls = (["matmul", "fft"] as const).filter((impl) =>
        impl === "fft" ? fftSupported(layout) : estMatmul <= o.budget,
      );
      const fns = impls.map((impl) => {
        const t = spectralTransform({ spatialShape: c.shape, modes: c.modes, bases, implementation: impl });
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(w, spectralFilter(a, b, t))));
        return () => tf.tidy(() => g([x, m]).forEach((v) => v.dataSync()));
      });
      const ms = timeInterleaved(fns);
      const results: Record<string, number | null> = { matmul: null, fft: null };
      impls.forEach((impl, i) => (results[impl] = ms[i]!));
      tf.dispose([x, w, m]);
      const mm = results.matmul ?? null;
      const ff = results.fft ?? null;
      const gf = mm === null ? null : flops / (mm * 1e6);
      const faster = mm === null || ff === null ? "-" : mm < ff ? "matmul" : "fft";
      console.log(
        `| ${c.shape.join("×")} | ${c.modes ? layout.modes.join("×") : "full"} | ${mm === null ? `skipped (est. ${estMatmul.toFixed(0)} s)` : mm.toFixed(1)} | ${gf === null ? "-" : gf.toFixed(2)} | ${gf === null ? "-" : ((100 * gf) / peak).toFixed(0) + "%"} | ${ff === null ? "-" : ff.toFixed(1)} | ${faster} | ${chooseImplementation(layout, backend)} |`,
      );
    }
  }
}
