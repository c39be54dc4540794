// Fused CPU kernels (wasm and cpu backends) with their reference paths; see
// docs/operators-spectral.md §Fused kernels.
export { symmetricFilter, symmetricFilterReference } from "./symmetric-filter.js";
export { modeClasses } from "./filter-geometry.js";
export { fusedKernelsAvailable, setFusedKernels, FUSED_BACKENDS, type FusedKernelFamily } from "./runtime.js";
export { assembleWat } from "./wat.js";
export { fusedGelu } from "./gelu.js";
export { linearWeightGrad, fusedMatMul, fusedDense } from "./linear-kernel.js";
export { fusedAdamStep, type AdamStepArgs } from "./adam.js";
export { spectralMix, spectralMixReference } from "./spectral-mix.js";
export { heatClassK2, heatSymmetricFilter, heatSymmetricFilterReference } from "./heat-symmetric-filter.js";
export { heatDerivativeFilter, type HeatDerivativeFilterOptions } from "./derivative-filter.js";
export { fusedFourierLayer1d, fusedFourierLayerAvailable, type FourierLayerActivation } from "./fourier-layer-kernel.js";
export { fusedMseLoss, fusedRelL2Loss } from "./loss-kernel.js";
export { fusedHeatBlock, heatBlockReference } from "./heat-block.js";
