/**
 * Reading NumPy `.npy` (format 1.0, 2.0, 3.0) and `.npz` (a zip of `.npy`, stored or deflated,
 * as numpy.savez / savez_compressed write them). Element types: bool, (u)int8, int16/32/64,
 * float16/32/64, either byte order; C or Fortran order (Fortran arrays are reordered to C).
 * Object arrays (pickles) are refused: nothing is unpickled from a numpy file.
 */
import { readFileSync } from "node:fs";
import { DatasetFormatError } from "../../core/index.js";
import { RAW_ITEMSIZE, decodeElements, stridedToContiguous, type RawArray, type RawDType } from "./raw-array.js";
import { isZip, openZip } from "./zip.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const KINDS: Readonly<Record<string, RawDType>> = {
  b1: "bool",
  u1: "uint8",
  i1: "int8",
  i2: "int16",
  i4: "int32",
  i8: "int64",
  f2: "float16",
  f4: "float32",
  f8: "float64",
};

/** Parse one `.npy` image; `name` labels errors and the result. */
export function parseNpy(bytes: Uint8Array, file: string, name: string): RawArray {
  const fail = (msg: string): never => {
    throw new DatasetFormatError(`${name}: ${msg}`, file);
  };
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) fail("not a .npy array (no \\x93NUMPY magic)");
  const major = bytes[6]!;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? v.getUint16(8, true) : v.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (major < 1 || major > 3) fail(`.npy format version ${major} is unknown`);
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(start, start + hlen));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail(`malformed .npy header ${JSON.stringify(header.trim())}`);
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr!);
  const dtype = m ? KINDS[`${m[2]}${m[3]}`] : undefined;
  if (!m || dtype === undefined)
    fail(`element type ${JSON.stringify(descr)} is not importable (bool, integers, float16/32/64; not objects, strings or records)`);
  const shape = shapeText!.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (shape.some((s) => !Number.isInteger(s) || s < 0)) fail(`bad shape (${shapeText})`);
  const n = shape.reduce((a, b) => a * b, 1);
  const off = start + hlen;
  const size = RAW_ITEMSIZE[dtype!];
  if (bytes.length - off < n * size) fail(`data truncated: ${bytes.length - off} bytes for ${n} ${dtype} values`);
  let data = decodeElements(bytes.subarray(off), dtype!, n, m![1] !== ">");
  if (fortran === "True" && shape.length > 1) {
    // Fortran order: the first index varies fastest.
    const strides: number[] = [];
    let acc = 1;
    for (const s of shape) strides.push(acc), (acc *= s);
    data = stridedToContiguous(data, shape, strides, 0);
  }
  return { file, name, dtype: dtype!, shape, data };
}

/** Every array of a `.npy` (one, named after nothing: "") or `.npz` file (named by key). */
export function readNumpyFile(file: string): RawArray[] {
  const bytes = new Uint8Array(readFileSync(file));
  if (!isZip(bytes)) return [parseNpy(bytes, file, "")];
  const zip = openZip(file, bytes);
  const out: RawArray[] = [];
  for (const key of zip.entries.keys()) {
    if (!key.endsWith(".npy")) continue;
    out.push(parseNpy(zip.read(key), file, key.slice(0, -4)));
  }
  if (out.length === 0) throw new DatasetFormatError(".npz archive holds no .npy arrays", file);
  return out;
}
