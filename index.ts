/**
 * pde-surrogates: each area is a namespace. Areas: core (grids, fields, RNG, errors, backend),
 * solvers (Float64 FFT, spectral and finite-difference solvers), datasets (random inputs,
 * problems, zarr stores, loaders), operators (the tfjs floor: model interface, spectral ops, layer
 * helpers), baselines (FNO, DeepONet, MLP, ridge, on that floor), gsnn (Gaussian Smoothing Neural
 * Networks, on that floor), surrogates (training, the Surrogate API, evaluation).
 */
export * as core from "./core/index.js";
export * as solvers from "./solvers/index.js";
export * as datasets from "./datasets/index.js";
export * as operators from "./operators/index.js";
export * as baselines from "./operators/baselines.js";
export * as gsnn from "./gsnn/index.js";
export * as surrogates from "./surrogates/index.js";
