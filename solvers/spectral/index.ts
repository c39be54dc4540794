// Public exports of solvers/spectral (re-exported by solvers/index.ts).
export { heatSpectral, heatSpectralSeries, type HeatOptions, type HeatSeriesOptions } from "./heat.js";
export { poissonSpectral, type PoissonOptions } from "./poisson.js";
export { laplacianEigenvalues, forwardSpectral, inverseSpectral, type EigenvalueKind, type SpectralCoefficients } from "./transform.js";
