// The .pt reader (zip + the pickle subset tensors use) on a fixture written by PyTorch, and its
// refusals: damaged archives, pickled objects that are not tensors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { openArraySource, rawToFloat64 } from "../index.js";

const fixture = new URL("./fixtures/torch-cases.pt", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "pdes-torch-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("torch .pt archives", () => {
  it("rebuilds every tensor kind of the fixture in C order", async () => {
    const src = await openArraySource(fixture);
    expect(src.format).toBe("torch");
    expect(src.names().sort()).toEqual(["half", "int32", "int64", "mask", "nested/0", "nested/1/0", "ordered/w", "shared", "strided", "transposed"]);
    const v = (name: string) => [...rawToFloat64(src.read(name))];
    // base = arange(24).reshape(4, 6); transposed[i][j] = base[j][i] = 6j + i.
    const t = src.read("transposed");
    expect([t.dtype, t.shape]).toEqual(["float64", [6, 4]]);
    expect(v("transposed")).toEqual(Array.from({ length: 24 }, (_, k) => 6 * (k % 4) + Math.floor(k / 4)));
    expect(v("shared")).toEqual([6, 7, 8, 9, 10, 11]);
    expect([src.read("strided").dtype, v("strided")]).toEqual(["float32", [2, 5, 8]]);
    expect([src.read("int64").shape, v("int64")]).toEqual([[2, 5], [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]]);
    expect([src.read("int32").dtype, v("int32")]).toEqual(["int32", [1, -2, 3, -4]]);
    expect([src.read("half").dtype, v("half")]).toEqual(["float16", [1.5, -0.25, 65504]]);
    expect([src.read("mask").dtype, src.read("mask").shape, v("mask")]).toEqual(["bool", [1, 3], [1, 0, 1]]);
    expect(v("nested/0")).toEqual([1, 1]);
    expect(src.read("nested/1/0").shape).toEqual([1, 3]);
    expect(v("ordered/w")).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // Picking one index of an axis (what a time snapshot read does).
    expect([...rawToFloat64(src.read("transposed", [null, 2]))]).toEqual([12, 13, 14, 15, 16, 17]);
  });

  it("refuses damaged archives and objects that are not tensors, naming the file", async () => {
    const bytes = readFileSync(fixture);
    const truncated = join(tmp, "truncated.pt");
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    await expect(openArraySource(truncated)).rejects.toThrow(/truncated\.pt: not a readable zip archive/);
    // Flip one byte inside the first stored tensor: its CRC-32 no longer matches.
    const corrupt = join(tmp, "corrupt.pt");
    const c = Buffer.from(bytes);
    const at = c.indexOf(Buffer.from("torch-cases/data/0")) + "torch-cases/data/0".length + 64;
    c[at] = c[at]! ^ 0xff;
    writeFileSync(corrupt, c);
    await expect(openArraySource(corrupt).then((s) => s.names())).rejects.toThrow(/corrupt\.pt: entry torch-cases\/data\/.* (fails its CRC-32 check|local header)/);
    // A pickle that calls something other than the tensor rebuilders is refused, not run.
    const evil = join(tmp, "evil.pt");
    const pkl = Buffer.from("\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00lsq\x01\x85q\x02Rq\x03.", "latin1");
    writeFileSync(evil, zipStored([["evil/data.pkl", pkl]]));
    try {
      await openArraySource(evil);
      expect.unreachable();
    } catch (e) {
      expect(isPdesError(e, "DatasetFormat")).toBe(true);
      expect((e as Error).message).toMatch(/evil\.pt: pickle: refers to os\.system, which a tensor archive does not need/);
    }
    const legacy = join(tmp, "legacy.pt");
    writeFileSync(legacy, Buffer.from([0x80, 0x02, 0x8a, 0x0a]));
    await expect(openArraySource(legacy)).rejects.toThrow(/legacy \(pre-1\.6\) torch file/);
  });
});

/** A minimal stored (uncompressed) zip, enough to carry a hand-made pickle. */
function zipStored(files: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, data);
    centrals.push(ch, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe("import options", () => {
  const d16 = new URL("./fixtures/neuralop/darcy_test_16.pt", import.meta.url).pathname;
  it("name the option and the value they reject, before writing anything", async () => {
    const { importDataset } = await import("../index.js");
    const out = join(tmp, "never");
    await expect(importDataset({ files: [d16], out, source: "matlab" })).rejects.toThrow(/source must be auto, none or one of neuralop-darcy, pdebench-darcy/);
    await expect(importDataset({ files: [d16], out, output: [{ name: "u", axes: "nxy" }] })).rejects.toThrow(
      /output field must be one of the arrays in the files \(.*darcy_test_16\.pt: x, y\), got "u"/,
    );
    await expect(importDataset({ files: [d16], out, bc: "periodic", layout: "vertex" })).rejects.toThrow(/layout\[0\] must be one of one-sided, centred on a periodic axis/);
    await expect(importDataset({ files: [d16], out, source: "none" })).rejects.toThrow(/input must be given: .* match no known source/);
    await expect(importDataset({ files: [d16], out, samples: { start: 40, end: 60 } })).rejects.toThrow(/--samples must lie within the 50 samples of x/);
    const { existsSync } = await import("node:fs");
    expect(existsSync(out)).toBe(false);
  });
});
