/**
 * The training configuration: one strict zod schema, so an unknown key or a wrong type is
 * rejected before anything is written (the CLI merges `--config file.json` with its flags and
 * parses once). `parseTrainConfig` turns the first zod issue into one line naming the key.
 */
import { z } from "zod";
import { checkModelConfig, modelKindSchema } from "../model-registry.js";
import { BACKEND_PREFERENCES, InvalidArgumentError, resolveBackendPreference, type BackendPreference } from "../../core/index.js";

export const LOSS_KINDS = ["rel-l2", "rel-l2-normalized", "mse", "h1", "nll"] as const;

const optimizerSchema = z.strictObject({
  name: z.enum(["adam", "adamw"]).default("adam"),
  beta1: z.number().gt(0).lt(1).default(0.9),
  beta2: z.number().gt(0).lt(1).default(0.999),
  epsilon: z.number().positive().default(1e-8),
  /** Decoupled weight decay (AdamW); must be 0 for plain Adam. */
  weightDecay: z.number().nonnegative().default(0),
});

const scheduleSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("constant") }),
  /** lr · gamma^floor(epoch / stepSize). */
  z.strictObject({ kind: z.literal("step"), stepSize: z.number().int().positive(), gamma: z.number().gt(0).lte(1).default(0.5) }),
  /** Cosine annealing per step from lr down to minLr over the whole run. */
  z.strictObject({ kind: z.literal("cosine"), minLr: z.number().nonnegative().default(0) }),
  /** Multiply by factor after `patience` epochs without a relative validation improvement > threshold. */
  z.strictObject({
    kind: z.literal("plateau"),
    factor: z.number().gt(0).lt(1).default(0.5),
    patience: z.number().int().nonnegative().default(5),
    threshold: z.number().nonnegative().default(1e-4),
    minLr: z.number().nonnegative().default(0),
  }),
]);

const earlyStoppingSchema = z.strictObject({
  patience: z.number().int().positive(),
  minDelta: z.number().nonnegative().default(0),
});

export const trainConfigSchema = z.strictObject({
  /** Dataset store (a directory). */
  data: z.string().min(1),
  /** Run directory to create. */
  out: z.string().min(1),
  /** A kind registered in the model registry (registerModelKind). */
  model: modelKindSchema(),
  /** Options passed to the model builder (validated by the builder itself). */
  modelConfig: z.record(z.string(), z.unknown()).default({}),
  epochs: z.number().int().positive().default(20),
  batchSize: z.number().int().positive().default(16),
  lr: z.number().positive().default(1e-3),
  optimizer: optimizerSchema.default({ name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }),
  schedule: scheduleSchema.default({ kind: "constant" }),
  /** Default: "nll" for probabilistic models, else "rel-l2". */
  loss: z.enum(LOSS_KINDS).optional(),
  /** Clip gradients to this global L2 norm. */
  clipNorm: z.number().positive().optional(),
  seed: z.number().int().min(0).max(0xffffffff).default(0),
  /** tfjs backend (core/backend.ts); determinism is promised on "cpu". Unset: PDES_BACKEND, else auto. */
  backend: z.enum(BACKEND_PREFERENCES as unknown as [BackendPreference, ...BackendPreference[]]).optional(),
  /** Fraction of the samples held out for validation (0: none). */
  validationFraction: z.number().min(0).lt(1).default(0.2),
  earlyStopping: earlyStoppingSchema.optional(),
  /** Write a checkpoint every this many optimizer steps (and at every epoch end). */
  checkpointEvery: z.number().int().positive().default(100),
  /** Ridge regularisation relative to mean(diag XᵀX) (model "ridge" only; operators' fitRidge). */
  ridgeLambda: z.number().nonnegative().default(1e-8),
  /** Threads computing each batch's gradient (data-parallel, wasm or cpu; docs/training.md). */
  workers: z.number().int().positive().default(1),
  /** Per-channel standardisation of inputs and outputs. */
  normalize: z.boolean().default(true),
  /** Memory for cached samples while training (MiB): the store is streamed through this budget. */
  memoryBudgetMiB: z.number().positive().default(512),
});

/** A parsed config: the backend is always resolved (core's resolveBackendPreference). */
export type TrainConfig = Omit<z.output<typeof trainConfigSchema>, "backend"> & { backend: BackendPreference };
export type TrainConfigInput = z.input<typeof trainConfigSchema>;
export type ScheduleConfig = TrainConfig["schedule"];
export type OptimizerConfig = TrainConfig["optimizer"];
export type LossKind = (typeof LOSS_KINDS)[number];

/** Validate a raw config; throws InvalidArgumentError with a one-line message naming the key. */
export function parseTrainConfig(raw: unknown): TrainConfig {
  const r = trainConfigSchema.safeParse(raw);
  if (!r.success) throw configError(r.error.issues[0]!, raw);
  const c: TrainConfig = { ...r.data, backend: resolveBackendPreference(r.data.backend, "auto", "config.backend") };
  checkModelConfig(c.model, c.modelConfig);
  if (c.optimizer.name === "adam" && c.optimizer.weightDecay !== 0)
    throw new InvalidArgumentError("config.optimizer.weightDecay", c.optimizer.weightDecay, 'must be 0 for "adam" (use "adamw")');
  return c;
}

function configError(issue: z.core.$ZodIssue, raw: unknown): InvalidArgumentError {
  const path = ["config", ...issue.path.map(String)].join(".");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    return new InvalidArgumentError(`${path}.${key}`, valueAt(raw, [...issue.path, key]), "is not a known config key");
  }
  const value = valueAt(raw, issue.path);
  if (value === undefined) return new InvalidArgumentError(path, value, "is required");
  return new InvalidArgumentError(path, value, issue.message.replace(/^Invalid input: /, "invalid: "));
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
