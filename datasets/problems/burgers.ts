/**
 * burgers1d, the FNO paper's recipe: u_t + (u²/2)_x = ν u_xx, periodic on [0, L), ν = 0.1,
 * T = 1, u0 ~ N(0, 625(−Δ + 25I)^(−2)) (σ = 25, τ = 5, α = 2 in this toolkit's GRF
 * convention), solved on 1024 points and stored on every 4th (256); u0 → u(T). Fourier
 * pseudo-spectral with 2/3 de-aliasing, ETDRK4 (solvers.burgersSpectral).
 */
import { makeField, requirePositive, type Field, type Grid } from "../../core/index.js";
import { burgersSpectral, dealiasCutoff } from "../../solvers/index.js";
import { makeGrf } from "../grf.js";
import type { ParamDoc, ParamValues } from "../problem.js";
import { fieldProblem, grfOptions, type SolveSetup } from "./field-problem.js";
import { requireCompleted, resolveTimeStepping, timeSteppingParams } from "./time-stepping.js";

const BURGERS_PARAMS: readonly ParamDoc[] = [
  { name: "nu", kind: "number", default: 0.1, doc: "viscosity (burgers1d) or diffusion coefficient (reactiondiffusion1d) ν, length²/time" },
  ...timeSteppingParams(0.01),
];

function setup(p: ParamValues, grid: Grid): SolveSetup {
  const nu = requirePositive("nu", p.nu);
  const stepping = resolveTimeStepping(p, "solvers.burgersSpectral");
  const grf = makeGrf(grid, grfOptions(p));
  const n = grid.shape[0]!;
  return {
    provenance: {
      pde: `u_t + (u^2/2)_x = nu u_xx with nu = ${nu}, periodic on [0, L); input u(0), output u(t) at t = ${stepping.t}`,
      discretisation:
        `Fourier pseudo-spectral on the ${n} solve-grid points x_j = jL/${n}: u_xx exact per mode (-k^2), (u^2)_x as ik F[u^2] with u^2 ` +
        `formed from modes |m| <= ${dealiasCutoff(n)} and only those modes kept (2/3 rule); higher modes of u evolve by exp(-nu k^2 t) alone`,
      ...stepping.provenance,
      input_distribution: { kind: "gaussian random field N(0, sigma^2 (-laplacian + tau^2 I)^-alpha)", alpha: grf.alpha, tau: grf.tau, sigma: grf.sigma },
    },
    input: (rng) => {
      const u0 = makeField(grid.shape);
      grf.sample(rng, u0.data);
      return u0;
    },
    solve: (u0: Field) => requireCompleted("burgers1d", burgersSpectral(grid, u0, { nu, ...stepping.options })).u,
  };
}

export const burgers1d = fieldProblem({
  name: "burgers1d",
  summary: "1D viscous Burgers (FNO recipe): initial condition (GRF) -> solution at time t",
  dims: 1,
  bcChoices: ["periodic"],
  solverChoices: ["etdrk4"],
  defaultResolution: 256,
  defaults: { fine: 4, alpha: 2, tau: 5, sigma: 25 },
  params: BURGERS_PARAMS,
  inputChannels: ["u0"],
  outputChannels: ["u"],
  setup,
});
