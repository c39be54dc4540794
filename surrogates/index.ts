// Public exports of surrogates/ (other areas import only this file): the user-level API —
// training, the Surrogate, the model registry, metrics, workflows and reports. The folders'
// own index files hold more (helpers their tests and each other use); only what a caller needs
// is re-exported here, so the package's surface stays small (docs/architecture.md).
export type * from "./evaluation/index.js";
export type * from "./report/index.js";
export type * from "./training/index.js";
export type * from "./workflows/index.js";
export {
  summarize,
  rmsePerSample,
  nrmsePerSample,
  relativeL2PerSample,
  maxErrorPerSample,
  boundaryRmsePerSample,
  h1RelativeErrorPerSample,
  fourierBandErrors,
  crpsGaussian,
  gaussianScoresPerSample,
  sampleMoments,
  residualVariance,
  addChannelVariance,
  fitBinnedVariance,
  applyBinnedVariance,
  gradientFeature,
  fitNoiseScale,
  applyNoiseScale,
  fitCoverageVariance,
  timePerSample,
  evaluatePredictor,
  evaluateRun,
  METRIC_COLUMNS,
  PROBABILISTIC_COLUMNS,
  metricValues,
  probabilisticValues,
  textTable,
  toEvaluationRecord,
  encodeEvaluationRecord,
  isEvaluationRecordFile,
  COMPARE_FILE,
  readCompareDetails,
  budgetLine,
  compareSpecSchema,
  parseCompareSpec,
} from "./evaluation/index.js";
export {
  COMPARE_SUMMARY_COLUMNS,
  EVALUATION_FILE,
  compareReport,
  compareSummaryRows,
  formatCell,
  runReport,
  writeReport,
  fieldHeatmapSpec,
  fieldLineSpec,
  learningCurveSpec,
  lossCurveSpec,
  paretoSpec,
  tauSpec,
} from "./report/index.js";
export {
  LOSS_KINDS,
  trainConfigSchema,
  parseTrainConfig,
  train,
  makeLoss,
  AdamW,
  globalNorm,
  readMetrics,
  runPath,
  writeCheckpoint,
  loadLatestCheckpoint,
  loadLayersModel,
  trainingDataFromDataset,
  acquireLock,
  LockedError,
  GradientPool,
} from "./training/index.js";
export { QUICKSTART_DEFAULTS, quickstartSizes, compareDetails, runQuickstart, runCompare, runSolverVsSurrogate, runBenchSurrogates, runGsnnClaims, CALIBRATION_DEFAULTS, runCalibrationComparison, rescoreSavedCalibration, completeSavedCalibration, checkInputModes } from "./workflows/index.js";
export { loadSurrogate, makeSurrogate, type Surrogate, type Prediction } from "./surrogate.js";
export { UNCERTAINTY_METHODS, type UncertaintyMethod, type UncertaintyOptions } from "./uncertainty.js";
export { registerModelKind, getModelEntry, availableModelKinds, isModelKind, checkModelConfig, type ModelEntry, type FitArgs, type FitData, type FitResult } from "./model-registry.js";
export { writePredictionStore } from "./prediction-store.js";
export { readNpy, writeNpy, encodeNpy } from "./npy.js";
export { claimOutputs, type OutputClaim, type OutputTarget, type OutputItem, type ReadPath } from "./output-files.js";
export { requireMatchingData, type ProblemView, type DataView } from "./data-match.js";
export { sealJson, unsealJson, readVerified, recordOf, type FileRecord } from "./artifact-checksums.js";
