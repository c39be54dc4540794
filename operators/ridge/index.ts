// The closed-form linear (ridge) baseline (exported through operators/baselines.ts).
export { fitRidge, type RidgeData, type RidgeFit, type RidgeOptions } from "./ridge-fit.js";
export { buildRidge, fitRidgeModel, ridgeInfo, type RidgeConfig } from "./ridge.js";
