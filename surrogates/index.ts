// Public exports of surrogates/. Other areas import only this file.
export {};
export * from "./evaluation/index.js";
export * from "./report/index.js";
export * from "./training/index.js";
export * from "./workflows/index.js";
export { loadSurrogate, makeSurrogate, type Surrogate, type Prediction } from "./surrogate.js";
export { registerModelKind, getModelEntry, availableModelKinds, isModelKind, buildSeeded, type ModelEntry, type FitArgs, type FitData, type FitResult } from "./model-registry.js";
export { readNpy, writeNpy } from "./npy.js";
export { writePredictionStore } from "./prediction-store.js";
