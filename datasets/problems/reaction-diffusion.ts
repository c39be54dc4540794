/**
 * reactiondiffusion1d, PDEBench's 1-D diffusion–reaction (Fisher–KPP): u_t = ν u_xx + ρ u(1 − u),
 * periodic on [0, L); PDEBench's defaults ν = 0.5, ρ = 1, T = 1, 1024 points (stored on every
 * 4th, 256) and their random initial condition in [0, 1] (pdebench-initial.ts); or, with
 * `--init grf`, a GRF rescaled to [0, 1]. u0 → u(T). Fourier pseudo-spectral with 2/3
 * de-aliasing, ETDRK4 with adaptive steps by default (the rough initial data make fixed steps
 * converge slowly: docs/solvers-nonlinear.md §Order).
 */
import { makeField, type Field, type Grid } from "../../core/index.js";
import { dealiasCutoff, reactionDiffusionSpectral } from "../../solvers/index.js";
import { makeGrf } from "../grf.js";
import type { ParamDoc, ParamValues } from "../problem.js";
import { fieldProblem, grfOptions, type SolveSetup } from "./field-problem.js";
import { requireRange } from "./params.js";
import { normalizeUnit, pdebenchInitial } from "./pdebench-initial.js";
import { requireCompleted, resolveTimeStepping, timeSteppingParams } from "./time-stepping.js";

const RD_PARAMS: readonly ParamDoc[] = [
  { name: "nu", kind: "number", default: 0.5, doc: "viscosity (burgers1d) or diffusion coefficient (reactiondiffusion1d) ν, length²/time" },
  { name: "rho", kind: "number", default: 1, doc: "reaction rate ρ (1/time)" },
  {
    name: "init",
    kind: "string",
    default: "pdebench",
    choices: ["pdebench", "grf"],
    doc: "initial condition: PDEBench's random sines in [0, 1], or a GRF rescaled to [0, 1]",
  },
  ...timeSteppingParams(0),
];

function setup(p: ParamValues, grid: Grid): SolveSetup {
  const nu = requireRange("nu", p.nu as number, 0);
  const rho = requireRange("rho", p.rho as number, 0);
  const stepping = resolveTimeStepping(p, "solvers.reactionDiffusionSpectral");
  const grf = p.init === "grf" ? makeGrf(grid, grfOptions(p)) : null;
  const n = grid.shape[0]!;
  return {
    provenance: {
      pde: `u_t = nu u_xx + rho u (1 - u) with nu = ${nu}, rho = ${rho}, periodic on [0, L); input u(0), output u(t) at t = ${stepping.t}`,
      discretisation:
        `Fourier pseudo-spectral on the ${n} solve-grid points x_j = jL/${n}: u_xx exact per mode (-k^2), rho u (1 - u) ` +
        `formed from modes |m| <= ${dealiasCutoff(n)} and only those modes kept (2/3 rule); higher modes of u evolve by exp(-nu k^2 t) alone`,
      ...stepping.provenance,
      input_distribution: grf
        ? { kind: "gaussian random field N(0, sigma^2 (-laplacian + tau^2 I)^-alpha), rescaled to [0, 1] by (g - min g)/(max g - min g)", alpha: grf.alpha, tau: grf.tau, sigma: grf.sigma }
        : {
            kind: "PDEBench 1-D diffusion-reaction initial condition (init_multi, k_tot = 4, two picks, normalised to [0, 1]); periodic wavenumbers 2 pi k / L",
            waves: 4,
            picks: 2,
            abs_probability: 0.1,
            window_probability: 0.1,
            window_width: 0.01,
          },
    },
    input: (rng) => {
      const u0 = makeField(grid.shape);
      if (grf) normalizeUnit(grf.sample(rng, u0.data));
      else pdebenchInitial(rng, u0.data);
      return u0;
    },
    solve: (u0: Field) => requireCompleted("reactiondiffusion1d", reactionDiffusionSpectral(grid, u0, { nu, rho, ...stepping.options })).u,
  };
}

export const reactiondiffusion1d = fieldProblem({
  name: "reactiondiffusion1d",
  summary: "1D diffusion-reaction (Fisher-KPP, PDEBench): initial condition in [0, 1] -> solution at time t",
  dims: 1,
  bcChoices: ["periodic"],
  solverChoices: ["etdrk4"],
  defaultResolution: 256,
  defaults: { fine: 4 },
  params: RD_PARAMS,
  inputChannels: ["u0"],
  outputChannels: ["u"],
  setup,
});
