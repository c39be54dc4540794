/**
 * `npm run bench -- nonlinear [--quick] [--n 1024] [--samples 3] [--target 1e-6]`
 *
 * Solver cost per sample of the nonlinear problems on their solve grid (default 1024 points,
 * the datasets' default), as the surrogate comparison needs it: burgers1d (FNO GRF inputs)
 * against ν and T, reactiondiffusion1d (PDEBench initial conditions) against ν, ρ and T. For
 * each case and sample, a reference (adaptive ETDRK4, tol 1e-11) is computed first; then
 *  - fixed steps: the fewest of 25·2^j steps per unit time whose relative L2 error (worst
 *    sample) is ≤ target, and its CPU ms per sample;
 *  - adaptive steps at tol 1e-6 and 1e-8: CPU ms per sample, steps, nonlinear-term evaluations
 *    and the error reached.
 * Times are process CPU milliseconds (Node's process.cpuUsage) per solve, median over the
 * samples: on a shared machine wall time mostly measures other jobs. The load average is
 * printed with the figures.
 */
import { cpus, loadavg } from "node:os";
import { makeField, makeGrid, type Field, type Grid } from "../core/index.js";
import { getProblem } from "../datasets/index.js";
import { burgersSpectral, reactionDiffusionSpectral, type NonlinearResult, type TimeSteppingOptions } from "../solvers/index.js";

function arg(args: string[], name: string, dflt: string): string {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1]! : dflt;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
}

function relL2(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

interface Case {
  label: string;
  T: number;
  solve(u0: Field, o: TimeSteppingOptions): NonlinearResult;
  inputs: Field[];
}

interface Run {
  ms: number;
  err: number;
  steps: number;
  evals: number;
}

function runAll(c: Case, refs: Float64Array[], o: TimeSteppingOptions): Run {
  const ms: number[] = [];
  let err = 0;
  let steps = 0;
  let evals = 0;
  c.inputs.forEach((u0, s) => {
    const t0 = cpuMs();
    const r = c.solve(u0, o);
    ms.push(cpuMs() - t0);
    err = Math.max(err, r.status === "completed" ? relL2(r.u.data, refs[s]!) : Infinity);
    steps = Math.max(steps, r.steps);
    evals = Math.max(evals, r.evaluations);
  });
  return { ms: median(ms), err, steps, evals };
}

function benchCase(c: Case, target: number): void {
  const refs = c.inputs.map((u0) => {
    const r = c.solve(u0, { t: c.T, tol: 1e-11 });
    if (r.status !== "completed") throw new Error(`${c.label}: reference stopped with ${r.status}`);
    return r.u.data;
  });
  let fixed: (Run & { perUnit: number }) | null = null;
  for (let perUnit = 25; perUnit <= 25 * 2 ** 10; perUnit *= 2) {
    const r = runAll(c, refs, { t: c.T, steps: Math.max(1, Math.round(perUnit * c.T)) });
    if (r.err <= target) {
      fixed = { ...r, perUnit };
      break;
    }
  }
  const cells = [c.label, `${c.T}`];
  cells.push(fixed ? `${fixed.steps} (${fixed.perUnit}/unit)` : "> 25600/unit", fixed ? fixed.ms.toFixed(1) : "–", fixed ? fixed.err.toExponential(1) : "–");
  for (const tol of [1e-6, 1e-8]) {
    const r = runAll(c, refs, { t: c.T, tol });
    cells.push(r.ms.toFixed(1), `${r.steps}`, `${r.evals}`, r.err.toExponential(1));
  }
  console.log(`| ${cells.join(" | ")} |`);
}

/** The datasets' own input draws (seed 0, samples 0..count−1) on n points, unsubsampled. */
function inputs(problem: string, n: number, count: number): Field[] {
  // Fast fixed steps: only the input half of each sample is used here.
  const p = getProblem(problem).resolve({ resolution: n, fine: 1, dt: 0.05 });
  return Array.from({ length: count }, (_, i) => {
    const x = new Float64Array(n);
    p.sample(0, i, x, new Float64Array(n));
    return makeField([n], x);
  });
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const n = Number(arg(args, "--n", quick ? "256" : "1024"));
  const samples = Number(arg(args, "--samples", quick ? "2" : "3"));
  const target = Number(arg(args, "--target", "1e-6"));
  const grid: Grid = makeGrid({ shape: [n] });
  const burgersInputs = inputs("burgers1d", n, samples);
  const rdInputs = inputs("reactiondiffusion1d", n, samples);

  console.log(`# Nonlinear solver cost per sample, n = ${n}, ${samples} samples, fixed-step target rel. L2 ≤ ${target}`);
  console.log(`load average at start ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores; CPU ms per solve (median over samples)`);
  const header =
    "| case | T | fixed: steps | ms | err | adaptive 1e-6: ms | steps | evals | err | adaptive 1e-8: ms | steps | evals | err |\n" +
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|";

  console.log(`\n## burgers1d (FNO GRF σ = 25, τ = 5, α = 2)\n\n${header}`);
  const nus = quick ? [0.1, 0.02] : [0.1, 0.05, 0.02, 0.01];
  const Ts = quick ? [1] : [0.5, 1, 2];
  for (const nu of nus)
    for (const T of Ts)
      benchCase({ label: `ν = ${nu}`, T, inputs: burgersInputs, solve: (u0, o) => burgersSpectral(grid, u0, { nu, ...o }) }, target);

  console.log(`\n## reactiondiffusion1d (PDEBench initial conditions)\n\n${header}`);
  const rd: [number, number][] = quick
    ? [[0.5, 1], [0.5, 10]]
    : [[0.5, 1], [0.5, 5], [0.5, 10], [0.1, 1], [0.01, 1], [0.01, 10]];
  for (const [nu, rho] of rd)
    for (const T of Ts)
      benchCase({ label: `ν = ${nu}, ρ = ${rho}`, T, inputs: rdInputs, solve: (u0, o) => reactionDiffusionSpectral(grid, u0, { nu, rho, ...o }) }, target);
  console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
}
