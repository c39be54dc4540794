/**
 * xarray opens stores of every problem and boundary condition (periodic, Dirichlet and, through
 * writeStore, Neumann and vertex grids) with every coordinate at its documented point position
 * (docs/conventions.md §Grids) and no value masked: the stores declare fill_value NaN, where
 * fill_value 0 made xarray read x = 0 of a periodic grid (and any exact zero) as NaN.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { makeGrid, type BoundaryCondition, type PointLayout } from "../../core/index.js";
import { PROBLEMS, generateDataset, openDataset, writeStore } from "../index.js";

const py = findPython(["zarr", "xarray", "numpy"]);
// numpy's BLAS (and torch's OpenMP) start a thread per core that spins while it waits: on shared
// cores that doubled the CPU of these small python runs (docs/testing.md). One thread each.
process.env.OPENBLAS_NUM_THREADS ??= "1";
process.env.OMP_NUM_THREADS ??= "1";
if (!py) console.warn("xarray coordinate tests SKIPPED: no python3 with xarray (apt-get install python3-xarray; CI installs it)");
const root = mkdtempSync(join(tmpdir(), "pdes-xr-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The documented positions x_j of n points on [0, L] for a layout (independent of core's code). */
function documented(layout: string, n: number, L: number): number[] {
  return Array.from({ length: n }, (_, j) =>
    layout === "interior" ? ((j + 1) * L) / (n + 1) : layout === "one-sided" ? (j * L) / n : layout === "centred" ? ((j + 0.5) * L) / n : (j * L) / (n - 1),
  );
}

const DEFAULT_LAYOUT: Record<string, string> = { periodic: "one-sided", dirichlet: "interior", neumann: "centred" };

/** What xarray sees, for every store at once (one python start): coordinates, NaN counts, data. */
const DUMP = `
import json, sys, numpy as np, xarray as xr
fin = lambda v: [None if np.isnan(x) else float(x) for x in np.asarray(v, dtype=np.float64).ravel()]  # NaN -> null (valid JSON)
res = {}
for path in json.loads(sys.stdin.read()):
    ds = xr.open_zarr(path)
    out = {"coords": {}, "nan": {}, "data": {}}
    for name in ds.coords:
        v = ds[name].values
        out["coords"][name] = {"values": fin(v), "attrs": {k: ds[name].attrs[k] for k in ("layout", "length", "bc") if k in ds[name].attrs}}
    for name in ds.data_vars:
        v = ds[name].values.astype(np.float64)
        out["nan"][name] = int(np.isnan(v).sum())
        out["data"][name] = fin(v)
    res[path] = out
print(json.dumps(res))
`;

interface XarrayView {
  /** NaN arrives as null. */
  coords: Record<string, { values: (number | null)[]; attrs: { layout?: string; length?: number; bc?: string } }>;
  nan: Record<string, number>;
  data: Record<string, (number | null)[]>;
}

function expectCoords(got: XarrayView, shape: readonly number[], bc: readonly string[], layout: readonly string[], lengths: readonly number[]): void {
  const axes = ["x", "y", "z"].slice(0, shape.length);
  expect(Object.keys(got.coords).sort()).toEqual(axes);
  axes.forEach((ax, a) => {
    const c = got.coords[ax]!;
    expect(c.attrs.bc).toBe(bc[a]);
    expect(c.attrs.layout).toBe(layout[a]);
    expect(c.values.indexOf(null), `coordinate ${ax} has NaN`).toBe(-1);
    const want = documented(layout[a]!, shape[a]!, lengths[a]!);
    expect(c.values).toHaveLength(want.length);
    c.values.forEach((v, j) => expect(Math.abs(v! - want[j]!)).toBeLessThanOrEqual(1e-14 * lengths[a]!));
  });
}

interface Case {
  label: string;
  out: string;
  /** Writes the store; returns what xarray must show. */
  write(): Promise<{ shape: number[]; bc: BoundaryCondition[]; layout: string[]; lengths: number[]; data: Record<string, number[]> }>;
}

const cases: Case[] = [];
for (const [name, def] of PROBLEMS) {
  const bcs = (def.params.find((p) => p.name === "bc")?.choices ?? ["periodic"]) as BoundaryCondition[];
  for (const bc of bcs) {
    const out = join(root, `${name}-${bc}`);
    cases.push({
      label: `${name}, ${bc}`,
      out,
      async write() {
        await generateDataset({ problem: name, params: { resolution: /2d$/.test(name) ? 7 : 12, bc }, n: 2, seed: 4, out, dtype: "float64" });
        const ds = await openDataset(out);
        const g = ds.grid!;
        expect(g.bc.every((b) => b === bc)).toBe(true);
        const data = { inputs: Array.from(await ds.read("inputs", 0, 2, "float64")), outputs: Array.from(await ds.read("outputs", 0, 2, "float64")) };
        return { shape: [...g.shape], bc: [...g.bc], layout: g.bc.map((b) => DEFAULT_LAYOUT[b]!), lengths: [...g.lengths], data };
      },
    });
  }
}
const written: Array<[string, BoundaryCondition[], PointLayout[] | undefined, number[]]> = [
  ["writeStore neumann 1-D", ["neumann"], undefined, [2]],
  ["writeStore neumann x periodic", ["neumann", "periodic"], undefined, [1, 3]],
  ["writeStore dirichlet vertex x neumann", ["dirichlet", "neumann"], ["vertex", "centred"], [1, 0.5]],
];
for (const [label, bc, layout, lengths] of written) {
  const out = join(root, label.replace(/[^a-z0-9]+/g, "-"));
  cases.push({
    label,
    out,
    async write() {
      const shape = bc.length === 1 ? [10] : [5, 6];
      const grid = makeGrid({ shape, lengths, bc, ...(layout ? { layout } : {}) });
      const pts = shape.reduce((a, b) => a * b, 1);
      // Every other value an exact zero: fill_value 0 would have masked them all.
      const x = Float64Array.from({ length: 2 * pts }, (_, i) => (i % 2 === 0 ? 0 : i / 7));
      const y = Float64Array.from(x, (v) => -v);
      await writeStore({ out, grid, inputs: { data: x, channels: ["a"] }, outputs: { data: y, channels: ["u"] }, extras: { variance: x }, generator: "test writer" });
      return { shape, bc, layout: layout ?? bc.map((b) => DEFAULT_LAYOUT[b]!), lengths, data: { inputs: Array.from(x), outputs: Array.from(y), variance: Array.from(x) } };
    },
  });
}

describe.skipIf(!py)("xarray opens every problem's store (and writeStore's grids)", () => {
  const want = new Map<string, Awaited<ReturnType<Case["write"]>>>();
  let seen: Record<string, XarrayView>;
  beforeAll(async () => {
    for (const c of cases) want.set(c.out, await c.write());
    seen = JSON.parse(runPython(py!, DUMP, JSON.stringify(cases.map((c) => c.out))));
  });
  for (const c of cases) {
    it(`${c.label}: coordinates at the documented points, nothing masked`, () => {
      const w = want.get(c.out)!;
      const got = seen[c.out]!;
      expectCoords(got, w.shape, w.bc, w.layout, w.lengths);
      expect(Object.keys(got.data).sort()).toEqual(Object.keys(w.data).sort());
      for (const [name, values] of Object.entries(w.data)) {
        expect(got.nan[name]).toBe(0);
        expect(got.data[name]).toEqual(values);
      }
    });
  }
});
