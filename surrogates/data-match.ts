/**
 * Is this data for this run? Before a run predicts on, is evaluated on, or is compared on a
 * store, the store's problem, domain and channels must be the run's (docs/safety.md §Right
 * data): a heat1d run scored on a poisson1d store would otherwise produce a plausible-looking
 * table. Checked: the problem name (when both record one), the grid's dimension, lengths,
 * boundary conditions and point layouts (the resolution may differ: resolution transfer is
 * checked by the model), the channel counts and, when both record them, the channel names.
 * A mismatch is a DatasetFormatError naming the store (exit 65 in the CLI).
 */
import { axisLayout, DatasetFormatError, type Grid } from "../core/index.js";

/** What a run (or a training store) says it was made for. */
export interface ProblemView {
  /** Attributes of the training store (surrogate.json's `problem`, or a store's root attributes). */
  problem: Readonly<Record<string, unknown>>;
  grid: Grid;
  inChannels: number;
  outChannels: number;
}

/** What a data source offers (datasets' Dataset has this shape). */
export interface DataView {
  path: string;
  attrs: Readonly<Record<string, unknown>>;
  grid: Grid | undefined;
  inputs: { readonly spatial: readonly number[]; readonly channels: number };
  outputs: { readonly spatial: readonly number[]; readonly channels: number };
}

const problemName = (attrs: Readonly<Record<string, unknown>>): string | undefined => (typeof attrs.problem === "string" ? attrs.problem : undefined);

const names = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined);

const fmt = (a: readonly unknown[]): string => `[${a.join(", ")}]`;

/**
 * Throws unless `data` holds the problem `run` was made for. `outputs`: the data's outputs are
 * used too (evaluation, comparison), so they must match as well.
 */
export function requireMatchingData(run: ProblemView, data: DataView, opts: { outputs: boolean; runLabel?: string }): void {
  const label = opts.runLabel ?? "the run";
  const fail = (what: string): never => {
    throw new DatasetFormatError(what, data.path);
  };
  const want = problemName(run.problem);
  const have = problemName(data.attrs);
  if (want !== undefined && have !== undefined && want !== have) fail(`holds ${have} data, but ${label} was trained on ${want}`);
  const d = run.grid.shape.length;
  if (data.inputs.spatial.length !== d) fail(`has ${data.inputs.spatial.length}-D inputs ${fmt(data.inputs.spatial)}, but ${label} is ${d}-D`);
  const g = data.grid;
  if (g !== undefined) {
    if (g.shape.length !== d) fail(`has a ${g.shape.length}-D grid, but ${label} is ${d}-D`);
    for (let a = 0; a < d; a++) {
      if (g.bc[a] !== run.grid.bc[a]) fail(`has boundary conditions ${fmt(g.bc)}, but ${label} has ${fmt(run.grid.bc)}`);
      if (Math.abs(g.lengths[a]! - run.grid.lengths[a]!) > 1e-12 * Math.abs(run.grid.lengths[a]!))
        fail(`has domain lengths ${fmt(g.lengths)}, but ${label} has ${fmt(run.grid.lengths)}`);
      if (axisLayout(g, a) !== axisLayout(run.grid, a))
        fail(`stores its points as ${fmt(g.shape.map((_, i) => axisLayout(g, i)))}, but ${label} as ${fmt(run.grid.shape.map((_, i) => axisLayout(run.grid, i)))}`);
    }
  }
  if (data.inputs.channels !== run.inChannels) fail(`has ${data.inputs.channels} input channel(s), but ${label} takes ${run.inChannels}`);
  const ni = [names(run.problem.input_channels), names(data.attrs.input_channels)];
  if (ni[0] && ni[1] && ni[0].join("\u0000") !== ni[1].join("\u0000")) fail(`has input channels ${fmt(ni[1])}, but ${label} has ${fmt(ni[0])}`);
  if (!opts.outputs) return;
  if (data.outputs.channels !== run.outChannels) fail(`has ${data.outputs.channels} output channel(s), but ${label} predicts ${run.outChannels}`);
  const no = [names(run.problem.output_channels), names(data.attrs.output_channels)];
  if (no[0] && no[1] && no[0].join("\u0000") !== no[1].join("\u0000")) fail(`has output channels ${fmt(no[1])}, but ${label} has ${fmt(no[0])}`);
}
