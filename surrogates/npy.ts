/**
 * A minimal NumPy `.npy` reader and writer (format 1.0/2.0, little-endian float32/float64, C
 * order), so `pdes predict` can exchange single arrays with numpy. Other dtypes, Fortran order
 * and big-endian files are rejected with a clear error.
 */
import * as fs from "node:fs";
import { DatasetFormatError, makeField, type Field, toContiguous } from "../core/index.js";

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export function readNpy(file: string): Field {
  const b = fs.readFileSync(file);
  if (b.length < 10 || !b.subarray(0, 6).equals(MAGIC)) throw new DatasetFormatError("not a .npy file", file);
  const major = b[6]!;
  const hlen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString("latin1", start, start + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DatasetFormatError("malformed .npy header", file);
  if (fortran === "True") throw new DatasetFormatError("Fortran-order arrays are not supported (save with C order)", file);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  const n = shape.reduce((a, c) => a * c, 1);
  const off = start + hlen;
  const data = new Float64Array(n);
  if (descr === "<f8") {
    if (b.length - off < 8 * n) throw new DatasetFormatError(`data truncated: ${b.length - off} bytes for ${n} float64 values`, file);
    for (let i = 0; i < n; i++) data[i] = b.readDoubleLE(off + 8 * i);
  } else if (descr === "<f4") {
    if (b.length - off < 4 * n) throw new DatasetFormatError(`data truncated: ${b.length - off} bytes for ${n} float32 values`, file);
    for (let i = 0; i < n; i++) data[i] = b.readFloatLE(off + 4 * i);
  } else throw new DatasetFormatError(`dtype ${descr} is not supported (use float64 '<f8' or float32 '<f4')`, file);
  return makeField(shape, data);
}

/** Write a Field as float64 `.npy` (version 1.0). */
export function writeNpy(file: string, f: Field): void {
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
  fs.writeFileSync(file, buf);
}
