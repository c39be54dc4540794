// Public exports of surrogates/. Other areas import only this file.
export {};
export * from "./evaluation/index.js";
export * from "./report/index.js";
export * from "./training/index.js";
export * from "./workflows/index.js";
export { loadSurrogate, makeSurrogate, type Surrogate, type Prediction } from "./surrogate.js";
export { registerModelKind, getModelEntry, availableModelKinds, isModelKind, buildSeeded, checkModelConfig, type ModelEntry, type FitArgs, type FitData, type FitResult } from "./model-registry.js";
export { writePredictionStore } from "./prediction-store.js";
export { readNpy, writeNpy, encodeNpy } from "./npy.js";
export { claimOutputs, type OutputClaim, type OutputTarget, type OutputItem, type ReadPath } from "./output-files.js";
export { requireMatchingData, type ProblemView, type DataView } from "./data-match.js";
export { sealJson, unsealJson, readVerified, recordOf, type FileRecord } from "./artifact-checksums.js";
