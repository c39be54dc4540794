/**
 * `npm run bench -- fd [--sizes 65,129,257,513,1025] [--rtol 1e-8] [--scipy-max 513] [--reps R]`
 *
 * 2-D Poisson (−Δu = f, u = 0 on the boundary) and Darcy (−∇·(a∇u) = 1 with a 12:3 thresholded
 * random coefficient, the FNO recipe) on N² nodes including the boundary, i.e. (N−2)² unknowns:
 * time to a relative residual ≤ rtol through the public API (setup included), cycles or
 * iterations, and the growth ratio time(4·unknowns)/time(unknowns) (O(N) work ⇒ ≈ 4). When a
 * python3 with scipy is present, scipy.sparse.linalg.spsolve solves the same 5-point system
 * (assembled independently in numpy) in the same run; the ratio and the relative difference
 * between the two solutions are printed. Times are process CPU seconds (Node's
 * process.cpuUsage, Python's time.process_time) per solve, the best of R windows of ≥ 0.1 s CPU
 * (default 5; scipy: one solve): on a shared machine wall time mostly
 * measures other jobs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeField, makeGrid, Rng, type Field } from "../core/index.js";
import { darcySolve, poissonMultigrid, poissonPcg } from "../solvers/index.js";
import { findPython, runPython } from "../__tests__/python.js";

function arg(args: string[], name: string, dflt: string): string {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1]! : dflt;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** a = 12 where a smooth random field (random low Fourier modes, decaying) is ≥ 0, else 3. */
function darcyCoefficient(n: number, seed: number): Field {
  const rng = new Rng(seed);
  const modes: number[][] = [];
  for (let kx = 1; kx <= 8; kx++)
    for (let ky = 1; ky <= 8; ky++) modes.push([kx, ky, (rng.uniform() * 2 - 1) / (kx * kx + ky * ky + 9), rng.uniform() * 2 * Math.PI]);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const x = (i + 1) / (n + 1);
    for (let j = 0; j < n; j++) {
      const y = (j + 1) / (n + 1);
      let g = 0;
      for (const [kx, ky, amp, ph] of modes) g += amp! * Math.cos(Math.PI * kx! * x + ph!) * Math.cos(Math.PI * ky! * y);
      a[i * n + j] = g >= 0 ? 12 : 3;
    }
  }
  return makeField([n, n], a);
}

const PY = String.raw`
import sys, json, time, numpy as np, scipy.sparse as sp, scipy.sparse.linalg as spla
kind, n, d = json.loads(sys.stdin.read())
h = 1.0 / (n + 1)
f = np.fromfile(d + "/f.bin", dtype="<f8")
if kind == "poisson":
    T = sp.diags([-np.ones(n - 1), 2 * np.ones(n), -np.ones(n - 1)], [-1, 0, 1]) / h**2
    I = sp.identity(n)
    A = (sp.kron(T, I) + sp.kron(I, T)).tocsc()
else:
    a = np.fromfile(d + "/a.bin", dtype="<f8").reshape(n, n)
    ap = np.pad(a, 1, mode="edge")  # boundary faces take the adjacent node's a
    hm = lambda x, y: 2 * x * y / (x + y)
    F0 = hm(ap[:-1, 1:-1], ap[1:, 1:-1]) / h**2   # (n+1, n): face between rows k-1 and k
    F1 = hm(ap[1:-1, :-1], ap[1:-1, 1:]) / h**2   # (n, n+1)
    diag = (F0[:-1] + F0[1:] + F1[:, :-1] + F1[:, 1:]).ravel()
    off0 = -F0[1:-1].ravel()
    off1 = np.zeros((n, n)); off1[:, :-1] = -F1[:, 1:-1]; off1 = off1.ravel()[:-1]
    A = sp.diags([off0, off1, diag, off1, off0], [-n, -1, 0, 1, n]).tocsc()
t = time.process_time()
u = spla.spsolve(A, f)
t = time.process_time() - t
ours = np.fromfile(d + "/u.bin", dtype="<f8")
print(json.dumps({"seconds": t, "relDiff": float(np.max(np.abs(u - ours)) / np.max(np.abs(u)))}))
`;

interface Row {
  problem: string;
  N: number;
  solver: string;
  seconds: number;
  iterations: number;
  residual: number;
  u: Float64Array;
}

/**
 * CPU seconds per call: the best over `windows` windows, each repeating the call until it has
 * used ≥ 0.1 s of CPU (so small sizes are not dominated by timer and scheduling noise).
 */
function timeBest<T>(windows: number, fn: () => T): { seconds: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let w = 0; w < windows; w++) {
    const t0 = cpuSeconds();
    let calls = 0;
    let t = 0;
    do {
      value = fn();
      calls++;
      t = cpuSeconds() - t0;
    } while (t < 0.1);
    best = Math.min(best, t / calls);
  }
  return { seconds: best, value };
}

export async function run(args: string[]): Promise<void> {
  const sizes = arg(args, "--sizes", "65,129,257,513,1025").split(",").map(Number);
  const rtol = Number(arg(args, "--rtol", "1e-8"));
  const scipyMax = Number(arg(args, "--scipy-max", "513"));
  const repsArg = args.includes("--reps") ? Number(arg(args, "--reps", "1")) : undefined;
  const py = findPython(["numpy", "scipy"]);
  console.log(`fd bench: rtol ${rtol}, CPU seconds (best of runs), scipy ${py ? `via ${py.split("/").pop()}` : "not found (skipped)"}`);
  const rows: Row[] = [];
  for (const N of sizes) {
    const n = N - 2;
    const reps = repsArg ?? 5;
    const grid = makeGrid({ shape: [n, n], bc: "dirichlet" });
    const f = makeField([n, n], Float64Array.from({ length: n * n }, (_, p) => 1 + 0.5 * Math.sin(0.37 * p)));
    const a = darcyCoefficient(n, 7);
    const jobs: [string, string, () => { u: Field; iterations: number; residual: number; status: string }][] = [
      ["poisson", "multigrid V(2,2)", () => poissonMultigrid(grid, f, { rtol, maxCycles: 100 })],
      ["poisson", "MG-PCG", () => poissonPcg(grid, f, { rtol })],
      ["darcy", "MG-PCG", () => darcySolve(grid, a, 1, { rtol })],
    ];
    for (const [problem, solver, fn] of jobs) {
      const { seconds, value } = timeBest(reps, fn);
      if (value.status !== "converged") console.log(`  WARNING ${problem} ${solver} ${N}²: ${value.status}`);
      rows.push({ problem, N, solver, seconds, iterations: value.iterations, residual: value.residual, u: value.u.data });
    }
  }
  console.log("\nproblem  nodes   unknowns  solver             CPU s    iters  residual   growth");
  for (const r of rows) {
    const prev = rows.find((q) => q.problem === r.problem && q.solver === r.solver && sizes.indexOf(q.N) === sizes.indexOf(r.N) - 1);
    const growth = prev ? (r.seconds / prev.seconds).toFixed(2) : "";
    console.log(
      `${r.problem.padEnd(8)} ${`${r.N}²`.padEnd(7)} ${String((r.N - 2) ** 2).padEnd(9)} ${r.solver.padEnd(18)} ${r.seconds.toFixed(3).padStart(7)}  ${String(r.iterations).padStart(5)}  ${r.residual.toExponential(1)}  ${growth}`,
    );
  }
  if (!py) return;
  console.log("\nscipy.sparse.linalg.spsolve on the same 5-point systems (CPU s; ratio = scipy / ours, ours = MG-PCG)");
  const dir = mkdtempSync(join(tmpdir(), "pdes-bench-fd-"));
  try {
    for (const N of sizes.filter((s) => s <= scipyMax)) {
      const n = N - 2;
      for (const problem of ["poisson", "darcy"]) {
        const ours = rows.find((r) => r.problem === problem && r.N === N && r.solver === "MG-PCG")!;
        const f = problem === "poisson" ? Float64Array.from({ length: n * n }, (_, p) => 1 + 0.5 * Math.sin(0.37 * p)) : new Float64Array(n * n).fill(1);
        writeFileSync(join(dir, "f.bin"), Buffer.from(f.buffer));
        writeFileSync(join(dir, "a.bin"), Buffer.from(darcyCoefficient(n, 7).data.buffer));
        writeFileSync(join(dir, "u.bin"), Buffer.from(ours.u.buffer, ours.u.byteOffset, ours.u.byteLength));
        const res = JSON.parse(runPython(py, PY.replace(/^\n/, ""), JSON.stringify([problem, n, dir]))) as { seconds: number; relDiff: number };
        console.log(
          `${problem.padEnd(8)} ${`${N}²`.padEnd(7)} scipy ${res.seconds.toFixed(3).padStart(7)} s   ours ${ours.seconds.toFixed(3).padStart(7)} s   ratio ${(res.seconds / ours.seconds).toFixed(1).padStart(5)}×   max|u−u_scipy|/max|u| ${res.relDiff.toExponential(1)}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
