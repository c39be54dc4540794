// Public exports of gsnn/. Other areas import only this file.
// Registers the pre-merge heat-filter class name so saved models load (not a public layer).
import "./gaussian-heat-filter.js";
export { GaussianLinear, type GaussianLinearArgs, type KernelInit } from "./gaussian-linear.js";
export { GaussianActivation, type GaussianActivationArgs } from "./gaussian-activation.js";
export { GaussianProduct, resolvePairs, type GaussianProductArgs, type ProductPairs } from "./gaussian-product.js";
export {
  activationMoments,
  applyActivation,
  GSNN_ACTIVATIONS,
  TANH_ERF_MAX_ERROR,
  LEAKY_RELU_ALPHA,
  SIGMOID_PROBIT_SCALE,
  SIGMOID_PROBIT_MAX_ERROR,
  type GsnnActivation,
  type Moments,
} from "./moment-activations.js";
export { activationMoments64, activation64, quadratureMoments64, erf64, normCdf64, owensT64 } from "./moments-reference.js";
export { heatBankMultiplier, squaredKernelMultiplier } from "./squared-kernel.js";
export { HeatFilter, type DirichletFilter, type HeatFilterArgs, type VarianceInjection } from "./heat-filter.js";
export { heatFilter, heatFilterVariance, type HeatFilterOptions, type HeatBankMode } from "./heat-filter-ops.js";
export { HeatDerivativeFilter, type HeatDerivativeFilterArgs } from "./heat-derivative-filter.js";
export { heatDerivative, heatDerivativeLogTau, heatDerivativeVariance, checkDerivativeOrders, type HeatDerivativeOptions, type DerivativeOrder } from "./heat-derivative-ops.js";
export { ResolventFilter, resolventFilter, type ResolventFilterArgs } from "./resolvent-filter.js";
export { DomainModes, type DomainModesArgs } from "./domain-modes.js";
export { ColeHopfFilter, PHI_FLOOR, type ColeHopfFilterArgs } from "./cole-hopf-filter.js";
export { searchColeHopf, type ColeHopfSearchOptions, type ColeHopfSearchResult, type ColeHopfSearchData } from "./cole-hopf-search.js";
export { ColeHopfObjective, type ColeHopfParams, type ColeHopfLoss } from "./cole-hopf-objective.js";
export { fitColeHopfPath, type FitColeHopfOptions, type FitColeHopfResult, type FitColeHopfData } from "./cole-hopf-fit.js";
export { basesForBc, logSpaced, tauRangeForGrid, defaultTauInit } from "./tau.js";
export { GridCoordinates, InputMoments, type GridCoordinatesArgs, type InputMomentsArgs } from "./input-layers.js";
export { LinearSpectralPath, type LinearSpectralPathArgs } from "./linear-path.js";
export { LayoutEmbed, LayoutRestore, embeddingCounts, setWallValues, type LayoutEmbeddingArgs, type LayoutRestoreArgs } from "./layout-embedding.js";
export { fitLinearPath, fitLinearPathAsync, findLinearPath, type FitLinearPathOptions, type FitLinearPathResult } from "./fit-linear-path.js";
export { OutputGate, type OutputGateArgs } from "./output-gate.js";
export { linearizedVariance, linearizedVarianceAsync, gaussianCorrelation, type LinearizedVarianceOptions, type NoiseSpectrum } from "./linearized-variance.js";
export { linearizedVarianceModes, realFourierBasis, type ModesVarianceOptions } from "./linearized-variance-modes.js";
export { deterministicTwin } from "./deterministic-twin.js";
export { leastSquares, leastSquaresBlocks, type LeastSquaresResult, type BlockProblem, type RowBlockFn } from "./least-squares.js";
export { buildGsnn, gsnnInfo, type GsnnConfig } from "./build-gsnn.js";
export { linearPathTimes, gridWavenumberRange } from "./grid-scales.js";
export * from "./noise-laws/index.js";
