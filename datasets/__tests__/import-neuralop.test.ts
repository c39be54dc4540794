// neuraloperator's three small Darcy sets (fixtures/neuralop, unchanged copies) imported into
// stores: exactly the arrays fixtures/neuralop/README.md describes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { gatherSpatial, importDataset, openDataset, subsampleGrid, verifyStore, type Dataset } from "../index.js";
// numpy's BLAS (and torch's OpenMP) start a thread per core that spins while it waits: on shared
// cores that doubled the CPU of these small python runs (docs/testing.md). One thread each.
process.env.OPENBLAS_NUM_THREADS ??= "1";
process.env.OMP_NUM_THREADS ??= "1";

const dir = new URL("./fixtures/neuralop/", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "pdes-neuralop-"));
const stores: Record<string, Dataset> = {};
const names = ["darcy_train_16", "darcy_test_16", "darcy_test_32"] as const;

beforeAll(async () => {
  for (const f of names) {
    await importDataset({ files: [join(dir, `${f}.pt`)], out: join(tmp, f), fsync: false });
    stores[f] = await openDataset(join(tmp, f));
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function range(x: Float32Array | Float64Array): [number, number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  let s = 0;
  for (const v of x) (lo = Math.min(lo, v)), (hi = Math.max(hi, v)), (s += v);
  return [lo, hi, s / x.length];
}

describe("neuraloperator Darcy sets", () => {
  it("have the README's shapes, types, grid and value ranges", async () => {
    const want = { darcy_train_16: [1000, 16], darcy_test_16: [50, 16], darcy_test_32: [50, 32] } as const;
    for (const f of names) {
      const ds = stores[f]!;
      const [n, s] = want[f];
      expect(ds.checksummed).toBe(true);
      expect((await verifyStore(ds.path)).ok).toBe(true);
      expect(ds.inputs.shape).toEqual([n, s, s, 1]);
      expect(ds.outputs.shape).toEqual([n, s, s, 1]);
      // bool coefficient and float32 solution: stored as float32, no wider type needed.
      expect(ds.inputs.dtype).toBe("float32");
      const src = (ds.attrs.source as { input: Array<{ dtype: string; shape: number[] }>; output: Array<{ dtype: string }> });
      expect([src.input[0]!.dtype, src.input[0]!.shape, src.output[0]!.dtype]).toEqual(["bool", [n, s, s], "float32"]);
      expect(ds.grid).toMatchObject({ shape: [s, s], lengths: [1, 1], bc: ["dirichlet", "dirichlet"], layout: ["one-sided", "one-sided"] });
      const a = await ds.read("inputs", 0, n);
      expect(new Set(a)).toEqual(new Set([0, 1]));
      expect(range(a)[2]).toBeGreaterThan(0.49);
      expect(range(a)[2]).toBeLessThan(0.5);
    }
    // "train: y range about [−0.43, 2.06]"; the test sets share their extremes at both resolutions.
    const [lo, hi] = range(await stores.darcy_train_16!.read("outputs", 0, 1000));
    expect([lo, hi]).toEqual([Math.fround(-0.42788004875183105), Math.fround(2.057187795639038)]);
    expect(range(await stores.darcy_test_16!.read("outputs", 0, 50)).slice(0, 2)).toEqual([Math.fround(-0.11912135034799576), Math.fround(1.9015082120895386)]);
    expect(range(await stores.darcy_test_32!.read("outputs", 0, 50))[0]).toBe(Math.fround(-0.11912135034799576));
  });

  it("the 32² test set subsampled by 2 is the 16² one, bit for bit", async () => {
    const d32 = stores.darcy_test_32!;
    const d16 = stores.darcy_test_16!;
    const { grid, indices } = subsampleGrid(d32.grid!, 2);
    expect(grid).toEqual(d16.grid);
    for (const arr of ["inputs", "outputs"] as const) {
      const coarse = gatherSpatial(await d32.read(arr, 0, 50) as Float32Array, 50, [32, 32], 1, indices);
      const ref = (await d16.read(arr, 0, 50)) as Float32Array;
      expect(Buffer.from(coarse.buffer).equals(Buffer.from(ref.buffer))).toBe(true);
    }
  });

  it("puts u ≈ 0 on the stored boundary row and column (x = 0), not on the last ones", async () => {
    const u = await stores.darcy_test_32!.read("outputs", 0, 50);
    let edge0 = 0;
    let edgeN = 0;
    let all = 0;
    for (let i = 0; i < 50; i++)
      for (let j = 0; j < 32; j++) {
        edge0 += Math.abs(u[i * 1024 + j]!) + Math.abs(u[i * 1024 + j * 32]!);
        edgeN += Math.abs(u[i * 1024 + 31 * 32 + j]!) + Math.abs(u[i * 1024 + j * 32 + 31]!);
      }
    for (const v of u) all += Math.abs(v);
    const mean = all / u.length;
    expect(edge0 / (100 * 32)).toBeLessThan(0.02 * mean);
    expect(edgeN / (100 * 32)).toBeGreaterThan(0.1 * mean);
  });

  const py = findPython(["torch", "numpy"]);
  it.skipIf(!py)("holds exactly what torch.load reads (live cross-check; skipped without python3-torch)", async () => {
    // One python process for the three files (importing torch takes seconds).
    const code =
      "import torch, hashlib\n" +
      `for f in ${JSON.stringify(names.map((f) => join(dir, `${f}.pt`)))}:\n` +
      "    d = torch.load(f)\n" +
      "    print(hashlib.sha256(d['x'].float().contiguous().numpy().tobytes()).hexdigest(), hashlib.sha256(d['y'].contiguous().numpy().tobytes()).hexdigest())";
    const lines = runPython(py!, code).trim().split("\n");
    const { createHash } = await import("node:crypto");
    for (const [k, f] of names.entries()) {
      const ds = stores[f]!;
      const sha = async (arr: "inputs" | "outputs") => {
        const x = (await ds.read(arr, 0, ds.n)) as Float32Array;
        return createHash("sha256").update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest("hex");
      };
      expect([await sha("inputs"), await sha("outputs")]).toEqual(lines[k]!.split(" "));
    }
  });
  if (!py) console.warn("import-neuralop.test.ts: no python3 with torch; skipping the torch.load cross-check (CI installs no torch)");
});
