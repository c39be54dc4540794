/**
 * One interface over the file formats `pdes import` reads: a file's arrays by name, read whole
 * or with one index picked on chosen axes. Formats by content: HDF5 (signature \x89HDF), torch
 * archives (a zip with <prefix>/data.pkl), numpy .npz (a zip of .npy) and .npy.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { DatasetFormatError, IoError } from "../../core/index.js";
import { openHdf5 } from "./hdf5-source.js";
import { readNumpyFile } from "./numpy-files.js";
import { readTorchArchive } from "./torch-archive.js";
import type { RawArray, RawData } from "./raw-array.js";
import { stridedToContiguous } from "./raw-array.js";
import { openZip } from "./zip.js";

/** Per axis: an index to keep (the axis is dropped) or null (all). Missing axes: all. */
export type AxisPick = ReadonlyArray<number | null>;

export type SourceFormat = "torch" | "npz" | "npy" | "hdf5";

export interface ArraySource {
  readonly file: string;
  readonly format: SourceFormat;
  /** Array names ("x", "train/a", "tensor", "*\/data" for per-sample HDF5 groups). */
  names(): string[];
  /** Shape of an array without reading it. */
  shape(name: string): number[];
  read(name: string, pick?: AxisPick): RawArray;
  close(): void;
}

/** Keep index pick[a] on the picked axes of an in-memory array. */
export function pickAxes(a: RawArray, pick: AxisPick): RawArray {
  if (pick.every((i) => i === null)) return a;
  const strides: number[] = [];
  let acc = 1;
  for (let k = a.shape.length - 1; k >= 0; k--) (strides[k] = acc), (acc *= a.shape[k]!);
  let offset = 0;
  const shape: number[] = [];
  const st: number[] = [];
  a.shape.forEach((n, k) => {
    const i = pick[k];
    if (i == null) shape.push(n), st.push(strides[k]!);
    else {
      if (i < 0 || i >= n) throw new DatasetFormatError(`array ${a.name} [${a.shape.join(", ")}] has no index ${i} on axis ${k}`, a.file);
      offset += i * strides[k]!;
    }
  });
  return { ...a, shape, data: stridedToContiguous(a.data as RawData, shape, st, offset) };
}

function memorySource(file: string, format: SourceFormat, arrays: RawArray[]): ArraySource {
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const get = (name: string): RawArray => {
    const a = byName.get(name);
    if (!a) throw new DatasetFormatError(`has no array ${JSON.stringify(name)} (it has: ${[...byName.keys()].join(", ")})`, file);
    return a;
  };
  return {
    file,
    format,
    names: () => [...byName.keys()],
    shape: (name) => [...get(name).shape],
    read: (name, pick = []) => pickAxes(get(name), pick),
    close: () => undefined,
  };
}

function head(file: string, n: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw new IoError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const b = new Uint8Array(n);
    return b.subarray(0, readSync(fd, b, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

export async function openArraySource(file: string): Promise<ArraySource> {
  const h = head(file, 8);
  const is = (sig: number[]) => sig.every((x, i) => h[i] === x);
  if (is([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])) return openHdf5(file);
  if (is([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) {
    // A lone .npy array is named after its file: "u.npy" holds "u".
    return memorySource(file, "npy", readNumpyFile(file).map((a) => ({ ...a, name: basename(file).replace(/\.npy$/i, "") })));
  }
  if (is([0x50, 0x4b, 0x03, 0x04])) {
    const torch = [...openZip(file).entries.keys()].some((k) => /^[^/]+\/data\.pkl$/.test(k));
    return torch ? memorySource(file, "torch", readTorchArchive(file)) : memorySource(file, "npz", readNumpyFile(file));
  }
  if (h[0] === 0x80) return memorySource(file, "torch", readTorchArchive(file)); // legacy torch: a clear error
  throw new DatasetFormatError("is not a file pdes import reads (HDF5, torch .pt, numpy .npy/.npz)", file);
}
