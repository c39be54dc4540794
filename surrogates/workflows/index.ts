// Public exports of surrogates/workflows (re-exported by surrogates/index.ts): the end-to-end
// runs that the CLI and the benches share — quickstart, compare, solver vs surrogate, the GSNN
// claims. They compose training, evaluation and reports; nothing below them imports them.
export { QUICKSTART_DEFAULTS, QUICKSTART_MODEL_CONFIGS, QUICKSTART_OUTPUTS, quickstartSizes, runQuickstart, type QuickstartOptions, type QuickstartResult } from "./quickstart.js";
export { compareDetails, compareRunDir, type CompareDetailsOptions } from "./compare-details.js";
export { runCompare, type CompareHooks } from "./compare.js";
export { prolongDirichlet2d, solverSettings, type SolverSetting } from "./solver-settings.js";
export { runSolverVsSurrogate, settingPredictor, type SolverVsSurrogateOptions } from "./solver-vs-surrogate.js";
export { BENCH_MODEL_CONFIGS, BENCH_PROBLEMS, benchSurrogates, runBenchSurrogates, type BenchSurrogatesOptions, type BenchSurrogatesRunOptions } from "./bench-surrogates.js";
export { runGsnnClaims, type ClaimsOptions } from "./gsnn-claims.js";
export { relativesClaims, RELATIVE_BASELINES, type RelativesClaimsInput } from "./relatives-claims.js";
export { CALIBRATION_DEFAULTS, runCalibrationComparison, type CalibrationOptions, type CalibrationResult, type CalibrationRow } from "./calibration-comparison.js";
export { checkInputModes, completeSavedCalibration, rescoreSavedCalibration, type InputModesCheck, type RescoreResult, type ZSummary } from "./calibration-rescore.js";
