/**
 * `npm run bench -- relatives [--n 256,1000] [--problems heat1d,poisson1d] [--resolution 64] [--test 200]`:
 * the closed-form relatives of the GSNN on 1-D data from the dataset problems: the kernel / GP
 * operator (exact, and Nyström with m = 128 and 256 inducing points) and the RBF network, at
 * each training-set size. Prints the fit's CPU seconds, likelihood evaluations and seconds per
 * evaluation, held-out mean relative L2 and the GP's 95% coverage, with the load average
 * (the machine is shared). Figures only, never a test.
 */
import * as os from "node:os";
import { getProblem } from "../datasets/index.js";
import { fitKernelOperator, fitRbf, predictKernelOperator, predictRbf } from "../operators/baselines.js";

function arg(args: string[], name: string, def: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function pairs(problem: string, n: number, seed: number, res: number): { X: Float64Array; Y: Float64Array } {
  const p = getProblem(problem).resolve({ resolution: res });
  const X = new Float64Array(n * res);
  const Y = new Float64Array(n * res);
  for (let i = 0; i < n; i++) p.sample(seed, i, X.subarray(i * res, (i + 1) * res), Y.subarray(i * res, (i + 1) * res));
  return { X, Y };
}

function relL2(p: ArrayLike<number>, y: ArrayLike<number>, per: number): number {
  const n = y.length / per;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let e = 0;
    let r = 0;
    for (let j = i * per; j < (i + 1) * per; j++) {
      e += (p[j]! - y[j]!) ** 2;
      r += y[j]! ** 2;
    }
    s += Math.sqrt(e / r);
  }
  return s / n;
}

export async function run(args: string[]): Promise<void> {
  const sizes = arg(args, "n", "256,1000").split(",").map(Number);
  const problems = arg(args, "problems", "heat1d,poisson1d").split(",");
  const res = Number(arg(args, "resolution", "64"));
  const nt = Number(arg(args, "test", "200"));
  console.log(`relatives: resolution ${res}, ${nt} test samples; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} cores`);
  console.log("| problem | N | model | fit CPU s | evaluations | s / evaluation | rel L2 | 95% coverage |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const problem of problems) {
    const te = pairs(problem, nt, 2, res);
    for (const N of sizes) {
      const tr = pairs(problem, N, 1, res);
      const x = { data: tr.X, shape: [N, res] };
      const y = { data: tr.Y, shape: [N, res] };
      for (const [name, opts] of [
        ["kernel (exact)", {}],
        ["kernel (Nyström 128)", { nystrom: Math.min(128, N) }],
        ["kernel (Nyström 256)", { nystrom: Math.min(256, N) }],
      ] as [string, { nystrom?: number }][]) {
        if (opts.nystrom !== undefined && opts.nystrom >= N) continue;
        const t0 = cpu();
        const fit = fitKernelOperator(x, y, opts);
        const t = cpu() - t0;
        const pr = predictKernelOperator(fit, te.X, nt);
        let cov = 0;
        for (let i = 0; i < te.Y.length; i++) if (Math.abs(pr.mean[i]! - te.Y[i]!) <= 1.959964 * Math.sqrt(pr.variance![i]!)) cov++;
        console.log(`| ${problem} | ${N} | ${name} | ${t.toFixed(1)} | ${fit.evaluations} | ${(t / fit.evaluations).toFixed(3)} | ${relL2(pr.mean, te.Y, res).toExponential(2)} | ${(cov / te.Y.length).toFixed(3)} |`);
      }
      const t0 = cpu();
      const rf = fitRbf(x, y);
      const t = cpu() - t0;
      console.log(`| ${problem} | ${N} | rbf (M = ${rf.units}, ×${rf.widthScale}) | ${t.toFixed(1)} | — | — | ${relL2(predictRbf(rf, te.X, nt), te.Y, res).toExponential(2)} | — |`);
    }
  }
  console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}
