// Exports of surrogates/training (re-exported by surrogates/index.ts). See docs/training.md.
export {
  LOSS_KINDS,
  trainConfigSchema,
  parseTrainConfig,
  type TrainConfig,
  type TrainConfigInput,
  type ScheduleConfig,
  type OptimizerConfig,
  type LossKind,
} from "./config.js";
export { makeLoss, relativeL2Loss, mseLoss, h1Loss, gaussianNllLoss, derivativeMatrix, meanChannels, VARIANCE_FLOOR, type LossFn, type LossContext } from "./losses.js";
export { AdamW, clipByGlobalNorm, globalNorm, type AdamWState } from "./adamw.js";
export { LrSchedule, type ScheduleState } from "./schedules.js";
export { writeCheckpoint, listCheckpoints, loadLatestCheckpoint, encodeCheckpoint, decodeCheckpoint, checkpointPath, type CheckpointFile } from "./checkpoint.js";
export { acquireLock, holderAlive, LockedError, type LockHandle, type LockRecord } from "./run-lock.js";
export { runFiles, runPath, readMetrics, readSurrogateMeta, SURROGATE_VERSION, type MetricRecord, type StepRecord, type EpochRecord, type FitRecord, type SurrogateMeta } from "./run-dir.js";
export { saveLayersModel, loadLayersModel } from "./model-files.js";
export { trainingDataFromDataset, type TrainingData, type TrainingInput } from "./data.js";
export type { TrainSource } from "./train-source.js";
export { GradientPool, type PoolModel, type PoolOptions, type PoolProfile } from "./data-parallel/gradient-pool.js";
export type { PartTimes } from "./data-parallel/step-profile.js";
export { train, evaluate, type TrainOptions, type TrainResult, type StepProgress, type EpochSummary, type FitProgress } from "./trainer.js";
