// The Fourier neural operator baseline (exported through operators/baselines.ts).
export { buildFno, fnoInfo, FNO_DEFAULTS, FNO_PADDING_FILL, FNO_PADDING_FRACTION, type FnoConfig } from "./build-fno.js";
export { FourierLayer, type FourierLayerConfig } from "./fourier-layer.js";
export { DomainPad, fractionPadding, type DomainPadConfig } from "./domain-pad.js";
export { spectralConv1d, spectralConv2d, fuseComplexWeights, type SpectralWeights } from "./spectral-conv.js";
export { realAxisTransform, complexAxisTransform, clearDftBasisCache, type AxisTransform, type BasisPair } from "./dft-basis.js";
