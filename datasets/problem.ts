/**
 * What a dataset problem is: a named, parameterised map from a random input field to the
 * solution of a PDE, sampled one pair at a time from the stream (seed, i).
 */
import type { Grid } from "../core/index.js";

/** A documented parameter of a problem (also becomes a `pdes generate --<name>` option). */
export interface ParamDoc {
  readonly name: string;
  readonly kind: "number" | "integer" | "string";
  readonly default: number | string;
  readonly doc: string;
  readonly choices?: readonly string[];
}

export type ParamValues = Readonly<Record<string, number | string>>;

/** A problem with every parameter fixed: generates sample pairs on its stored grid. */
export interface ResolvedProblem {
  readonly name: string;
  /** All parameters, defaults filled in (JSON-safe; stored in the dataset's attributes). */
  readonly params: ParamValues;
  /** The grid the samples are stored on. */
  readonly grid: Grid;
  readonly inputChannels: readonly string[];
  readonly outputChannels: readonly string[];
  /** Provenance: PDE, discretisation, solver, tolerance... enough to re-solve a sample. */
  readonly provenance: Readonly<Record<string, unknown>>;
  /**
   * Further per-sample arrays shaped like the output (e.g. a prediction's "variance"), stored
   * beside `outputs` under these names. Generated problems have none.
   */
  readonly extraOutputs?: readonly string[];
  /**
   * Fill sample i of a dataset seeded with `seed`: `input` [...grid.shape, C_in] and `output`
   * [...grid.shape, C_out], channels last, C order (and each of `extras`, in `extraOutputs`
   * order, shaped like `output`). Depends only on (seed, i).
   */
  sample(seed: number, i: number, input: Float64Array, output: Float64Array, extras?: readonly Float64Array[]): void;
}

export interface ProblemDef {
  readonly name: string;
  readonly summary: string;
  readonly params: readonly ParamDoc[];
  /** Validate `params` (missing ones take their defaults) and fix the problem. */
  resolve(params: Readonly<Record<string, unknown>>): ResolvedProblem;
}
