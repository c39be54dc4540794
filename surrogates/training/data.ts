/**
 * The trainer's data: an opened store (streamed through datasets' bounded-memory pipeline) or
 * samples already in memory (`TrainingData`, e.g. from `trainingDataFromDataset`). Both go
 * through the same pipeline, so a run gives the same losses either way.
 */
import { readAllSamples, type InMemorySamples, type SampleSet } from "../../datasets/index.js";

/** Samples in memory: `[count, ...grid.shape, C]` float32 inputs and outputs, physical units. */
export type TrainingData = InMemorySamples;

/** What `train` accepts: an opened store (any `SampleSet`, streamed) or samples in memory. */
export type TrainingInput = TrainingData | SampleSet;

export function isSampleSet(d: TrainingInput): d is SampleSet {
  return typeof (d as SampleSet).read === "function";
}

/** Read a whole store into memory (small data, closed-form experiments; training itself streams). */
export function trainingDataFromDataset(ds: SampleSet): Promise<TrainingData> {
  return readAllSamples(ds);
}
