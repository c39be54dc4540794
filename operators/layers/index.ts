// Layer helpers and the fast layers every tfjs model here may build on (part of the shared floor,
// exported through operators/index.ts). See docs/operators.md.
export { lastDim, oneShape, oneTensor, uniformInit, type Kwargs, type LayerArgs } from "./layer-util.js";
export { joinMoments, splitMoments, type SplitMoments } from "./moments.js";
export { ChannelDense, ACTIVATIONS, type ActivationKind, type ChannelDenseConfig } from "./channel-dense.js";
export { GridCoordinates, coordinateTensor, type GridCoordinatesConfig } from "./grid-coordinates.js";
export { linear2d, linearNd, constMatMul, constLeftMatMul, setFastMatMulGradients } from "./fast-matmul.js";
export { gelu, geluTanh, geluReference, geluTanhReference, activationName, applyActivation, type GeluKind } from "./gelu.js";
