/**
 * Reading stores this toolkit did not write (e.g. made with zarr-python or xarray), through
 * zarrita, which handles both zarr versions and the common codecs. Such stores carry no
 * manifest, so their chunks cannot be checked against checksums.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as zarr from "zarrita";
import { DatasetFormatError } from "../core/index.js";

/** A minimal read-only zarrita store over a directory. */
function dirStore(root: string): zarr.Readable {
  return {
    async get(key: `/${string}`): Promise<Uint8Array | undefined> {
      try {
        return new Uint8Array(await readFile(join(root, key.replace(/^\//, ""))));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
      }
    },
  };
}

export interface ForeignArray {
  readonly shape: readonly number[];
  readonly chunks: readonly number[];
  readonly dtype: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Samples [start, end) along axis 0 as Float64 (C order). */
  read(start: number, end: number): Promise<Float64Array>;
}

export interface ForeignStore {
  readonly zarrFormat: 2 | 3;
  readonly attrs: Readonly<Record<string, unknown>>;
  array(name: string): Promise<ForeignArray>;
}

export async function openForeignStore(path: string): Promise<ForeignStore> {
  const root = zarr.root(dirStore(path));
  let group: zarr.Group<zarr.Readable>;
  try {
    group = await zarr.open(root, { kind: "group" });
  } catch (e) {
    throw new DatasetFormatError(`not a zarr group (${(e as Error).message})`, path, { cause: e });
  }
  const zarrFormat = (await dirStore(path).get("/zarr.json")) !== undefined ? 3 : 2;
  return {
    zarrFormat,
    attrs: group.attrs as Record<string, unknown>,
    async array(name: string): Promise<ForeignArray> {
      let arr: zarr.Array<zarr.DataType, zarr.Readable>;
      try {
        arr = await zarr.open(root.resolve(name), { kind: "array" });
      } catch (e) {
        throw new DatasetFormatError(`has no array ${JSON.stringify(name)} (${(e as Error).message})`, path, { cause: e });
      }
      const a = arr;
      return {
        shape: a.shape,
        chunks: a.chunks,
        dtype: String(a.dtype),
        attrs: (a.attrs ?? {}) as Record<string, unknown>,
        async read(start: number, end: number): Promise<Float64Array> {
          const sel = [zarr.slice(start, end), ...a.shape.slice(1).map(() => null)];
          const chunk = await zarr.get(a, sel);
          const data = chunk.data as ArrayLike<number>;
          if (typeof (data as { length?: unknown }).length !== "number")
            throw new DatasetFormatError(`array ${name} has a non-numeric data type ${String(a.dtype)}`, path);
          return Float64Array.from(data);
        },
      };
    },
  };
}
