// Kernel / Gaussian-process operator (docs/operators.md §Kernel / GP operator).
export { KERNELS, kernelValue, kernelMatrix, squaredDistances, medianDistance, type KernelName } from "./kernels.js";
export { fitKernelOperator, type KernelOperatorFit, type KernelOperatorOptions } from "./fit-kernel-operator.js";
export { predictKernelOperator, type KernelPrediction, type KernelPredictOptions } from "./predict-kernel-operator.js";
export { KernelOperatorLayer, type KernelOperatorLayerArgs } from "./kernel-layer.js";
export { kernelFitToJson, kernelFitFromJson, type KernelFitJson } from "./fit-json.js";
export { buildKernelOperator, fitKernelOperatorModel, findKernelLayer, kernelOperatorInfo, requireKernelConfig, type KernelOperatorConfig } from "./build-kernel-operator.js";
