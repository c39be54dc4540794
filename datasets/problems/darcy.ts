/**
 * darcy2d, the FNO benchmark recipe: a = 12 where a GRF N(0, (−Δ + 9I)^(−2)) is ≥ 0, else 3;
 * −∇·(a∇u) = f with f = 1 and u = 0 on the boundary of the unit square; a → u. The coefficient
 * GRF is stationary (periodic basis) drawn on the n×n points, then read at the n×n interior
 * nodes of the Dirichlet grid (a random field has no preferred origin, so the shift by h is
 * immaterial; a sine-basis field would vanish at the boundary and bias a there).
 */
import { makeField, makeGrid, NotConvergedError, type Field, type Grid } from "../../core/index.js";
import { darcySolve } from "../../solvers/index.js";
import { makeGrf } from "../grf.js";
import type { ParamDoc, ParamValues } from "../problem.js";
import { fieldProblem, grfOptions, type SolveSetup } from "./field-problem.js";
import { requireRange } from "./params.js";

const DARCY_PARAMS: readonly ParamDoc[] = [
  { name: "aHigh", kind: "number", default: 12, doc: "coefficient where the GRF is >= 0" },
  { name: "aLow", kind: "number", default: 3, doc: "coefficient where the GRF is < 0" },
  { name: "source", kind: "number", default: 1, doc: "constant source f" },
  { name: "tol", kind: "number", default: 1e-10, doc: "relative residual ‖f − Au‖/‖f‖ of the solve" },
];

function setup(p: ParamValues, grid: Grid): SolveSetup {
  const aHigh = requireRange("aHigh", p.aHigh as number, Number.MIN_VALUE);
  const aLow = requireRange("aLow", p.aLow as number, Number.MIN_VALUE);
  const source = p.source as number;
  const tol = requireRange("tol", p.tol as number, 1e-15, 1e-2);
  const grf = makeGrf(makeGrid({ shape: grid.shape, lengths: grid.lengths, bc: "periodic" }), grfOptions(p));
  return {
    provenance: {
      pde: `-div(a grad u) = ${source} on (0,L)^2, u = 0 on the boundary; input a, output u`,
      coefficient: `a = ${aHigh} where g >= 0 else ${aLow}, g ~ N(0, sigma^2 (-laplacian + tau^2 I)^-alpha) periodic, sampled at the interior nodes`,
      discretisation:
        "conservative 5-point finite volumes on the interior nodes x_j = (j+1)h, h = L/(n+1); face coefficient = harmonic mean " +
        "2 a_P a_Q / (a_P + a_Q) of the two nodes (boundary faces: the node's own a); u = 0 at boundary nodes",
      solver: "CG preconditioned by a multigrid V-cycle (solvers.darcySolve)",
      tolerance: `relative residual ${tol}`,
      input_distribution: { kind: "thresholded gaussian random field", alpha: grf.alpha, tau: grf.tau, sigma: grf.sigma },
    },
    input: (rng) => {
      const a = makeField(grid.shape);
      grf.sample(rng, a.data);
      for (let i = 0; i < a.data.length; i++) a.data[i] = a.data[i]! >= 0 ? aHigh : aLow;
      return a;
    },
    solve: (a: Field) => {
      const r = darcySolve(grid, a, source, { rtol: tol, maxIterations: 500 });
      if (r.status !== "converged") throw new NotConvergedError(`darcy solve stopped at ${r.status} with relative residual ${r.residual}`);
      return r.u;
    },
  };
}

export const darcy2d = fieldProblem({
  name: "darcy2d",
  summary: "2D Darcy flow (FNO recipe): thresholded-GRF permeability a -> pressure u",
  dims: 2,
  bcChoices: ["dirichlet"],
  solverChoices: ["fd"],
  defaultResolution: 63,
  params: DARCY_PARAMS,
  inputChannels: ["a"],
  outputChannels: ["u"],
  setup,
});
