/**
 * What `pdes compare` runs: models × datasets × training-set sizes × seeds, one strict zod
 * schema (an unknown key or a wrong type is one error line naming the key). Every gradient-
 * trained model gets the same budget (epochs, batch size, learning rate and schedule); ridge is
 * fitted in closed form. The budget is printed with the results.
 */
import { z } from "zod";
import { checkModelConfig, modelKindSchema } from "../model-registry.js";
import { BACKEND_PREFERENCES, InvalidArgumentError, resolveBackendPreference, type BackendPreference } from "../../core/index.js";

const modelSchema = z.strictObject({
  /** Label in tables and plots. Default: the kind. */
  name: z.string().min(1).optional(),
  kind: modelKindSchema(),
  modelConfig: z.record(z.string(), z.unknown()).default({}),
});

const datasetSchema = z.strictObject({
  name: z.string().min(1).optional(),
  /** Store the training samples are taken from (the first n_train samples). */
  train: z.string().min(1),
  /** Held-out store for the test metrics (generated with another seed). */
  test: z.string().min(1),
});

export const compareSpecSchema = z.strictObject({
  datasets: z.array(datasetSchema).min(1),
  models: z.array(modelSchema).min(1),
  nTrain: z.array(z.number().int().min(2)).min(1),
  seeds: z.array(z.number().int().min(0).max(0xffffffff)).min(1),
  epochs: z.number().int().positive().default(50),
  batchSize: z.number().int().positive().default(16),
  lr: z.number().positive().default(1e-3),
  /** Test samples used from each test store (first ones). Default: all. */
  testSamples: z.number().int().positive().optional(),
  /** Unset: PDES_BACKEND, else "cpu" (reproducible errors). */
  backend: z.enum(BACKEND_PREFERENCES as unknown as [BackendPreference, ...BackendPreference[]]).optional(),
  ridgeLambda: z.number().nonnegative().default(1e-6),
});

/** A parsed spec: the backend is always resolved (core's resolveBackendPreference). */
export type CompareSpec = Omit<z.output<typeof compareSpecSchema>, "backend"> & { backend: BackendPreference };
export type CompareSpecInput = z.input<typeof compareSpecSchema>;

export function parseCompareSpec(raw: unknown): CompareSpec {
  const r = compareSpecSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = ["spec", ...issue.path.map(String)].join(".");
    if (issue.code === "unrecognized_keys") throw new InvalidArgumentError(`${path}.${issue.keys[0]}`, issue.keys[0], "is not a known compare key");
    throw new InvalidArgumentError(path, valueAt(raw, issue.path), issue.message.replace(/^Invalid input: /, "invalid: "));
  }
  r.data.models.forEach((m, i) => checkModelConfig(m.kind, m.modelConfig, `spec.models.${i}.modelConfig`));
  return { ...r.data, backend: resolveBackendPreference(r.data.backend, "cpu", "spec.backend") };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** One line stating the training budget every model got. */
export function budgetLine(spec: CompareSpec): string {
  return (
    `budget: every gradient-trained model gets ${spec.epochs} epochs over its n_train samples, batch ${spec.batchSize}, ` +
    `Adam lr ${spec.lr} with cosine decay, no validation split (the final weights are scored); ridge (λ = ${spec.ridgeLambda}), rbf and kernel are fitted in closed form; ` +
    `backend ${spec.backend}`
  );
}
