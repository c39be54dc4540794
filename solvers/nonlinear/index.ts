// Public exports of solvers/nonlinear (re-exported by solvers/index.ts). See docs/solvers-nonlinear.md.
export { burgersSpectral, burgersProblem, type BurgersOptions } from "./burgers.js";
export { reactionDiffusionSpectral, reactionDiffusionProblem, type ReactionDiffusionOptions } from "./reaction-diffusion.js";
export type { NonlinearResult, TimeSteppingOptions } from "./options.js";
export { etdrk4Integrate, type Etdrk4Options, type Etdrk4Stats, type TimeStepStatus } from "./integrate.js";
export { etdrk4Coefficients, phiContour, type Etdrk4Coefficients } from "./etdrk4-coefficients.js";
export { dealiasCutoff, type SemilinearProblem } from "./semilinear.js";
