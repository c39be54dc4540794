// RBF network baseline (docs/operators.md §RBF network).
export { fitRbf, predictRbf, rbfFeatures, nearestPrototypeBeta, RBF_WIDTH_SCALES, type RbfFit, type RbfOptions } from "./fit-rbf.js";
export { RbfLayer, type RbfLayerArgs } from "./rbf-layer.js";
export { buildRbf, fitRbfModel, applyRbfFit, refitRbfReadout, rbfInfo, requireRbfConfig, type RbfConfig } from "./build-rbf.js";
