/**
 * Checked reads of stores other tools wrote (docs/safety.md §Foreign stores), and of ours that
 * lost `.pdes/spec.json`: a truncated chunk, a blosc chunk shorter than its header says and a
 * missing chunk without a fill value are errors naming the chunk, never zeros or garbage; a
 * store that says it is ours is never read unchecked.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDataset, openDataset } from "../index.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-foreign-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const N = 8;
const P = 16;
const CHUNK = 4;

function values(name: string): Float64Array {
  return Float64Array.from({ length: N * P }, (_, i) => (name === "inputs" ? 1 : 2) + i / 1000);
}

/** A blosc frame holding `raw` uncompressed (flag 0x2, "memcpyed"), as blosc writes incompressible data. */
function bloscMemcpy(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + raw.length);
  const v = new DataView(out.buffer);
  out[0] = 2; // format version
  out[1] = 1; // compressor format version
  out[2] = 0x2; // memcpyed, no shuffle
  out[3] = 8; // typesize
  v.setUint32(4, raw.length, true);
  v.setUint32(8, raw.length, true);
  v.setUint32(12, raw.length + 16, true);
  out.set(raw, 16);
  return out;
}

/** A zarr v2 store as zarr-python writes it: arrays inputs/outputs [8, 16, 1] in chunks of 4 samples. */
function foreignStore(name: string, opts: { blosc?: boolean; fill?: number | null } = {}): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, ".zgroup"), JSON.stringify({ zarr_format: 2 }));
  fs.writeFileSync(path.join(dir, ".zattrs"), JSON.stringify({ source: "another tool" }));
  for (const a of ["inputs", "outputs"]) {
    fs.mkdirSync(path.join(dir, a));
    const compressor = opts.blosc ? { id: "blosc", cname: "lz4", clevel: 5, shuffle: 0, blocksize: 0 } : null;
    const fill = opts.fill === undefined ? 0 : opts.fill;
    fs.writeFileSync(path.join(dir, a, ".zarray"), JSON.stringify({ zarr_format: 2, shape: [N, P, 1], chunks: [CHUNK, P, 1], dtype: "<f8", compressor, fill_value: fill, filters: null, order: "C" }));
    const v = values(a);
    for (let c = 0; c < N / CHUNK; c++) {
      const raw = new Uint8Array(v.slice(c * CHUNK * P, (c + 1) * CHUNK * P).buffer);
      fs.writeFileSync(path.join(dir, a, `${c}.0.0`), opts.blosc ? bloscMemcpy(raw) : raw);
    }
  }
  return dir;
}

async function readAll(dir: string): Promise<Float64Array> {
  const ds = await openDataset(dir);
  return (await ds.read("inputs", 0, N, "float64")) as Float64Array;
}

async function errorOf(dir: string): Promise<string> {
  try {
    await readAll(dir);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("read without an error");
}

describe("foreign stores", () => {
  it("read intact, raw and blosc", async () => {
    expect(Array.from(await readAll(foreignStore("raw")))).toEqual(Array.from(values("inputs")));
    expect(Array.from(await readAll(foreignStore("blosc", { blosc: true })))).toEqual(Array.from(values("inputs")));
  });

  it("a truncated raw chunk is an error naming it (not zeros)", async () => {
    const dir = foreignStore("raw-cut");
    fs.truncateSync(path.join(dir, "inputs", "1.0.0"), 100);
    expect(await errorOf(dir)).toBe(`${dir}: chunk inputs/1.0.0 has 100 bytes, expected ${CHUNK * P * 8} (truncated or corrupt)`);
  });

  it("a truncated blosc chunk is an error naming it (not garbage)", async () => {
    const dir = foreignStore("blosc-cut", { blosc: true });
    fs.truncateSync(path.join(dir, "inputs", "1.0.0"), 50);
    expect(await errorOf(dir)).toBe(`${dir}: chunk inputs/1.0.0 has 50 bytes, its blosc header says ${CHUNK * P * 8 + 16} (truncated or corrupt)`);
  });

  it("a missing chunk: an error without a fill value, the documented fill value with one", async () => {
    const none = foreignStore("missing-nofill", { fill: null });
    fs.rmSync(path.join(none, "inputs", "0.0.0"));
    expect(await errorOf(none)).toBe(`${none}: chunk inputs/0.0.0 is missing (and the array documents no fill value)`);
    const filled = foreignStore("missing-fill", { fill: 7 });
    fs.rmSync(path.join(filled, "inputs", "0.0.0"));
    const x = await readAll(filled);
    expect(x.subarray(0, CHUNK * P).every((v) => v === 7)).toBe(true);
    expect(Array.from(x.subarray(CHUNK * P))).toEqual(Array.from(values("inputs").subarray(CHUNK * P)));
  });
});

describe("our stores without .pdes/spec.json", () => {
  it("are refused, with or without the rest of .pdes, instead of being read unchecked", async () => {
    const store = path.join(root, "ours");
    await generateDataset({ problem: "heat1d", params: { resolution: 16 }, n: 8, seed: 1, out: store });
    fs.rmSync(path.join(store, ".pdes", "spec.json"));
    fs.rmSync(path.join(store, "inputs", "0.0.0")); // would have read as zeros
    expect(await errorOf(store)).toMatch(/\.pdes\/spec\.json is missing, but it has a \.pdes folder: a pde-surrogates store is never read unchecked/);
    fs.rmSync(path.join(store, ".pdes"), { recursive: true });
    expect(await errorOf(store)).toMatch(/\.pdes\/spec\.json is missing, but its attributes carry a pde-surrogates spec/);
  });
});
