/**
 * What the training loop consumes: datasets' pipeline over the run's data — the seeded
 * train/validation split, the fitted per-channel normaliser (a resumed run keeps the one it
 * started with), normalised float32 batches by sample index, read ahead and held within the
 * run's memory budget (`memoryBudgetMiB`, docs/training.md).
 */
import { memorySamples, openPipeline, type Normalizer, type Pipeline } from "../../datasets/index.js";
import type { TrainConfig } from "./config.js";
import { isSampleSet, type TrainingInput } from "./data.js";

export type TrainSource = Pipeline;

export function openTrainSource(data: TrainingInput, cfg: Pick<TrainConfig, "seed" | "validationFraction" | "normalize" | "memoryBudgetMiB">, stored?: Normalizer): Promise<TrainSource> {
  return openPipeline(isSampleSet(data) ? data : memorySamples(data), {
    seed: cfg.seed,
    validationFraction: cfg.validationFraction,
    normalize: cfg.normalize,
    ...(stored ? { normalizer: stored } : {}),
    memoryBudget: cfg.memoryBudgetMiB * 2 ** 20,
  });
}
