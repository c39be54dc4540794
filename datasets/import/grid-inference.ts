/**
 * The grid of imported data: per axis a boundary condition (given, or the source's default),
 * and the point layout and domain length, from flags or read off a coordinate array
 * (docs/conventions.md §Grids). With coordinates x_j = x₀ + j·h: x₀ = h/2 → cell centres,
 * x₀ = h → interior points, x₀ = 0 → one-sided (periodic) or vertex (otherwise), any other
 * x₀ ≡ h/2 (mod h) → cell centres of a domain starting at x₀ − h/2; a given
 * length or layout settles the rest, and the origin x₀ − offset·h is recorded. Coordinates that
 * are not uniform, or that contradict a given length or layout, are an error naming the array.
 */
import {
  DatasetFormatError,
  InvalidArgumentError,
  LAYOUTS_BY_BC,
  defaultLayout,
  layoutCells,
  makeGrid,
  type BoundaryCondition,
  type Grid,
  type PointLayout,
} from "../../core/index.js";

export interface AxisGridOptions {
  readonly n: number;
  readonly bc: BoundaryCondition;
  readonly layout?: PointLayout;
  readonly length?: number;
  /** Coordinates of the stored points, with the array's name and file for errors. */
  readonly coords?: { values: Float64Array; name: string; file: string };
}

export interface AxisGrid {
  readonly layout: PointLayout;
  readonly length: number;
  readonly origin: number;
  /** How the layout and length were found (stored in the attributes). */
  readonly how: string;
}

const OFFSET: Readonly<Record<PointLayout, number>> = { interior: 1, centred: 0.5, "one-sided": 0, vertex: 0 };

export function inferAxis(axis: number, o: AxisGridOptions): AxisGrid {
  const allowed = LAYOUTS_BY_BC[o.bc];
  if (o.layout && !allowed.includes(o.layout))
    throw new InvalidArgumentError(`layout[${axis}]`, o.layout, `must be one of ${allowed.join(", ")} on a ${o.bc} axis`);
  if (!o.coords) {
    const layout = o.layout ?? defaultLayout(o.bc);
    return { layout, length: o.length ?? 1, origin: 0, how: `${o.layout ? "given" : `${o.bc} default`} layout, ${o.length !== undefined ? "given" : "default"} length` };
  }
  const { values: x, name, file } = o.coords;
  const fail = (msg: string): never => {
    throw new DatasetFormatError(`coordinate array ${name}: ${msg}`, file);
  };
  if (x.length !== o.n) fail(`has ${x.length} points, the data ${o.n} along axis ${axis}`);
  if (o.n < 2) {
    const layout = o.layout ?? defaultLayout(o.bc);
    return { layout, length: o.length ?? 1, origin: 0, how: "one point: given or default layout and length" };
  }
  const h = (x[o.n - 1]! - x[0]!) / (o.n - 1);
  if (!(h > 0)) fail("is not increasing");
  const tol = 1e-5 * h; // coordinates stored as float32 are uniform to ~1e-7 relative
  for (let j = 1; j < o.n; j++) if (Math.abs(x[j]! - x[j - 1]! - h) > tol) fail(`is not uniform (step ${x[j]! - x[j - 1]!} at ${j}, mean ${h})`);
  const near = (a: number, b: number) => Math.abs(a - b) <= tol;
  let layout: PointLayout | undefined = o.layout;
  if (!layout && o.length !== undefined) {
    const fits = allowed.filter((l) => near(layoutCells(o.n, l) * h, o.length!));
    // One-sided and centred span the same n·h: the first point tells them apart (x₀ ≡ 0 or h/2 mod h).
    const frac = x[0]! / h - Math.floor(x[0]! / h + 1e-6);
    layout = fits.length === 1 ? fits[0] : fits.find((l) => near(OFFSET[l] * h, frac * h));
    if (!layout) fail(`spacing ${h} does not fit length ${o.length} with any ${o.bc} layout (${allowed.join(", ")})`);
  }
  if (!layout) {
    const byStart = allowed.filter((l) => near(x[0]!, OFFSET[l] * h));
    layout = byStart.includes("one-sided") && o.bc !== "periodic" && allowed.includes("vertex") ? "vertex" : byStart[0];
    // Another origin: points at x₀ + (j + ½)h are cell centres wherever the domain starts.
    const frac = x[0]! / h - Math.floor(x[0]! / h);
    if (!layout && allowed.includes("centred") && Math.abs(frac - 0.5) * h <= tol) layout = "centred";
    if (!layout) fail(`starts at ${x[0]} with step ${h}: give the layout (--layout) or the domain length (--length)`);
  }
  const length = layoutCells(o.n, layout!) * h;
  if (o.length !== undefined && !near(length, o.length)) fail(`spans length ${length} as ${layout} points, not the given ${o.length}`);
  const origin = x[0]! - OFFSET[layout!] * h;
  return { layout: layout!, length: o.length ?? length, origin: Math.abs(origin) <= tol ? 0 : origin, how: `from ${name}` };
}

export function inferGrid(axes: readonly AxisGridOptions[]): { grid: Grid; axes: AxisGrid[] } {
  const r = axes.map((a, k) => inferAxis(k, a));
  const grid = makeGrid({ shape: axes.map((a) => a.n), lengths: r.map((a) => a.length), bc: axes.map((a) => a.bc), layout: r.map((a) => a.layout) });
  return { grid, axes: r };
}
