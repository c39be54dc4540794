/**
 * The numpy/scipy cross-check of the nonlinear problems: a store is generated, and a Python
 * script re-solves every sample from the store's attributes alone (grid, parameters, time) with
 * an independent method — Fourier collocation without de-aliasing (dense differentiation
 * matrices), integrated by scipy's implicit Radau IIA with the analytic Jacobian at
 * rtol 1e-11 — and reports the relative max difference from the stored output. Both stores are
 * re-solved in one python run (scipy's import is a third of a run's CPU).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { generateDataset } from "../index.js";

const py = findPython(["zarr", "numpy", "scipy"]);
// numpy's BLAS (and torch's OpenMP) start a thread per core that spins while it waits: on shared
// cores that doubled the CPU of these small python runs (docs/testing.md). One thread each.
process.env.OPENBLAS_NUM_THREADS ??= "1";
process.env.OMP_NUM_THREADS ??= "1";
if (!py) console.warn("nonlinear scipy cross-check SKIPPED: no python3 with zarr, numpy and scipy (apt-get install python3-zarr python3-scipy; CI installs them)");
const root = mkdtempSync(join(tmpdir(), "pdes-nonlinear-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RESOLVE = `
import json, sys, zarr, numpy as np
from scipy.integrate import solve_ivp
def resolve(path):
  g = zarr.open_consolidated(path, mode="r")
  A = g.attrs.asdict()
  assert A["solve_grid"]["subsample_factor"] == 1, "solved on a finer grid than stored"
  assert A["grid"]["bc"] == ["periodic"]
  n = A["grid"]["shape"][0]; L = A["grid"]["lengths"][0]
  P = A["parameters"]; T = P["time"]; nu = P["nu"]; rho = P.get("rho", 0.0)
  burgers = A["problem"] == "burgers1d"
  k = 2 * np.pi * np.fft.rfftfreq(n, d=L / n)
  ik = 1j * k
  if n % 2 == 0: ik[-1] = 0  # the Nyquist mode has no real derivative
  I = np.eye(n)
  D1 = np.fft.irfft(ik[:, None] * np.fft.rfft(I, axis=0), n=n, axis=0)
  D2 = np.fft.irfft((-k**2)[:, None] * np.fft.rfft(I, axis=0), n=n, axis=0)
  def rhs(t, u):
      return nu * (D2 @ u) - D1 @ (0.5 * u * u) if burgers else nu * (D2 @ u) + rho * u * (1 - u)
  def jac(t, u):
      return nu * D2 - D1 * u[None, :] if burgers else nu * D2 + np.diag(rho * (1 - 2 * u))
  errs = []
  for s in range(g["inputs"].shape[0]):
      u0 = np.asarray(g["inputs"][s, :, 0], dtype=np.float64)
      uT = np.asarray(g["outputs"][s, :, 0], dtype=np.float64)
      sol = solve_ivp(rhs, (0, T), u0, method="Radau", jac=jac, rtol=1e-11, atol=1e-13)
      assert sol.success, sol.message
      ref = sol.y[:, -1]
      errs.append(float(np.max(np.abs(ref - uT)) / np.max(np.abs(ref))))
  return errs
print(json.dumps({p: resolve(p) for p in json.loads(sys.argv[1])}))
`;

describe.skipIf(!py)("nonlinear problems re-solved by scipy from the stored attributes", () => {
  const burgers = join(root, "burgers");
  const rd = join(root, "rd");
  let errors: Record<string, number[]>;
  beforeAll(async () => {
    await generateDataset({ problem: "burgers1d", params: { resolution: 128, fine: 1 }, n: 2, seed: 4, out: burgers, dtype: "float64" });
    await generateDataset({
      problem: "reactiondiffusion1d",
      params: { resolution: 128, fine: 1, nu: 0.01, rho: 5, init: "grf" },
      n: 2,
      seed: 4,
      out: rd,
      dtype: "float64",
    });
    errors = JSON.parse(runPython(py!, RESOLVE.replace("sys.argv[1]", JSON.stringify(JSON.stringify([burgers, rd]))))) as Record<string, number[]>;
  });

  it("burgers1d (FNO defaults, fixed dt 0.01) agrees with scipy Radau to 1e-7 relative max", () => {
    const errs = errors[burgers]!;
    expect(errs).toHaveLength(2);
    // Measured ~2e-8: the ETDRK4 error at dt = 0.01 (4e-11 at dt = 0.001).
    for (const e of errs) expect(e).toBeLessThan(1e-7);
  });

  it("reactiondiffusion1d (adaptive tol 1e-8, GRF init, ν = 0.01, ρ = 5) agrees with scipy Radau to 1e-8 relative max", () => {
    const errs = errors[rd]!;
    expect(errs).toHaveLength(2);
    for (const e of errs) expect(e).toBeLessThan(1e-8);
  });
});
