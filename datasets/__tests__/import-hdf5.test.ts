// HDF5 import through h5wasm, against files written by h5py in PDEBench's layouts: every value
// round-trips bit for bit (sha256 of the C-order bytes computed by numpy), and the grid is read
// off the coordinate arrays. Skipped, with a message, without python3-h5py.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { importDataset, openDataset } from "../index.js";

const py = findPython(["h5py", "numpy"]);
// numpy's BLAS (and torch's OpenMP) start a thread per core that spins while it waits: on shared
// cores that doubled the CPU of these small python runs (docs/testing.md). One thread each.
process.env.OPENBLAS_NUM_THREADS ??= "1";
process.env.OMP_NUM_THREADS ??= "1";
if (!py) console.warn("import-hdf5.test.ts SKIPPED: no python3 with h5py and numpy (apt-get install python3-h5py; CI installs it)");
const tmp = mkdtempSync(join(tmpdir(), "pdes-h5-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Writes three files and prints, per file, the sha256 of the expected inputs and outputs.
const WRITE = `
import h5py, numpy as np, hashlib, sys
d = sys.argv[1]
rng = np.random.default_rng(7)
sha = lambda a: hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()
# Darcy (2D_DarcyFlow_*.hdf5): nu [N, X, Y], tensor [N, 1, X, Y], cell-centred coordinates.
n, X, Y = 6, 12, 10
xc = ((np.arange(X) + 0.5) / X).astype(np.float32)
yc = ((np.arange(Y) + 0.5) / Y).astype(np.float32)
nu = np.where(rng.standard_normal((n, X, Y)) > 0, 1.0, 0.1).astype(np.float32)
u = rng.standard_normal((n, 1, X, Y)).astype(np.float32)
with h5py.File(d + "/darcy.hdf5", "w") as f:
    f["nu"] = nu; f["tensor"] = u; f["x-coordinate"] = xc; f["y-coordinate"] = yc
print(sha(nu[..., None]), sha(u[:, 0, :, :, None]))
# 1-D time series (1D_Advection_*.hdf5): tensor [N, T, X] float64, x on cell centres of [0, 2].
T, X = 5, 16
t = rng.standard_normal((n, T, X))
with h5py.File(d + "/adv.hdf5", "w") as f:
    f["tensor"] = t; f["x-coordinate"] = (np.arange(X) + 0.5) * (2.0 / X); f["t-coordinate"] = np.linspace(0, 1, T + 1)
print(sha(t[:, 0, :, None]), sha(t[:, -1, :, None]))
# Per-sample groups (2D_diff-react_*.h5): 0000/data [T, X, Y, C], 0000/grid/x on [-1, 1].
T, X, Y, C = 4, 8, 6, 2
with h5py.File(d + "/groups.h5", "w") as f:
    data = []
    for i in range(n):
        g = f.create_group("%04d" % i)
        a = rng.standard_normal((T, X, Y, C)).astype(np.float32)
        g["data"] = a; data.append(a)
        g["grid/x"] = -1 + (np.arange(X) + 0.5) * (2.0 / X); g["grid/y"] = -1 + (np.arange(Y) + 0.5) * (2.0 / Y); g["grid/t"] = np.arange(T) * 0.1
    data = np.stack(data)
print(sha(data[:, 1]), sha(data[:, 2:4].transpose(0, 2, 3, 1, 4).reshape(n, X, Y, 2 * C)))
`;

async function sha(path: string, arr: "inputs" | "outputs"): Promise<string> {
  const ds = await openDataset(path);
  const x = await ds.read(arr, 0, ds.n, ds.inputs.dtype === "float64" ? "float64" : "float32");
  return createHash("sha256").update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest("hex");
}

describe.skipIf(!py)("HDF5 in PDEBench's layouts", () => {
  const want = py ? runPython(py, WRITE.replace("sys.argv[1]", JSON.stringify(tmp))).trim().split("\n").map((l) => l.split(" ")) : [];

  it("Darcy: nu → tensor round-trips bit for bit; cell-centred Dirichlet grid from the coordinates", async () => {
    const out = join(tmp, "darcy.zarr");
    const r = await importDataset({ files: [join(tmp, "darcy.hdf5")], out, fsync: false });
    expect(r.source).toBe("pdebench-darcy");
    expect([r.inputShape, r.outputShape, r.spec.dtype]).toEqual([[6, 12, 10, 1], [6, 12, 10, 1], "float32"]);
    expect(r.grid).toMatchObject({ shape: [12, 10], bc: ["dirichlet", "dirichlet"], layout: ["centred", "centred"] });
    expect(r.grid.lengths[0]).toBeCloseTo(1, 6);
    expect([await sha(out, "inputs"), await sha(out, "outputs")]).toEqual(want[0]);
  });

  it("1-D time series: first → last snapshot, float64 kept, length 2 from the coordinates", async () => {
    const out = join(tmp, "adv.zarr");
    const r = await importDataset({ files: [join(tmp, "adv.hdf5")], out, fsync: false });
    expect([r.source, r.spec.dtype, r.grid.bc, r.grid.layout]).toEqual(["pdebench-tensor", "float64", ["periodic"], ["centred"]]);
    expect(r.grid.lengths[0]).toBeCloseTo(2, 12);
    expect([await sha(out, "inputs"), await sha(out, "outputs")]).toEqual(want[1]);
  });

  it("per-sample groups: snapshots chosen by flags become channels; the origin −1 is recorded", async () => {
    const out = join(tmp, "groups.zarr");
    const r = await importDataset({ files: [join(tmp, "groups.h5")], out, inputTimes: [1], outputTimes: [2, 3], fsync: false });
    expect(r.source).toBe("pdebench-groups");
    expect(r.inputShape).toEqual([6, 8, 6, 2]);
    expect(r.outputShape).toEqual([6, 8, 6, 4]);
    expect(r.outputChannels).toEqual(["*/data@t2[0]", "*/data@t2[1]", "*/data@t3[0]", "*/data@t3[1]"]);
    expect(r.grid).toMatchObject({ bc: ["neumann", "neumann"], layout: ["centred", "centred"] });
    const ds = await openDataset(out);
    expect((ds.attrs.source as { origin: number[] }).origin.map((o) => Math.round(o * 1e9) / 1e9)).toEqual([-1, -1]);
    expect([await sha(out, "inputs"), await sha(out, "outputs")]).toEqual(want[2]);
  });

  it("names the file and field when a mapping does not fit", async () => {
    await expect(importDataset({ files: [join(tmp, "adv.hdf5")], out: join(tmp, "bad1"), outputTimes: [9] })).rejects.toThrow(
      /adv\.hdf5: field tensor has 5 time snapshots; there is no snapshot 9/,
    );
    await expect(
      importDataset({ files: [join(tmp, "darcy.hdf5")], out: join(tmp, "bad2"), input: [{ name: "nu", axes: "nx" }] }),
    ).rejects.toThrow(/darcy\.hdf5: field nu \[6, 12, 10\] has 3 axes but axes "nx" name 2/);
    await expect(importDataset({ files: [join(tmp, "darcy.hdf5")], out: join(tmp, "bad3"), input: [{ name: "kappa", axes: "nxy" }] })).rejects.toThrow(
      /input field must be one of the arrays in the files \(.*darcy\.hdf5: nu, .*\), got "kappa"/,
    );
    // Nothing was written for the failed imports.
    const { existsSync } = await import("node:fs");
    expect([existsSync(join(tmp, "bad1")), existsSync(join(tmp, "bad2")), existsSync(join(tmp, "bad3"))]).toEqual([false, false, false]);
  });
});
