/**
 * `pdes demo`: solves small heat and Poisson problems with the spectral solvers and compares
 * them with analytic solutions, printing errors and timings. The README's first quick-start
 * command runs it, so it must be quick and self-checking: it exits 1 if any error exceeds the
 * tolerance stated in its row.
 */
import type { Command } from "commander";
import { InvalidArgumentError, makeGrid, sampleOnGrid, type Field, type Grid } from "../../core/index.js";
import { heatSpectral, irfft, poissonSpectral, rfft } from "../../solvers/index.js";
import { parseNumber } from "../cli-util.js";

interface Row {
  problem: string;
  grid: string;
  bc: string;
  error: number;
  tolerance: number;
  ms: number;
}

const TAU = 2 * Math.PI;

/** Periodic Gaussian of width s centred at c on [0, 1), summed over enough images. */
function pgauss(x: number, c: number, s: number): number {
  let v = 0;
  for (let j = -6; j <= 6; j++) v += Math.exp(-((x - c - j) ** 2) / (2 * s * s));
  return v;
}
function pgaussXX(x: number, c: number, s: number): number {
  let v = 0;
  for (let j = -6; j <= 6; j++) {
    const y = x - c - j;
    v += Math.exp(-(y * y) / (2 * s * s)) * ((y * y) / s ** 4 - 1 / (s * s));
  }
  return v;
}

function relMax(a: Field, b: Field): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.data.length; i++) {
    e = Math.max(e, Math.abs(a.data[i]! - b.data[i]!));
    s = Math.max(s, Math.abs(b.data[i]!));
  }
  return e / s;
}

function timed<T>(fn: () => T): [T, number] {
  fn(); // warm-up: plans and JIT, so the time shown is the steady-state cost
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

function row(problem: string, grid: Grid, tolerance: number, solve: () => Field, exact: Field): Row {
  const [u, ms] = timed(solve);
  return { problem, grid: grid.shape.join("×"), bc: [...new Set(grid.bc)].join("/"), error: relMax(u, exact), tolerance, ms };
}

/** The demo problems on n points per axis (n ≥ 64 resolves the Gaussians to round-off). */
export function demoRows(n: number): Row[] {
  const rows: Row[] = [];
  const s = 0.08;
  const kappa = 0.5;
  const t = 0.01;
  const s2 = Math.sqrt(s * s + 2 * kappa * t);

  const p1 = makeGrid({ shape: [n] });
  const u1 = sampleOnGrid(p1, (x) => pgauss(x, 0.3, s));
  const e1 = sampleOnGrid(p1, (x) => (s / s2) * pgauss(x, 0.3, s2));
  rows.push(row("heat, Gaussian over images", p1, 1e-12, () => heatSpectral(p1, u1, { kappa, t }), e1));

  const p2 = makeGrid({ shape: [n, n] });
  const u2 = sampleOnGrid(p2, (x, y) => pgauss(x, 0.3, s) * pgauss(y, 0.6, s));
  const e2 = sampleOnGrid(p2, (x, y) => (s / s2) ** 2 * pgauss(x, 0.3, s2) * pgauss(y, 0.6, s2));
  rows.push(row("heat, Gaussian over images", p2, 1e-12, () => heatSpectral(p2, u2, { kappa, t }), e2));

  const d2 = makeGrid({ shape: [n - 1, n - 1], bc: "dirichlet" });
  const mode = (x: number, y: number) => Math.sin(Math.PI * x) * Math.sin(2 * Math.PI * y) + 0.3 * Math.sin(5 * Math.PI * x) * Math.sin(Math.PI * y);
  const ud = sampleOnGrid(d2, mode);
  const ed = sampleOnGrid(d2, (x, y) => {
    const a = Math.exp(-kappa * Math.PI ** 2 * 5 * t);
    const b = Math.exp(-kappa * Math.PI ** 2 * 26 * t);
    return a * Math.sin(Math.PI * x) * Math.sin(2 * Math.PI * y) + 0.3 * b * Math.sin(5 * Math.PI * x) * Math.sin(Math.PI * y);
  });
  rows.push(row("heat, sine modes", d2, 1e-12, () => heatSpectral(d2, ud, { kappa, t }), ed));

  const fp = sampleOnGrid(p2, (x, y) => -pgaussXX(x, 0.3, s) * pgauss(y, 0.6, s) - pgauss(x, 0.3, s) * pgaussXX(y, 0.6, s));
  const gp = sampleOnGrid(p2, (x, y) => pgauss(x, 0.3, s) * pgauss(y, 0.6, s));
  const mean = gp.data.reduce((a, b) => a + b, 0) / gp.data.length;
  gp.data.forEach((v, i) => (gp.data[i] = v - mean));
  rows.push(row("Poisson, Gaussian over images", p2, 1e-12, () => poissonSpectral(p2, fp), gp));

  const fq = sampleOnGrid(d2, (x, y) => 2 * x * (1 - x) + 2 * y * (1 - y));
  const eq = sampleOnGrid(d2, (x, y) => x * (1 - x) * y * (1 - y));
  rows.push(row("Poisson, x(1−x)y(1−y), discrete λ", d2, 1e-12, () => poissonSpectral(d2, fq, { eigenvalues: "discrete" }), eq));
  const h = 1 / n;
  rows.push(row("Poisson, x(1−x)y(1−y), continuous λ", d2, 2 * h * h, () => poissonSpectral(d2, fq), eq));

  const n2 = makeGrid({ shape: [n, n], bc: "neumann" });
  const fn = sampleOnGrid(n2, (x, y) => Math.PI ** 2 * (Math.cos(Math.PI * x) + 13 * Math.cos(2 * Math.PI * x) * Math.cos(3 * Math.PI * y)));
  const en = sampleOnGrid(n2, (x, y) => Math.cos(Math.PI * x) + Math.cos(2 * Math.PI * x) * Math.cos(3 * Math.PI * y));
  rows.push(row("Poisson, cosine modes", n2, 1e-12, () => poissonSpectral(n2, fn), en));

  const x2 = sampleOnGrid(p2, (x, y) => Math.sin(TAU * 3 * x + y) * pgauss(y, 0.5, 0.2));
  rows.push(
    row(
      "rfft → irfft round trip (2-D)",
      p2,
      1e-14,
      () => {
        const a = rfft(x2, { axis: 1 });
        return irfft(a.re, a.im, { axis: 1, n });
      },
      x2,
    ),
  );
  return rows;
}

function formatTable(rows: Row[]): string {
  const head = ["problem", "grid", "bc", "max rel error", "tolerance", "time", "ok"];
  const body = rows.map((r) => [
    r.problem,
    r.grid,
    r.bc,
    r.error.toExponential(1),
    r.tolerance.toExponential(0),
    r.ms < 10 ? `${r.ms.toFixed(2)} ms` : `${r.ms.toFixed(0)} ms`,
    r.error <= r.tolerance ? "yes" : "NO",
  ]);
  const w = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const fmt = (cells: string[]) => cells.map((s, c) => s.padEnd(w[c]!)).join("  ").trimEnd();
  return [fmt(head), fmt(w.map((x) => "-".repeat(x))), ...body.map(fmt)].join("\n");
}

export function register(program: Command): void {
  program
    .command("demo")
    .description("solve small heat and Poisson problems spectrally and compare with analytic solutions")
    .option("--n <points>", "points per axis (64..2048)", "128")
    .option("--json", "print the rows as JSON")
    .action((o: { n: string; json?: boolean }) => {
      const n = parseNumber("--n", o.n);
      if (!Number.isInteger(n) || n < 64 || n > 2048) throw new InvalidArgumentError("--n", o.n, "must be an integer in [64, 2048]");
      const rows = demoRows(n);
      if (o.json) process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
      else {
        process.stdout.write(`Spectral solvers (Float64) against analytic solutions, n = ${n}, κ = 0.5, t = 0.01, domain [0, 1]^d\n\n`);
        process.stdout.write(formatTable(rows) + "\n");
      }
      const bad = rows.filter((r) => !(r.error <= r.tolerance));
      if (bad.length > 0) {
        process.stderr.write(`pdes: error: demo accuracy check failed for: ${bad.map((r) => `${r.problem} (${r.grid})`).join("; ")}\n`);
        process.exitCode = 1;
      }
    });
}
