/**
 * An array read from a foreign file (torch, numpy, HDF5) before it becomes part of a store:
 * its element type as the file states it, its shape, and its values in C order in the matching
 * typed array. Conversion to Float64 happens once, here, and is exact for every type the
 * importers accept (integers beyond 2^53 are refused rather than rounded).
 */
import { DatasetFormatError } from "../../core/index.js";

export type RawDType = "bool" | "uint8" | "int8" | "int16" | "int32" | "int64" | "float16" | "float32" | "float64";

export type RawData = Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint16Array | Float32Array | Float64Array;

export interface RawArray {
  /** Where it came from: `file` and the name inside it (key, path, dataset). */
  readonly file: string;
  readonly name: string;
  readonly dtype: RawDType;
  readonly shape: readonly number[];
  /** C order; float16 as raw bits in a Uint16Array, bool as 0/1 bytes. */
  readonly data: RawData;
}

export const RAW_ITEMSIZE: Readonly<Record<RawDType, number>> = {
  bool: 1,
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  float16: 2,
  float32: 4,
  float64: 8,
};

/** Typed array of `count` elements of `dtype` from little- or big-endian bytes (copied, aligned). */
export function decodeElements(bytes: Uint8Array, dtype: RawDType, count: number, littleEndian = true): RawData {
  const size = RAW_ITEMSIZE[dtype];
  const need = size * count;
  if (bytes.length < need) throw new RangeError(`${bytes.length} bytes for ${count} ${dtype} values (${need} needed)`);
  const copy = new Uint8Array(need);
  copy.set(bytes.subarray(0, need));
  if (!littleEndian && size > 1) {
    for (let i = 0; i < need; i += size) copy.subarray(i, i + size).reverse();
  }
  const buf = copy.buffer;
  switch (dtype) {
    case "bool":
    case "uint8":
      return copy;
    case "int8":
      return new Int8Array(buf);
    case "int16":
      return new Int16Array(buf);
    case "int32":
      return new Int32Array(buf);
    case "int64":
      return new BigInt64Array(buf);
    case "float16":
      return new Uint16Array(buf);
    case "float32":
      return new Float32Array(buf);
    case "float64":
      return new Float64Array(buf);
  }
}

/** IEEE binary16 bits → number (exact). */
export function halfToNumber(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** The values as Float64 (exact; an int64 beyond ±2^53 is a DatasetFormat error naming the array). */
export function rawToFloat64(a: RawArray): Float64Array {
  const d = a.data;
  if (d instanceof Float64Array) return d;
  const out = new Float64Array(d.length);
  if (d instanceof BigInt64Array) {
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v > 9007199254740992n || v < -9007199254740992n)
        throw new DatasetFormatError(`${a.name}: int64 value ${v} at flat index ${i} has no exact float64`, a.file);
      out[i] = Number(v);
    }
  } else if (a.dtype === "float16") for (let i = 0; i < d.length; i++) out[i] = halfToNumber((d as Uint16Array)[i]!);
  else out.set(d as ArrayLike<number>);
  return out;
}

/** C-order copy of a strided view (element strides and offset, as torch stores them). */
export function stridedToContiguous<T extends RawData>(src: T, shape: readonly number[], strides: readonly number[], offset: number): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new (src.constructor as new (k: number) => T)(n);
  const d = shape.length;
  const idx = new Array<number>(d).fill(0);
  let p = offset;
  for (let k = 0; k < n; k++) {
    (out as unknown as ArrayLike<unknown> & Record<number, unknown>)[k] = (src as unknown as ArrayLike<unknown>)[p];
    for (let a = d - 1; a >= 0; a--) {
      idx[a]!++;
      p += strides[a]!;
      if (idx[a]! < shape[a]!) break;
      p -= idx[a]! * strides[a]!;
      idx[a] = 0;
    }
  }
  return out;
}

export function describeArray(a: RawArray): string {
  return `${a.name} ${a.dtype} [${a.shape.join(", ")}]`;
}
