// Public exports of surrogates/evaluation (re-exported by surrogates/index.ts).
export { batchLayout, requireBatch, requireBatchPair, type BatchArray, type BatchLayout } from "./batch.js";
export { quantileSorted, summarize, type Summary } from "./summary.js";
export { boundaryRmsePerSample, maxErrorPerSample, nrmsePerSample, relativeL2PerSample, rmsePerSample } from "./pointwise.js";
export { fourierBandErrors, type FourierBandErrors, type FourierBandOptions } from "./fourier-bands.js";
export { derivativeAlongAxis, h1RelativeErrorPerSample, type H1Options } from "./h1.js";
export { metricAxes, type MetricAxis, type MetricGeometry } from "./axes.js";
export { erf, erfc, normalCdf, normalPdf } from "./special.js";
export { Z95, crpsGaussian, gaussianScoresPerSample, type ProbabilisticScores } from "./probabilistic.js";
export { addChannelVariance, residualVariance, sampleMoments } from "./calibration.js";
export { applyBinnedVariance, fitBinnedVariance, gradientFeature, type BinnedVariance } from "./calibration-binned.js";
export { applyNoiseScale, fitCoverageVariance, fitNoiseScale, type NoiseScaleFit } from "./calibration-fit.js";
export { timePerSample, type Timing, type TimingOptions } from "./timing.js";
export { computeMetrics, type MetricsOptions, type PredictionMetrics } from "./evaluate-predictions.js";
export { evaluatePredictor, type EvaluateOptions, type EvaluationResult, type EvaluationSet, type Predictor, type PredictorOutput } from "./evaluate-predictor.js";
export { METRIC_COLUMNS, PROBABILISTIC_COLUMNS, metricValues, probabilisticValues, textTable } from "./metrics-table.js";
export { evaluationSetFromDataset, type DatasetSetOptions, type GridEvaluationSet } from "./dataset-set.js";
export {
  evaluateRun,
  evaluateSurrogateOnStores,
  surrogatePredictor,
  type RunEvaluation,
  type RunEvaluationEntry,
  type RunEvaluationOptions,
} from "./run-evaluation.js";
export { budgetLine, compareSpecSchema, parseCompareSpec, type CompareSpec, type CompareSpecInput } from "./compare-spec.js";
export {
  COMPARE_FILE,
  equalErrorSpeedups,
  summarizeCompare,
  type ClaimResult,
  type CompareResult,
  type CompareRow,
  type CompareSummaryRow,
  type SolverVsSurrogateResult,
  type TradeoffRow,
} from "./comparison-records.js";
export { readEvaluationRecord, toEvaluationRecord, encodeEvaluationRecord, isEvaluationRecordFile, type EvaluationEntryRecord, type EvaluationRecord, type SampleRecord } from "./evaluation-record.js";
export { COMPARE_DETAILS_FILE, readCompareDetails, type CompareDetails, type DatasetDetails, type DetailSample } from "./compare-details-record.js";
