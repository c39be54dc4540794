/**
 * `pdes predict --run <run> --input <store|file.npy> --out <store|file.npy>`: apply a trained
 * surrogate. Input: a dataset store (its `inputs`) or a `.npy` array `[N, ...grid, Cin]` or
 * `[...grid, Cin]`; for a one-channel model the channel axis may be left out (`[N, ...grid]`,
 * `[...grid]`). Output: a `.npy` of the predicted means (and `--variance file.npy` for a
 * probabilistic model), or a zarr store with `inputs`, `outputs` (and `variance`).
 *
 * Safety (docs/safety.md): every output is claimed before any work (new, distinct from each
 * other and from the inputs, locked), the store's problem must be the run's, non-finite
 * predictions are refused, and the outputs are published together, atomically; a rerun after
 * a kill finishes what the killed run left.
 */
import * as fs from "node:fs";
import { Command } from "commander";
import { InvalidArgumentError, ShapeMismatchError, makeField, selectBackend, withShape, type Field } from "../../core/index.js";
import { openDataset } from "../../datasets/index.js";
import {
  claimOutputs,
  encodeNpy,
  loadSurrogate,
  readNpy,
  requireMatchingData,
  writePredictionStore,
  UNCERTAINTY_METHODS,
  type OutputItem,
  type OutputTarget,
  type UncertaintyMethod,
  type UncertaintyOptions,
} from "../../surrogates/index.js";
import { backendOption } from "../backend-option.js";

interface PredictFlags {
  run: string;
  input: string;
  out: string;
  variance?: string;
  varianceMethod?: string;
  inputVariance?: string;
  correlationLength?: string;
  backend?: string;
  quiet?: boolean;
}

const isNpy = (p: string) => p.toLowerCase().endsWith(".npy");

/**
 * The model-ready shape of an input array for a model on a d-dimensional grid with `cin`
 * channels: `[N, ...spatial, cin]` or `[...spatial, cin]`; with cin = 1 a missing trailing
 * channel axis is added. Anything else is a ShapeMismatchError naming the full expected shape.
 */
export function modelInputShape(shape: readonly number[], grid: readonly number[], cin: number): number[] {
  const d = grid.length;
  const hasChannels = shape.length >= d + 1 && shape[shape.length - 1] === cin;
  const full = hasChannels ? [...shape] : cin === 1 ? [...shape, 1] : null;
  if (full && (full.length === d + 1 || full.length === d + 2)) return full;
  const g = grid.join(", ");
  const expect = `[N, ${g}, ${cin}] or [${g}, ${cin}] (N samples, channels last${cin === 1 ? "; the channel axis may be left out: [N, " + g + "] or [" + g + "]" : ""})`;
  throw new ShapeMismatchError("--input", shape, expect);
}

export function register(program: Command): void {
  program
    .command("predict")
    .description("predict with a trained surrogate (run directory) on a store or a .npy array")
    .requiredOption("--run <run>", "run directory written by `pdes train`")
    .requiredOption("--input <path>", "dataset store (uses its inputs) or .npy array")
    .requiredOption("--out <path>", ".npy file for the predicted means, or a new store directory")
    .option("--variance <file.npy>", "also write the predicted variances (probabilistic models, or any model with --input-variance)")
    .option("--variance-method <method>", "linearized (input noise through the Jacobian; default where there is input noise) or moments (the GSNN's layer-by-layer variance)")
    .option("--input-variance <v>", "pointwise variance of the input noise, physical units (default: the model's configured noise)")
    .option("--correlation-length <l>", "Gaussian correlation length of the input noise, physical units (periodic grids; default white)")
    .addOption(backendOption())
    .option("--quiet", "no log output")
    .action(async (f: PredictFlags) => {
      if (!fs.existsSync(f.input)) throw new InvalidArgumentError("--input", f.input, "does not exist");
      if (!fs.existsSync(f.run)) throw new InvalidArgumentError("--run", f.run, "does not exist");
      if (f.variance !== undefined) {
        if (!isNpy(f.variance)) throw new InvalidArgumentError("--variance", f.variance, "must name a .npy file");
        if (!isNpy(f.out)) throw new InvalidArgumentError("--variance", f.variance, "goes with a .npy --out (a store --out holds the variances itself)");
      }
      // Uncertainty options (docs/gsnn.md §Uncertainty), checked before any output is claimed.
      const num = (flag: string, v: string | undefined): number | undefined => {
        if (v === undefined) return undefined;
        const x = Number(v);
        if (v.trim() === "" || !Number.isFinite(x)) throw new InvalidArgumentError(flag, v, "must be a number");
        return x;
      };
      const uq: UncertaintyOptions = {};
      if (f.varianceMethod !== undefined) {
        if (!(UNCERTAINTY_METHODS as readonly string[]).includes(f.varianceMethod))
          throw new InvalidArgumentError("--variance-method", f.varianceMethod, `must be one of ${UNCERTAINTY_METHODS.join(", ")}`);
        uq.method = f.varianceMethod as UncertaintyMethod;
      }
      const iv = num("--input-variance", f.inputVariance);
      if (iv !== undefined) uq.inputVariance = iv;
      const cl = num("--correlation-length", f.correlationLength);
      if (cl !== undefined) uq.correlationLength = cl;
      const targets: OutputTarget[] = [{ flag: "--out", path: f.out, kind: isNpy(f.out) ? "file" : "dir" }];
      if (f.variance !== undefined) targets.push({ flag: "--variance", path: f.variance, kind: "file" });
      const claim = claimOutputs(targets, [{ flag: "--input", path: f.input, noInside: !isNpy(f.input) }, { flag: "--run", path: f.run }], "pdes predict");
      try {
        await selectBackend(f.backend, { quiet: f.quiet ?? false });
        const s = await loadSurrogate(f.run);
        try {
          let input: Field;
          if (isNpy(f.input)) {
            const raw = readNpy(f.input);
            input = makeField(modelInputShape(raw.shape, s.grid.shape, s.inChannels), raw.data);
          } else {
            const ds = await openDataset(f.input);
            requireMatchingData(s, ds, { outputs: false });
            input = makeField([ds.n, ...ds.inputs.spatial, ds.inputs.channels], (await ds.read("inputs", 0, ds.n, "float64")) as Float64Array);
          }
          const wantVar = f.variance !== undefined || (!isNpy(f.out) && (s.info.probabilistic || iv !== undefined));
          const pred = wantVar ? await s.predictWithUncertainty(input, uq) : { mean: await s.predict(input), variance: undefined };
          const items: OutputItem[] = [];
          if (isNpy(f.out)) {
            items.push({ path: f.out, data: encodeNpy(pred.mean) });
            if (f.variance !== undefined && pred.variance) items.push({ path: f.variance, data: encodeNpy(pred.variance) });
          } else {
            const batched = input.shape.length === s.grid.shape.length + 2;
            const lead = (x: Field): Field => (batched ? x : makeField([1, ...x.shape], x.data));
            const spatial = input.shape.slice(batched ? 1 : 0, -1);
            const variance = pred.variance;
            items.push({
              path: f.out,
              build: (tmp) =>
                writePredictionStore(
                  tmp,
                  { inputs: lead(input), outputs: lead(pred.mean), ...(variance ? { variance: lead(variance) } : {}) },
                  withShape(s.grid, spatial),
                  {
                    model: s.kind,
                    problem: typeof s.problem.problem === "string" ? s.problem.problem : null,
                    ...(Array.isArray(s.problem.input_channels) ? { inputChannels: s.problem.input_channels as string[] } : {}),
                    ...(Array.isArray(s.problem.output_channels) ? { outputChannels: s.problem.output_channels as string[] } : {}),
                  },
                ),
            });
          }
          await claim.publish(items);
          if (!f.quiet) process.stderr.write(`predicted ${input.shape.length === s.grid.shape.length + 2 ? input.shape[0] : 1} sample(s) with ${s.kind}; wrote ${f.out}\n`);
        } finally {
          s.dispose();
        }
      } finally {
        claim.release();
      }
    });
}
