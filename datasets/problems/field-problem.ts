/**
 * The shared shape of the problems: parameters common to all (resolution, domain length,
 * boundary condition, solver, fine-grid factor, GRF parameters), a random input field drawn on
 * the solve grid from the sample's stream, a solve, and subsampling to the stored grid.
 */
import { makeGrid, requireAllFinite, sampleRng, type BoundaryCondition, type Field, type Grid, type Rng } from "../../core/index.js";
import type { ParamDoc, ParamValues, ProblemDef, ResolvedProblem } from "../problem.js";
import { gatherSpatial, refineGrid, subsampleIndices } from "../subsample.js";
import { GRF_PARAMS, requireRange, resolveParams } from "./params.js";

export interface SolveSetup {
  /** Provenance entries (pde, discretisation, solver, tolerance, ...). */
  readonly provenance: Record<string, unknown>;
  /** Draw the input channels on the solve grid (C order, channels last). */
  input(rng: Rng): Field;
  /** Solve for the output channels on the solve grid. */
  solve(input: Field): Field;
}

export interface FieldProblemSpec {
  readonly name: string;
  readonly summary: string;
  readonly dims: 1 | 2;
  readonly bcChoices: readonly BoundaryCondition[];
  readonly solverChoices: readonly string[];
  readonly defaultResolution: number;
  readonly params: readonly ParamDoc[];
  readonly inputChannels: readonly string[];
  readonly outputChannels: readonly string[];
  /** Problem-specific defaults of the common parameters (e.g. the FNO Burgers GRF, `fine`). */
  readonly defaults?: Readonly<Record<string, number | string>>;
  /** Build the solve on `solveGrid` (the stored grid refined by `fine`). */
  setup(p: ParamValues, solveGrid: Grid): SolveSetup;
}

export function commonParams(spec: Pick<FieldProblemSpec, "bcChoices" | "solverChoices" | "defaultResolution" | "defaults">): ParamDoc[] {
  const common: ParamDoc[] = [
    { name: "resolution", kind: "integer", default: spec.defaultResolution, doc: "stored points per axis" },
    { name: "length", kind: "number", default: 1, doc: "domain length L per axis" },
    { name: "bc", kind: "string", default: spec.bcChoices[0]!, choices: spec.bcChoices, doc: "boundary condition on every axis" },
    { name: "solver", kind: "string", default: spec.solverChoices[0]!, choices: spec.solverChoices, doc: "solver family" },
    { name: "fine", kind: "integer", default: 1, doc: "solve on a grid refined by this factor, then subsample (FNO recipe)" },
    ...GRF_PARAMS,
  ];
  const own = spec.defaults ?? {};
  return common.map((d) => (d.name in own ? { ...d, default: own[d.name]! } : d));
}

export function fieldProblem(spec: FieldProblemSpec): ProblemDef {
  const params = [...commonParams(spec), ...spec.params];
  return {
    name: spec.name,
    summary: spec.summary,
    params,
    resolve(given): ResolvedProblem {
      const p = resolveParams(spec.name, params, given);
      const n = requireRange("resolution", p.resolution as number, 2, 1 << 16);
      const fine = requireRange("fine", p.fine as number, 1, 64);
      requireRange("length", p.length as number, Number.MIN_VALUE);
      const grid = makeGrid({
        shape: new Array<number>(spec.dims).fill(n),
        lengths: p.length as number,
        bc: p.bc as BoundaryCondition,
      });
      const solveGrid = refineGrid(grid, fine);
      const setup = spec.setup(p, solveGrid);
      const idx = solveGrid.shape.map((nf, a) => subsampleIndices(nf, grid.bc[a]!, fine));
      const cIn = spec.inputChannels.length;
      const cOut = spec.outputChannels.length;
      return {
        name: spec.name,
        params: p,
        grid,
        inputChannels: spec.inputChannels,
        outputChannels: spec.outputChannels,
        provenance: {
          ...setup.provenance,
          solve_grid: { shape: solveGrid.shape, subsample_factor: fine, note: fine > 1 ? "solved on solve_grid, stored every fine-th point (nested)" : "solved on the stored grid" },
        },
        sample(seed, i, input, output) {
          // Never store NaN/Inf silently (e.g. parameters that overflow the input or the solve).
          const x = setup.input(sampleRng(seed, i));
          requireAllFinite(`${spec.name} sample ${i} input`, x.data);
          const y = setup.solve(x);
          requireAllFinite(`${spec.name} sample ${i} output`, y.data);
          if (fine === 1) {
            input.set(x.data);
            output.set(y.data);
          } else {
            input.set(gatherSpatial(x.data, 1, solveGrid.shape, cIn, idx));
            output.set(gatherSpatial(y.data, 1, solveGrid.shape, cOut, idx));
          }
        },
      };
    },
  };
}

/** GRF options from resolved parameters (sigma 0 → default). */
export function grfOptions(p: ParamValues): { alpha: number; tau: number; sigma?: number } {
  const sigma = p.sigma as number;
  return { alpha: p.alpha as number, tau: p.tau as number, ...(sigma !== 0 ? { sigma } : {}) };
}
