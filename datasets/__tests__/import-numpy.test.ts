// .npy / .npz import: element types (bool, int64, big-endian float64, Fortran order), arrays
// mapped by flags across files, values bit for bit against numpy's own bytes. Skipped, with a
// message, without python3-numpy.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { importDataset, openArraySource, openDataset, rawToFloat64 } from "../index.js";

const py = findPython(["numpy"]);
// numpy's BLAS (and torch's OpenMP) start a thread per core that spins while it waits: on shared
// cores that doubled the CPU of these small python runs (docs/testing.md). One thread each.
process.env.OPENBLAS_NUM_THREADS ??= "1";
process.env.OMP_NUM_THREADS ??= "1";
if (!py) console.warn("import-numpy.test.ts SKIPPED: no python3 with numpy (apt-get install python3-numpy)");
const tmp = mkdtempSync(join(tmpdir(), "pdes-npy-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const WRITE = `
import numpy as np, hashlib, sys
d = sys.argv[1]
rng = np.random.default_rng(3)
sha = lambda a: hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()
n, X = 7, 9
a = rng.standard_normal((X, n)).astype(">f8")          # big-endian, samples on the last axis
u = np.asfortranarray(rng.standard_normal((n, X, 2)))   # Fortran order, 2 channels
np.save(d + "/a.npy", a); np.save(d + "/u.npy", u)
mask = rng.standard_normal((n, 4, 5)) > 0
cnt = rng.integers(-2**40, 2**40, size=(n, 4, 5), dtype=np.int64)
np.savez_compressed(d + "/pair.npz", mask=mask, cnt=cnt)
print(sha(a.T[..., None].astype("<f8")), sha(u.astype("<f8")))
print(sha(mask[..., None].astype("<f8")), sha(cnt[..., None].astype("<f8")))
`;

async function sha(path: string, arr: "inputs" | "outputs"): Promise<string> {
  const ds = await openDataset(path);
  const x = await ds.read(arr, 0, ds.n, "float64");
  return createHash("sha256").update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest("hex");
}

describe.skipIf(!py)("numpy files", () => {
  const want = py ? runPython(py, WRITE.replace("sys.argv[1]", JSON.stringify(tmp))).trim().split("\n").map((l) => l.split(" ")) : [];

  it("reads .npy element types and orders as numpy stores them", async () => {
    const a = (await openArraySource(join(tmp, "a.npy"))).read("a");
    expect([a.dtype, a.shape]).toEqual(["float64", [9, 7]]);
    const u = (await openArraySource(join(tmp, "u.npy"))).read("u");
    expect(u.shape).toEqual([7, 9, 2]);
    const z = await openArraySource(join(tmp, "pair.npz"));
    expect([z.format, z.names().sort()]).toEqual(["npz", ["cnt", "mask"]]);
    expect([z.read("mask").dtype, z.read("cnt").dtype]).toEqual(["bool", "int64"]);
    expect(new Set(rawToFloat64(z.read("mask")))).toEqual(new Set([0, 1]));
  });

  it("maps arrays of two .npy files by flags (samples on the last axis), bit for bit", async () => {
    const out = join(tmp, "au.zarr");
    const r = await importDataset({
      files: [join(tmp, "a.npy"), join(tmp, "u.npy")],
      out,
      input: [{ name: "a", axes: "xn" }],
      output: [{ name: "u", axes: "nxc" }],
      bc: "dirichlet",
      layout: "vertex",
      lengths: 2,
      fsync: false,
    });
    expect([r.source, r.spec.dtype, r.inputShape, r.outputShape, r.outputChannels]).toEqual(["none", "float64", [7, 9, 1], [7, 9, 2], ["u[0]", "u[1]"]]);
    expect(r.grid).toMatchObject({ bc: ["dirichlet"], layout: ["vertex"], lengths: [2] });
    expect([await sha(out, "inputs"), await sha(out, "outputs")]).toEqual(want[0]);
    // The same import again verifies and keeps the store; another mapping onto it is refused.
    await importDataset({ files: [join(tmp, "a.npy"), join(tmp, "u.npy")], out, input: [{ name: "a", axes: "xn" }], output: [{ name: "u", axes: "nxc" }], bc: "dirichlet", layout: "vertex", lengths: 2, fsync: false });
    await expect(
      importDataset({ files: [join(tmp, "a.npy"), join(tmp, "u.npy")], out, input: [{ name: "a", axes: "xn" }], output: [{ name: "u", axes: "nxc" }], bc: "dirichlet", fsync: false }),
    ).rejects.toThrow(/out is a store made with different parameters/);
  });

  it("bool and int64 arrays of an .npz (deflated) import exactly", async () => {
    const out = join(tmp, "pair.zarr");
    const r = await importDataset({ files: [join(tmp, "pair.npz")], out, input: [{ name: "mask", axes: "nxy" }], output: [{ name: "cnt", axes: "nxy" }], bc: "periodic", fsync: false });
    expect([r.spec.dtype, r.inputShape]).toEqual(["float64", [7, 4, 5, 1]]);
    expect([await sha(out, "inputs"), await sha(out, "outputs")]).toEqual(want[1]);
  });
});
