/**
 * Defaults per known source (docs/datasets.md §Importing): which arrays are the input and the
 * output, their axes, the snapshots taken, the boundary conditions and point layout, the
 * coordinate arrays, channel names and a description of the problem. Every default can be
 * overridden by a flag; a source is recognised by its format and the names of its arrays.
 */
import type { BoundaryCondition, PointLayout } from "../../core/index.js";
import type { ArraySource, SourceFormat } from "./array-source.js";
import type { FieldSpec } from "./field-mapping.js";

export interface SourcePreset {
  readonly name: string;
  readonly summary: string;
  readonly input: readonly FieldSpec[];
  readonly output: readonly FieldSpec[];
  readonly inputTimes?: readonly number[];
  readonly outputTimes?: readonly number[];
  readonly bc?: BoundaryCondition;
  readonly layout?: PointLayout;
  /** Coordinate array per spatial axis (HDF5); a per-sample one is read for sample 0. */
  readonly coords?: readonly string[];
  readonly inputChannels?: readonly string[];
  readonly outputChannels?: readonly string[];
  /** Problem name recorded in the store. */
  readonly problem: string;
  readonly pde?: string;
  /** Does this source describe these files? */
  detect(format: SourceFormat, names: ReadonlySet<string>, shapes: (name: string) => number[]): boolean;
}

export const SOURCES: readonly SourcePreset[] = [
  {
    name: "neuralop-darcy",
    summary: "neuraloperator's small Darcy sets (darcy_{train,test}_{16,32}.pt): x = coefficient (0/1), y = solution",
    input: [{ name: "x", axes: "nxy" }],
    output: [{ name: "y", axes: "nxy" }],
    bc: "dirichlet",
    // u ≈ 0 on row and column 0 but not on the last ones: x_j = j/n (docs/conventions.md §Grids).
    layout: "one-sided",
    inputChannels: ["a"],
    outputChannels: ["u"],
    problem: "darcy2d-neuralop",
    pde: "-div(a grad u) = f on (0,1)^2, u = 0 on the boundary; a stored as a 0/1 field (neuraloperator casts it to float), u the solution",
    detect: (f, names, shapes) => f === "torch" && names.has("x") && names.has("y") && shapes("x").length === 3 && shapes("y").length === 3,
  },
  {
    name: "pdebench-darcy",
    summary: "PDEBench 2D Darcy flow (2D_DarcyFlow_*.hdf5): nu = coefficient, tensor = solution",
    input: [{ name: "nu", axes: "nxy" }],
    output: [{ name: "tensor", axes: "n1xy" }],
    bc: "dirichlet",
    coords: ["x-coordinate", "y-coordinate"],
    inputChannels: ["a"],
    outputChannels: ["u"],
    problem: "darcy2d-pdebench",
    pde: "-div(a grad u) = beta on the unit square, u = 0 on the boundary (PDEBench)",
    detect: (f, names, shapes) => f === "hdf5" && names.has("nu") && names.has("tensor") && shapes("tensor").length === 4,
  },
  {
    name: "pdebench-cfd",
    summary: "PDEBench compressible Navier–Stokes (density, Vx, Vy[, Vz], pressure): first snapshot → last",
    input: [{ name: "density", axes: "ntxy" }, { name: "Vx", axes: "ntxy" }, { name: "Vy", axes: "ntxy" }, { name: "pressure", axes: "ntxy" }],
    output: [{ name: "density", axes: "ntxy" }, { name: "Vx", axes: "ntxy" }, { name: "Vy", axes: "ntxy" }, { name: "pressure", axes: "ntxy" }],
    inputTimes: [0],
    outputTimes: [-1],
    bc: "periodic",
    coords: ["x-coordinate", "y-coordinate"],
    problem: "cfd2d-pdebench",
    detect: (f, names, shapes) => f === "hdf5" && ["density", "Vx", "Vy", "pressure"].every((k) => names.has(k)) && shapes("density").length === 4,
  },
  {
    name: "pdebench-tensor",
    summary: "PDEBench time series in one array (tensor [N, T, x(, y)]: advection, Burgers, 1D reaction–diffusion...): first snapshot → last",
    input: [{ name: "tensor", axes: "ntx" }],
    output: [{ name: "tensor", axes: "ntx" }],
    inputTimes: [0],
    outputTimes: [-1],
    bc: "periodic",
    coords: ["x-coordinate"],
    inputChannels: ["u0"],
    outputChannels: ["uT"],
    problem: "timeseries1d-pdebench",
    detect: (f, names, shapes) => f === "hdf5" && names.has("tensor") && !names.has("nu") && shapes("tensor").length === 3,
  },
  {
    name: "pdebench-groups",
    summary: "PDEBench per-sample groups (0000/data [T, x, y, C], 0000/grid/x...: 2D diffusion–reaction, shallow water): first snapshot → last",
    input: [{ name: "*/data", axes: "ntxyc" }],
    output: [{ name: "*/data", axes: "ntxyc" }],
    inputTimes: [0],
    outputTimes: [-1],
    bc: "neumann",
    coords: ["*/grid/x", "*/grid/y"],
    problem: "timeseries2d-pdebench",
    detect: (f, names, shapes) => f === "hdf5" && names.has("*/data") && shapes("*/data").length === 5,
  },
];

export function getSource(name: string): SourcePreset | undefined {
  return SOURCES.find((s) => s.name === name);
}

/** The known source these files come from, if one matches. */
export function detectSource(sources: readonly ArraySource[]): SourcePreset | undefined {
  const names = new Set(sources.flatMap((s) => s.names()));
  const owner = (n: string) => sources.find((s) => s.names().includes(n))!;
  const shapes = (n: string) => (names.has(n) ? owner(n).shape(n) : []);
  const formats = new Set(sources.map((s) => s.format));
  if (formats.size !== 1) return undefined;
  return SOURCES.find((p) => p.detect([...formats][0]!, names, shapes));
}
