/**
 * heat1d / heat2d: initial condition u0 (a GRF) → u(T) for u_t = κΔu with periodic or
 * Dirichlet boundaries. Spectral: the exact exponential of the chosen Laplacian eigenvalues
 * (continuous |k|² by default, or the 5-point ones); fd: Crank–Nicolson time stepping of the
 * 2nd-order finite-difference Laplacian (its exact-in-time limit is the spectral solve with
 * discrete eigenvalues).
 */
import { makeField, NotConvergedError, type Field, type Grid } from "../../core/index.js";
import { heatFd, heatSpectral, type EigenvalueKind } from "../../solvers/index.js";
import { makeGrf } from "../grf.js";
import type { ParamDoc, ParamValues, ProblemDef } from "../problem.js";
import { fieldProblem, grfOptions, type SolveSetup } from "./field-problem.js";
import { requireRange } from "./params.js";

const HEAT_PARAMS: readonly ParamDoc[] = [
  { name: "kappa", kind: "number", default: 0.01, doc: "diffusivity κ" },
  { name: "time", kind: "number", default: 1, doc: "final time T" },
  { name: "eigenvalues", kind: "string", default: "continuous", choices: ["continuous", "discrete"], doc: "spectral solver: −Δ eigenvalues" },
  { name: "steps", kind: "integer", default: 200, doc: "fd solver: Crank–Nicolson time steps" },
];

function setup(p: ParamValues, grid: Grid): SolveSetup {
  const kappa = requireRange("kappa", p.kappa as number, 0);
  const t = requireRange("time", p.time as number, 0);
  const grf = makeGrf(grid, grfOptions(p));
  const eigenvalues = p.eigenvalues as EigenvalueKind;
  const fd = p.solver === "fd";
  const steps = requireRange("steps", p.steps as number, 1);
  return {
    provenance: {
      pde: "u_t = kappa * laplacian(u); input u(0), output u(t)",
      discretisation: fd
        ? `2nd-order finite-difference Laplacian, Crank-Nicolson with ${steps} equal steps dt = t/${steps}`
        : eigenvalues === "continuous"
          ? "exact Fourier/sine-series propagator exp(-kappa |k|^2 t) with continuous eigenvalues |k|^2"
          : "exact propagator exp(-kappa lambda t) of the 2nd-order finite-difference Laplacian (5-point eigenvalues)",
      solver: fd ? "Crank-Nicolson (solvers.heatFd; 1D Thomas, 2D multigrid-preconditioned CG)" : "spectral (solvers.heatSpectral)",
      tolerance: fd ? "2D implicit solves to relative residual 1e-12" : "exact up to round-off",
      input_distribution: { kind: "gaussian random field N(0, sigma^2 (-laplacian + tau^2 I)^-alpha)", alpha: grf.alpha, tau: grf.tau, sigma: grf.sigma },
    },
    input: (rng) => {
      const u0 = makeField(grid.shape);
      grf.sample(rng, u0.data);
      return u0;
    },
    solve: (u0: Field) => {
      if (!fd) return heatSpectral(grid, u0, { kappa, t, eigenvalues });
      if (t === 0 || kappa === 0) return makeField(grid.shape, Float64Array.from(u0.data));
      const r = heatFd(grid, u0, { kappa, times: [t], method: "crank-nicolson", dt: t / steps });
      if (r.status !== "converged") throw new NotConvergedError(`heat Crank-Nicolson: an implicit solve stopped at ${r.status} (residual ${r.residual})`);
      return r.u[0]!;
    },
  };
}

function heat(dims: 1 | 2): ProblemDef {
  return fieldProblem({
    name: `heat${dims}d`,
    summary: `${dims}D heat equation: initial condition (GRF) -> solution at time t`,
    dims,
    bcChoices: ["periodic", "dirichlet"],
    solverChoices: ["spectral", "fd"],
    defaultResolution: dims === 1 ? 128 : 64,
    params: HEAT_PARAMS,
    inputChannels: ["u0"],
    outputChannels: ["u"],
    setup,
  });
}

export const heat1d = heat(1);
export const heat2d = heat(2);
