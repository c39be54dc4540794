// FNO and the fast layers it shares with the other baselines (exported through operators/index.ts).
export { buildFno, fnoInfo, FNO_DEFAULTS, type FnoConfig } from "./build-fno.js";
export { FourierLayer, type FourierLayerConfig } from "./fourier-layer.js";
export { DomainPad, type DomainPadConfig } from "./domain-pad.js";
export { GridCoordinates, coordinateTensor, type GridCoordinatesConfig } from "./grid-coordinates.js";
export { ChannelDense, ACTIVATIONS, type ActivationKind, type ChannelDenseConfig } from "./channel-dense.js";
export { spectralConv1d, spectralConv2d, fuseComplexWeights, type SpectralWeights } from "./spectral-conv.js";
export { realAxisTransform, complexAxisTransform, clearDftBasisCache, type AxisTransform, type BasisPair } from "./dft-basis.js";
export { linear2d, constMatMul, setFastMatMulGradients } from "./fast-matmul.js";
export { gelu, geluTanh, geluReference, geluTanhReference, activationName, applyActivation, type GeluKind } from "./gelu.js";
export { uniformInit } from "./layer-util.js";
