/** .npy files: malformed ones are DatasetFormatErrors naming the file (exit 65), writes are atomic. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError, makeField } from "../../core/index.js";
import { encodeNpy, readNpy, writeNpy } from "../index.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-npy-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function npyWithHeader(header: string, dataBytes: number): Buffer {
  let h = header;
  const total = Math.ceil((10 + h.length + 1) / 64) * 64;
  h = h.padEnd(total - 11, " ") + "\n";
  const b = Buffer.alloc(total + dataBytes);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(b);
  b.writeUInt16LE(h.length, 8);
  b.write(h, 10, "latin1");
  return b;
}

function formatError(file: string): string {
  try {
    readNpy(file);
  } catch (e) {
    if (isPdesError(e, "DatasetFormat")) return e.message;
    throw e;
  }
  throw new Error("read");
}

describe("readNpy refuses malformed files", () => {
  it("a negative shape, a truncated and an over-long data part, a header past the end", () => {
    const f = (name: string, b: Buffer) => {
      fs.writeFileSync(path.join(root, name), b);
      return path.join(root, name);
    };
    expect(formatError(f("neg.npy", npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-4, 32, 1), }", 0)))).toMatch(/neg\.npy: shape \(-4, 32, 1\) must list integers >= 0$/);
    expect(formatError(f("short.npy", npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", 24)))).toMatch(/short\.npy: data truncated: 24 bytes for 4 float64 values$/);
    expect(formatError(f("long.npy", npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 12)))).toMatch(/long\.npy: data too long: 12 bytes for 2 float32 values$/);
    const b = npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8);
    b.writeUInt16LE(60000, 8);
    expect(formatError(f("hdr.npy", b))).toMatch(/hdr\.npy: header runs past the end of the file/);
  });

  it("writeNpy replaces atomically and leaves no temporary file", () => {
    const file = path.join(root, "w.npy");
    writeNpy(file, makeField([3], Float64Array.from([1, 2, 3])));
    writeNpy(file, makeField([2], Float64Array.from([4, 5])));
    expect(Array.from(readNpy(file).data)).toEqual([4, 5]);
    expect(fs.readFileSync(file).equals(Buffer.from(encodeNpy(makeField([2], Float64Array.from([4, 5])))))).toBe(true);
    expect(fs.readdirSync(root).filter((n) => n.startsWith("w.npy"))).toEqual(["w.npy"]);
  });
});
