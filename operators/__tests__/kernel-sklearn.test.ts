/**
 * The kernel operator's predictive mean and variance against scikit-learn on the same data and
 * hyperparameters: GaussianProcessRegressor (ConstantKernel(1)·RBF / Matern, alpha = g,
 * optimizer=None) and KernelRidge (kernel="rbf", gamma = 1/(2ℓ²), alpha = g), all on the
 * centred targets. Mean to ≤ 1e-8 relative to max |mean|; the latent variance shape s(x) to
 * ≤ 1e-8. Skips with a message when no python3 with scikit-learn is found (CI installs it).
 */
import { describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { fitKernelOperator, predictKernelOperator, type KernelName } from "../baselines.js";
import { problemPairs } from "./kernel-data.js";

const py = findPython(["numpy", "sklearn"]);
// numpy's BLAS (and torch's OpenMP) start a thread per core that spins while it waits: on shared
// cores that doubled the CPU of these small python runs (docs/testing.md). One thread each.
process.env.OPENBLAS_NUM_THREADS ??= "1";
process.env.OMP_NUM_THREADS ??= "1";
if (!py) console.warn("kernel-sklearn.test.ts: no python3 with numpy and scikit-learn found; skipping the scikit-learn cross-check");

const SCRIPT = `
import json, sys
import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, RBF, Matern
from sklearn.kernel_ridge import KernelRidge
res = {}
for c in json.loads(sys.stdin.read()):
    X = np.array(c["X"]).reshape(c["n"], -1); Y = np.array(c["Y"]).reshape(c["n"], -1); Xt = np.array(c["Xt"]).reshape(c["nt"], -1)
    ell, g = c["ell"], c["g"]
    nu = {"rbf": None, "matern12": 0.5, "matern32": 1.5, "matern52": 2.5}[c["kernel"]]
    k = ConstantKernel(1.0, "fixed") * (RBF(ell, "fixed") if nu is None else Matern(ell, "fixed", nu=nu))
    gp = GaussianProcessRegressor(k, alpha=g, optimizer=None, normalize_y=False).fit(X, Y)
    m, sd = gp.predict(Xt, return_std=True)
    out = {"gp_mean": m.ravel().tolist(), "gp_var": (np.asarray(sd) ** 2).reshape(c["nt"], -1)[:, 0].tolist()}
    if nu is None:
        out["krr_mean"] = KernelRidge(alpha=g, kernel="rbf", gamma=1 / (2 * ell * ell)).fit(X, Y).predict(Xt).ravel().tolist()
    res[c["kernel"]] = out
print(json.dumps(res))
`;

const KERNELS: KernelName[] = ["rbf", "matern12", "matern32", "matern52"];
const n = 120;
const nt = 30;
const P = 32;
// Fixed hyperparameters on the raw grid values (no PCA), every output value a target.
const ell = 1.5;
const g = 1e-5;

describe.skipIf(!py)("kernel operator vs scikit-learn", () => {
  const tr = problemPairs("heat1d", n, 11, P);
  const te = problemPairs("heat1d", nt, 12, P);
  const fits = KERNELS.map((kernel) => fitKernelOperator({ data: tr.X, shape: [n, P] }, { data: tr.Y, shape: [n, P] }, { kernel, inputRank: "none", lengthscale: ell, noise: g }));
  // One python process for all kernels, on the centred targets.
  const cases = fits.map((fit, k) => ({ kernel: KERNELS[k], X: Array.from(tr.X), Y: Array.from(tr.Y, (v, i) => v - fit.outputMean[i % P]!), Xt: Array.from(te.X), n, nt, ell, g }));
  const refs = py ? (JSON.parse(runPython(py, SCRIPT, JSON.stringify(cases))) as Record<string, Record<string, number[]>>) : {};
  KERNELS.forEach((kernel, k) => {
    it(`${kernel}: GaussianProcessRegressor${kernel === "rbf" ? " and KernelRidge" : ""} agree to 1e-8`, () => {
      const fit = fits[k]!;
      expect(fit.jitter).toBe(0);
      const pr = predictKernelOperator(fit, te.X, nt, { latent: true });
      const ref = refs[kernel]!;
      let scale = 0;
      let dGp = 0;
      let dKrr = 0;
      for (let i = 0; i < nt * P; i++) {
        const m = pr.mean[i]! - fit.outputMean[i % P]!;
        scale = Math.max(scale, Math.abs(m));
        dGp = Math.max(dGp, Math.abs(m - ref.gp_mean![i]!));
        if (ref.krr_mean) dKrr = Math.max(dKrr, Math.abs(m - ref.krr_mean[i]!));
      }
      // Latent variance shape s(x) = var_q / σ_q² (sklearn's amplitude is 1 here).
      let dVar = 0;
      let sMin = 1;
      for (let i = 0; i < nt; i++) {
        const sx = pr.variance![i * P]! / fit.signalVariance[0]!;
        sMin = Math.min(sMin, sx);
        dVar = Math.max(dVar, Math.abs(sx - ref.gp_var![i]!));
      }
      const krr = ref.krr_mean ? `, ${(dKrr / scale).toExponential(2)} (KRR)` : "";
      console.log(`${kernel}: max |Δmean| ${(dGp / scale).toExponential(2)} (GP)${krr} of max |mean| ${scale.toExponential(2)}; max |Δs(x)| ${dVar.toExponential(2)}, min s(x) ${sMin.toExponential(2)}`);
      expect(dGp / scale).toBeLessThanOrEqual(1e-8);
      if (ref.krr_mean) expect(dKrr / scale).toBeLessThanOrEqual(1e-8);
      expect(dVar).toBeLessThanOrEqual(1e-8);
    });
  });
});
