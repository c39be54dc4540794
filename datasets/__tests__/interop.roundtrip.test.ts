import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { generateDataset, openDataset } from "../index.js";

const py = findPython(["zarr", "numpy"]);
// numpy's BLAS (and torch's OpenMP) start a thread per core that spins while it waits: on shared
// cores that doubled the CPU of these small python runs (docs/testing.md). One thread each.
process.env.OPENBLAS_NUM_THREADS ??= "1";
process.env.OMP_NUM_THREADS ??= "1";
if (!py) console.warn("interop tests SKIPPED: no python3 with zarr and numpy (apt-get install python3-zarr python3-numpy; CI installs them)");
const pyScipy = findPython(["zarr", "numpy", "scipy"]);
if (!pyScipy) console.warn("scipy re-solve test SKIPPED: no python3 with zarr, numpy and scipy (apt-get install python3-scipy)");
const pyXarray = findPython(["zarr", "xarray"]);
if (!pyXarray) console.warn("xarray test SKIPPED: no python3 with xarray (optional; apt-get install python3-xarray)");
const root = mkdtempSync(join(tmpdir(), "pdes-interop-"));

/** Python that writes a store with zarr-python into `out` and keeps its values' bytes in written_<compressor>. */
function writeByPython(out: string, compressor: string): string {
  return `
import json, zarr, numpy as np
g = zarr.open_group(${JSON.stringify(out)}, mode="w")
g.attrs["problem"] = "custom"
g.attrs["grid"] = {"shape": [6, 5], "lengths": [1, 1], "bc": ["periodic", "periodic"]}
kw = {} if "${compressor}" == "default" else {"compressor": None}
x = np.sin(np.arange(7 * 6 * 5 * 2, dtype=np.float64)).reshape(7, 6, 5, 2).astype(np.float32)
y = np.cos(np.arange(7 * 6 * 5, dtype=np.float64)).reshape(7, 6, 5, 1)
g.create_dataset("inputs", data=x, chunks=(3, 6, 5, 2), **kw)
g.create_dataset("outputs", data=y, chunks=(3, 6, 5, 1), **kw)
written_${compressor} = {"x": x.tobytes().hex(), "y": y.tobytes().hex()}
`;
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hex = (a: Float32Array | Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

/**
 * What zarr-python sees of each store, opened with consolidated metadata ("1") and without ("0"),
 * all stores in one python run (a python start with zarr and numpy costs about 0.35 s of CPU): per
 * array shape, chunks, dtype, raw bytes (hex), attrs; root attrs.
 */
const DUMP = `
import json, sys, zarr
views = {}
for path in json.loads(sys.argv[1]):
    views[path] = {}
    for consolidated in ("1", "0"):
        g = zarr.open_consolidated(path, mode="r") if consolidated == "1" else zarr.open_group(path, mode="r")
        out = {"attrs": g.attrs.asdict(), "arrays": {}}
        for name, a in g.arrays():
            out["arrays"][name] = {"shape": list(a.shape), "chunks": list(a.chunks), "dtype": a.dtype.str,
                                   "hex": a[...].tobytes().hex(), "attrs": a.attrs.asdict()}
        views[path][consolidated] = out
print(json.dumps(views))
`;

const OURS = [
  ["heat2d float32", "heat2d", { resolution: 8, bc: "dirichlet" }, "float32", "none"],
  ["poisson1d float64 zlib", "poisson1d", { resolution: 12, solver: "fd" }, "float64", "zlib"],
] as const;
const PYTHON_WRITTEN = ["None", "default"] as const;
/** zarr-python's views of our stores, and the values it wrote into its own: one python run each. */
let pyViews: Record<string, Record<"0" | "1", { attrs: Record<string, unknown>; arrays: Record<string, { shape: number[]; chunks: number[]; dtype: string; hex: string; attrs: Record<string, unknown> }> }>>;
let pyWritten: Record<string, { x: string; y: string }>;
const oursOut = (label: string) => join(root, label.replaceAll(" ", "-"));
const pythonOut = (compressor: string) => join(root, `from-python-${compressor}`);

describe.skipIf(!py)("zarr-python interop", () => {
  beforeAll(async () => {
    for (const [label, problem, params, dtype, compressor] of OURS)
      await generateDataset({ problem, params, n: 5, seed: 3, out: oursOut(label), chunkSamples: 2, dtype, compressor });
    pyViews = JSON.parse(runPython(py!, DUMP.replace("sys.argv[1]", JSON.stringify(JSON.stringify(OURS.map(([label]) => oursOut(label)))))));
    pyWritten = JSON.parse(runPython(py!, PYTHON_WRITTEN.map((c) => writeByPython(pythonOut(c), c)).join("\n") + `\nprint(json.dumps({${PYTHON_WRITTEN.map((c) => `"${c}": written_${c}`).join(", ")}}))`));
  });

  for (const [label, problem, , dtype] of OURS) {
    it(`zarr-python reads our v2 store (${label}) bit-exactly, with and without consolidated metadata`, async () => {
      const out = oursOut(label);
      const ds = await openDataset(out);
      const ours = { inputs: await ds.read("inputs", 0, 5, dtype), outputs: await ds.read("outputs", 0, 5, dtype) };
      const zattrs = JSON.parse(readFileSync(join(out, ".zattrs"), "utf8"));
      const views = pyViews[out]!;
      expect(Object.keys(views).sort()).toEqual(["0", "1"]);
      for (const consolidated of ["1", "0"] as const) {
        const got = views[consolidated];
        expect(got.attrs).toEqual(zattrs);
        expect(got.attrs.problem).toBe(problem);
        const spatial = problem === "heat2d" ? [8, 8] : [12];
        for (const name of ["inputs", "outputs"] as const) {
          const a = got.arrays[name]!;
          expect(a.shape).toEqual([5, ...spatial, 1]);
          expect(a.chunks).toEqual([2, ...spatial, 1]);
          expect(a.dtype).toBe(dtype === "float32" ? "<f4" : "<f8");
          expect(a.hex).toBe(hex(ours[name]));
          expect(a.attrs._ARRAY_DIMENSIONS).toEqual(["sample", ...(spatial.length === 2 ? ["x", "y"] : ["x"]), name === "inputs" ? "in_channel" : "out_channel"]);
        }
        expect(got.arrays.x!.attrs._ARRAY_DIMENSIONS).toEqual(["x"]);
        expect(got.arrays.x!.shape).toEqual([spatial[0]]);
      }
    });
  }

  for (const compressor of PYTHON_WRITTEN) {
    it(`we read a store written by zarr-python (compressor ${compressor}, partial last chunk)`, async () => {
      const out = pythonOut(compressor);
      const want = pyWritten[compressor]!;
      const ds = await openDataset(out);
      expect(ds.checksummed).toBe(false);
      expect(ds.n).toBe(7);
      expect(ds.inputs.shape).toEqual([7, 6, 5, 2]);
      expect(ds.outputs.channels).toBe(1);
      expect(ds.problem).toBe("custom");
      expect(ds.grid?.shape).toEqual([6, 5]);
      expect(hex(await ds.read("inputs", 0, 7, "float32"))).toBe(want.x);
      expect(hex(await ds.read("outputs", 0, 7, "float64"))).toBe(want.y);
      expect(hex(await ds.read("outputs", 2, 7, "float64"))).toBe(want.y.slice(2 * 30 * 16));
    });
  }
});

describe.skipIf(!pyScipy)("provenance is enough to re-solve", () => {
  it("scipy rebuilds the darcy2d system from the attributes alone and matches the stored u", async () => {
    const out = join(root, "darcy-resolve");
    await generateDataset({ problem: "darcy2d", params: { resolution: 15, tol: 1e-12 }, n: 3, seed: 8, out, dtype: "float64" });
    // Uses only what the store says: grid shape/lengths (interior nodes, h = L/(n+1)), the
    // harmonic-mean face rule of "discretisation", the source, u = 0 outside.
    const code = `
import json, zarr, numpy as np, scipy.sparse as sp, scipy.sparse.linalg as spla
g = zarr.open_consolidated(${JSON.stringify(out)}, mode="r")
A = g.attrs.asdict()
n0, n1 = A["grid"]["shape"]; L0, L1 = A["grid"]["lengths"]
h0, h1 = L0 / (n0 + 1), L1 / (n1 + 1)
f = A["parameters"]["source"]
errs = []
for s in range(g["inputs"].shape[0]):
    a = g["inputs"][s, :, :, 0]; u = g["outputs"][s, :, :, 0]
    idx = lambda i, j: i * n1 + j
    M = sp.lil_matrix((n0 * n1, n0 * n1))
    for i in range(n0):
        for j in range(n1):
            for di, dj, h in ((1, 0, h0), (-1, 0, h0), (0, 1, h1), (0, -1, h1)):
                p, q = i + di, j + dj
                inside = 0 <= p < n0 and 0 <= q < n1
                w = 2 * a[i, j] * a[p, q] / (a[i, j] + a[p, q]) if inside else a[i, j]
                M[idx(i, j), idx(i, j)] += w / h**2
                if inside: M[idx(i, j), idx(p, q)] -= w / h**2
    ref = spla.spsolve(M.tocsr(), np.full(n0 * n1, f)).reshape(n0, n1)
    errs.append(float(np.linalg.norm(ref - u) / np.linalg.norm(ref)))
print(json.dumps(errs))
`;
    const errs = JSON.parse(runPython(pyScipy!, code)) as number[];
    expect(errs).toHaveLength(3);
    for (const e of errs) expect(e).toBeLessThan(1e-9);
  });
});

describe.skipIf(!pyXarray)("xarray", () => {
  it("xarray.open_zarr opens our store with named dimensions and coordinates", async () => {
    const out = join(root, "xr");
    await generateDataset({ problem: "poisson2d", params: { resolution: 8, bc: "dirichlet" }, n: 4, seed: 1, out });
    const code = `
import json, xarray as xr
ds = xr.open_zarr(${JSON.stringify(out)})
print(json.dumps({"dims": dict(ds.inputs.sizes), "x": ds.x.values.tolist(), "v": float(ds.outputs.isel(sample=2, x=3, y=4, out_channel=0)), "problem": ds.attrs["problem"]}))
`;
    const got = JSON.parse(runPython(pyXarray!, code));
    expect(got.dims).toEqual({ sample: 4, x: 8, y: 8, in_channel: 1 });
    expect(got.x).toEqual(Array.from({ length: 8 }, (_, j) => (j + 1) * (1 / 9))); // x_j = (j+1)h, h = L/(n+1)
    expect(got.problem).toBe("poisson2d");
    const ds = await openDataset(out);
    expect(got.v).toBe((await ds.read("outputs", 2, 3))[3 * 8 + 4]);
  });
});
