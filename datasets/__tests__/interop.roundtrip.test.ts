import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPython, runPython } from "../../bench/python.js";
import { generateDataset, openDataset } from "../index.js";

const py = findPython(["zarr", "numpy"]);
if (!py) console.warn("interop tests SKIPPED: no python3 with zarr and numpy (apt-get install python3-zarr python3-numpy; CI installs them)");
const root = mkdtempSync(join(tmpdir(), "pdes-interop-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hex = (a: Float32Array | Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

/** What zarr-python sees: per array shape, chunks, dtype, raw bytes (hex), attrs; root attrs. */
const DUMP = `
import json, sys, zarr
path, consolidated = sys.argv[1], sys.argv[2] == "1"
g = zarr.open_consolidated(path, mode="r") if consolidated else zarr.open_group(path, mode="r")
out = {"attrs": g.attrs.asdict(), "arrays": {}}
for name, a in g.arrays():
    out["arrays"][name] = {"shape": list(a.shape), "chunks": list(a.chunks), "dtype": a.dtype.str,
                           "hex": a[...].tobytes().hex(), "attrs": a.attrs.asdict()}
print(json.dumps(out))
`;

describe.skipIf(!py)("zarr-python interop", () => {
  for (const [label, problem, params, dtype, compressor] of [
    ["heat2d float32", "heat2d", { resolution: 8, bc: "dirichlet" }, "float32", "none"],
    ["poisson1d float64 zlib", "poisson1d", { resolution: 12, solver: "fd" }, "float64", "zlib"],
  ] as const) {
    it(`zarr-python reads our v2 store (${label}) bit-exactly, with and without consolidated metadata`, async () => {
      const out = join(root, label.replaceAll(" ", "-"));
      await generateDataset({ problem, params, n: 5, seed: 3, out, chunkSamples: 2, dtype, compressor });
      const ds = await openDataset(out);
      const ours = { inputs: await ds.read("inputs", 0, 5, dtype), outputs: await ds.read("outputs", 0, 5, dtype) };
      const zattrs = JSON.parse(readFileSync(join(out, ".zattrs"), "utf8"));
      for (const consolidated of ["1", "0"]) {
        const got = JSON.parse(runPython(py!, DUMP.replace("sys.argv[1], sys.argv[2]", `${JSON.stringify(out)}, "${consolidated}"`)));
        expect(got.attrs).toEqual(zattrs);
        expect(got.attrs.problem).toBe(problem);
        const spatial = problem === "heat2d" ? [8, 8] : [12];
        for (const name of ["inputs", "outputs"] as const) {
          const a = got.arrays[name];
          expect(a.shape).toEqual([5, ...spatial, 1]);
          expect(a.chunks).toEqual([2, ...spatial, 1]);
          expect(a.dtype).toBe(dtype === "float32" ? "<f4" : "<f8");
          expect(a.hex).toBe(hex(ours[name]));
          expect(a.attrs._ARRAY_DIMENSIONS).toEqual(["sample", ...(spatial.length === 2 ? ["x", "y"] : ["x"]), name === "inputs" ? "in_channel" : "out_channel"]);
        }
        expect(got.arrays.x.attrs._ARRAY_DIMENSIONS).toEqual(["x"]);
        expect(got.arrays.x.shape).toEqual([spatial[0]]);
      }
    });
  }

  for (const compressor of ["None", "default"]) {
    it(`we read a store written by zarr-python (compressor ${compressor}, partial last chunk)`, async () => {
      const out = join(root, `from-python-${compressor}`);
      const code = `
import json, zarr, numpy as np
g = zarr.open_group(${JSON.stringify(out)}, mode="w")
g.attrs["problem"] = "custom"
g.attrs["grid"] = {"shape": [6, 5], "lengths": [1, 1], "bc": ["periodic", "periodic"]}
kw = {} if "${compressor}" == "default" else {"compressor": None}
x = np.sin(np.arange(7 * 6 * 5 * 2, dtype=np.float64)).reshape(7, 6, 5, 2).astype(np.float32)
y = np.cos(np.arange(7 * 6 * 5, dtype=np.float64)).reshape(7, 6, 5, 1)
g.create_dataset("inputs", data=x, chunks=(3, 6, 5, 2), **kw)
g.create_dataset("outputs", data=y, chunks=(3, 6, 5, 1), **kw)
print(json.dumps({"x": x.tobytes().hex(), "y": y.tobytes().hex()}))
`;
      const want = JSON.parse(runPython(py!, code));
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
