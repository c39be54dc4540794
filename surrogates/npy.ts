/**
 * A minimal NumPy `.npy` reader and writer (format 1.0/2.0/3.0, little-endian float32/float64, C
 * order), so `pdes predict` can exchange single arrays with numpy. Other dtypes, Fortran order,
 * big-endian files, malformed shapes and files whose length does not match their header are
 * rejected with a DatasetFormatError naming the file.
 */
import * as fs from "node:fs";
import { DatasetFormatError, makeField, type Field, toContiguous } from "../core/index.js";
import { writeFileAtomicSync } from "../datasets/index.js";

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export function readNpy(file: string): Field {
  const b = fs.readFileSync(file);
  if (b.length < 10 || !b.subarray(0, 6).equals(MAGIC)) throw new DatasetFormatError("not a .npy file", file);
  const major = b[6]!;
  if (major < 1 || major > 3) throw new DatasetFormatError(`unsupported .npy format version ${major}`, file);
  if (major > 1 && b.length < 12) throw new DatasetFormatError("malformed .npy header", file);
  const hlen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  if (start + hlen > b.length) throw new DatasetFormatError(`header runs past the end of the file (${hlen} bytes declared)`, file);
  const header = b.toString(major === 3 ? "utf8" : "latin1", start, start + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DatasetFormatError("malformed .npy header", file);
  if (fortran === "True") throw new DatasetFormatError("Fortran-order arrays are not supported (save with C order)", file);
  const parts = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (parts.some((s) => !/^\d+$/.test(s))) throw new DatasetFormatError(`shape (${shapeText.trim()}) must list integers >= 0`, file);
  const shape = parts.map(Number);
  const n = shape.reduce((a, c) => a * c, 1);
  const size = descr === "<f8" ? 8 : descr === "<f4" ? 4 : 0;
  if (size === 0) throw new DatasetFormatError(`dtype ${descr} is not supported (use float64 '<f8' or float32 '<f4')`, file);
  if (!Number.isSafeInteger(n * size)) throw new DatasetFormatError(`shape [${shape.join(", ")}] is too large`, file);
  const off = start + hlen;
  const have = b.length - off;
  if (have !== size * n)
    throw new DatasetFormatError(`data ${have < size * n ? "truncated" : "too long"}: ${have} bytes for ${n} ${descr === "<f8" ? "float64" : "float32"} values`, file);
  const data = new Float64Array(n);
  if (descr === "<f8") for (let i = 0; i < n; i++) data[i] = b.readDoubleLE(off + 8 * i);
  else for (let i = 0; i < n; i++) data[i] = b.readFloatLE(off + 4 * i);
  return makeField(shape, data);
}

/** The bytes of a Field as float64 `.npy` (version 1.0). */
export function encodeNpy(f: Field): Uint8Array {
  const c = toContiguous(f);
  const shape = c.shape.length === 1 ? `(${c.shape[0]},)` : `(${c.shape.join(", ")})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad with spaces so the data starts on a 64-byte boundary, newline-terminated.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, " ") + "\n";
  const buf = Buffer.alloc(total + 8 * c.data.length);
  MAGIC.copy(buf, 0);
  buf[6] = 1;
  buf[7] = 0;
  buf.writeUInt16LE(header.length, 8);
  buf.write(header, 10, "latin1");
  Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength).copy(buf, total);
  return buf;
}

/**
 * Write a Field as float64 `.npy` (version 1.0), atomically: the bytes go to a temporary file
 * beside `file`, are fsynced, then renamed over it, so `file` is never left half-written.
 */
export function writeNpy(file: string, f: Field): void {
  writeFileAtomicSync(file, encodeNpy(f));
}
