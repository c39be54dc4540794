/**
 * poisson1d / poisson2d: source f (a GRF; zero-mean on periodic grids, where −Δu = f needs it)
 * → u with −Δu = f. Spectral: Fourier/sine solve with the continuous |k|² or the 5-point
 * eigenvalues; fd: the 2nd-order 5-point system by geometric multigrid to a relative residual.
 * With `eigenvalues: discrete` both solve the same linear system (docs/conventions.md §Grids).
 */
import { makeField, NotConvergedError, type Field, type Grid } from "../../core/index.js";
import { poissonMultigrid, poissonSpectral, type EigenvalueKind } from "../../solvers/index.js";
import { makeGrf } from "../grf.js";
import type { ParamDoc, ParamValues, ProblemDef } from "../problem.js";
import { fieldProblem, grfOptions, type SolveSetup } from "./field-problem.js";
import { requireRange } from "./params.js";

const POISSON_PARAMS: readonly ParamDoc[] = [
  { name: "eigenvalues", kind: "string", default: "discrete", choices: ["discrete", "continuous"], doc: "spectral solver: −Δ eigenvalues" },
  { name: "tol", kind: "number", default: 1e-10, doc: "fd solver: relative residual ‖f − Au‖/‖f‖" },
];

function setup(p: ParamValues, grid: Grid): SolveSetup {
  const grf = makeGrf(grid, grfOptions(p));
  const periodic = grid.bc[0] === "periodic";
  const solver = p.solver as string;
  const eigenvalues = p.eigenvalues as EigenvalueKind;
  const tol = requireRange("tol", p.tol as number, 1e-15, 1e-2);
  return {
    provenance: {
      pde: "-laplacian(u) = f; input f, output u" + (periodic ? " (f drawn with zero mean; u returned with zero mean)" : " (u = 0 on the boundary)"),
      discretisation:
        solver === "fd" || eigenvalues === "discrete"
          ? "2nd-order finite-difference Laplacian (3-point in 1D, 5-point in 2D) on the stored points"
          : "Fourier/sine series with continuous eigenvalues |k|^2",
      solver: solver === "fd" ? "geometric multigrid V-cycles (solvers.poissonMultigrid)" : `spectral (solvers.poissonSpectral, ${eigenvalues} eigenvalues)`,
      tolerance: solver === "fd" ? `relative residual ${tol}` : "exact up to round-off",
      input_distribution: { kind: "gaussian random field N(0, sigma^2 (-laplacian + tau^2 I)^-alpha)", alpha: grf.alpha, tau: grf.tau, sigma: grf.sigma },
    },
    input: (rng) => {
      const f = makeField(grid.shape);
      grf.sample(rng, f.data);
      if (periodic) {
        // The mean mode of a periodic GRF is random; Poisson needs exactly zero mean.
        let m = 0;
        for (let i = 0; i < f.data.length; i++) m += f.data[i]!;
        m /= f.data.length;
        for (let i = 0; i < f.data.length; i++) f.data[i]! -= m;
      }
      return f;
    },
    solve: (f: Field) => {
      if (solver !== "fd") return poissonSpectral(grid, f, { eigenvalues });
      const r = poissonMultigrid(grid, f, { rtol: tol, maxCycles: 100 });
      if (r.status !== "converged") throw new NotConvergedError(`poisson multigrid stopped at ${r.status} with relative residual ${r.residual}`);
      return r.u;
    },
  };
}

function poisson(dims: 1 | 2): ProblemDef {
  return fieldProblem({
    name: `poisson${dims}d`,
    summary: `${dims}D Poisson equation -Δu = f: source (GRF) -> solution`,
    dims,
    bcChoices: ["periodic", "dirichlet"],
    solverChoices: ["spectral", "fd"],
    defaultResolution: dims === 1 ? 128 : 64,
    params: POISSON_PARAMS,
    inputChannels: ["f"],
    outputChannels: ["u"],
    setup,
  });
}

export const poisson1d = poisson(1);
export const poisson2d = poisson(2);
