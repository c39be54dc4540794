// Public exports of datasets/. Other areas import only this file. See docs/datasets.md.
export { makeGrf, type Grf, type GrfOptions } from "./grf.js";
export type { ParamDoc, ParamValues, ProblemDef, ResolvedProblem } from "./problem.js";
export { PROBLEMS, getProblem, problemNames } from "./problems/registry.js";
export {
  generateDataset,
  resolveGenerate,
  parseShard,
  shardChunks,
  type GenerateOptions,
  type GenerateResult,
  type Shard,
} from "./generate.js";
export { GENERATOR_VERSION, type DatasetSpec, type SpecRecord } from "./layout.js";
export type { StoreCompressor, StoreDType, ZarrFormat } from "./zarr-meta.js";
export { openDataset, type Dataset, type ArrayInfo, type ArrayName, type ReadDType } from "./dataset.js";
export { verifyStore, storeInfo, type VerifyReport, type StoreInfo } from "./verify.js";
export { refineGrid, fineCount, subsampleIndices, subsampleGrid, gatherSpatial } from "./subsample.js";
export {
  channelStats,
  normalizeValues,
  denormalizeMean,
  denormalizeVariance,
  parseNormalizer,
  saveNormalizer,
  loadNormalizer,
  type ChannelStats,
  type Normalizer,
} from "./normalizer.js";
export { splitRange, splitIndices, type SampleRange, type Splits } from "./splits.js";
export { memorySamples, firstSamples, readAllSamples, type SampleSet, type InMemorySamples } from "./samples.js";
export { openPipeline, Pipeline, DEFAULT_MEMORY_BUDGET, type PipelineOptions, type Batch, type EpochOptions } from "./pipeline.js";
export type { DataFingerprint } from "./pipeline-scan.js";
// Low-level store primitives (atomic writes, chunk encoding and checked reads), for importers and benchmarks.
export { writeFileAtomic, writeFileAtomicSync, removeStaleTemps, type AtomicWriteOptions } from "./atomic-write.js";
export { writeStore, type StoreArray, type WriteStoreOptions } from "./store-writer.js";
export {
  encodeChunk,
  decodeChunk,
  readCheckedChunk,
  readCheckedChunks,
  writeChunkAtomic,
  sha256,
  sha256Async,
  type ChunkRecord,
} from "./chunk-io.js";
// Importing published data (torch .pt, numpy .npy/.npz, HDF5) into checksummed stores.
export { importDataset, IMPORTER_VERSION, type ImportOptions, type ImportResult } from "./import/import-dataset.js";
export { SOURCES as IMPORT_SOURCES, type SourcePreset } from "./import/sources.js";
export { openArraySource, type ArraySource, type AxisPick, type SourceFormat } from "./import/array-source.js";
export { parseAxes, type FieldSpec } from "./import/field-mapping.js";
export { rawToFloat64, type RawArray, type RawDType } from "./import/raw-array.js";
