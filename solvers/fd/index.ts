// Public exports of solvers/fd (finite differences). See docs/solvers-fd.md.
export type { IterativeResult, SolveStatus, CycleType, MultigridOptions } from "./types.js";
export { poissonMultigrid, poissonPcg } from "./poisson.js";
export type { PoissonMultigridOptions, PoissonPcgOptions } from "./poisson.js";
export { darcySolve } from "./darcy.js";
export type { DarcyOptions } from "./darcy.js";
export { laplacian, addSecondDifference, addFourthOrderDifference } from "./laplacian.js";
export type { LaplacianOptions } from "./laplacian.js";
export { heatFd, ftcsStableDt } from "./heat.js";
export type { HeatFdOptions, HeatFdResult, HeatFdMethod } from "./heat.js";
export { thomasSolve, cyclicThomasSolve } from "./tridiagonal.js";
