/**
 * Zarr metadata documents for the arrays of a dataset store, written by us rather than by
 * zarrita (which writes v3 only). Default zarr v2: `.zgroup`, `.zattrs`, `.zarray` and a
 * consolidated `.zmetadata` (what xarray's `open_zarr` looks for first). `zarrFormat: 3` writes
 * spec-correct v3 `zarr.json` documents with exactly one array→bytes codec ("bytes", little
 * endian). Chunks are raw little-endian C-order bytes, uncompressed by default (see
 * docs/datasets.md for the measurement behind that choice) or zlib/gzip level 1; edge chunks are
 * stored at full chunk shape, as both zarr versions require (the padding lies outside the array
 * and is never read).
 */

export type ZarrFormat = 2 | 3;

/**
 * The fill value of every array, data and coordinates alike: NaN. A missing chunk then reads as
 * NaN rather than as plausible zeros, and xarray, which turns a fill value into a mask
 * (`_FillValue`), masks nothing real: with 0 it read x = 0 of every periodic grid, and any exact
 * zero of the data, as NaN. (v2 JSON and v3 both spell it "NaN".)
 */
export const FILL_VALUE = "NaN";
export type StoreDType = "float32" | "float64";
/** Chunk compression: none, or zlib level 1 (v2 codec "zlib"; v3 core codec "gzip"). */
export type StoreCompressor = "none" | "zlib";

/** One array of a store. `dims` are xarray dimension names. */
export interface ArraySpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly chunks: readonly number[];
  readonly dtype: StoreDType;
  readonly dims: readonly string[];
  readonly attrs?: Readonly<Record<string, unknown>>;
  /** Default "none". */
  readonly compressor?: StoreCompressor;
}

export function bytesPerElement(dtype: StoreDType): number {
  return dtype === "float32" ? 4 : 8;
}

/** Number of chunks along each axis. */
export function chunkGrid(spec: ArraySpec): number[] {
  return spec.shape.map((n, a) => Math.max(1, Math.ceil(n / spec.chunks[a]!)));
}

/** Byte length of one (full-shape) chunk. */
export function chunkByteLength(spec: ArraySpec): number {
  return spec.chunks.reduce((a, b) => a * b, 1) * bytesPerElement(spec.dtype);
}

/** Store-relative key of a chunk (v2: "inputs/3.0.0.0"; v3 default encoding: "inputs/c/3/0/0/0"). */
export function chunkKey(format: ZarrFormat, spec: ArraySpec, coords: readonly number[]): string {
  return format === 2 ? `${spec.name}/${coords.join(".")}` : `${spec.name}/c/${coords.join("/")}`;
}

/** Metadata files (store-relative path → JSON text) for a group with `attrs` and `arrays`. */
export function metadataFiles(
  format: ZarrFormat,
  attrs: Readonly<Record<string, unknown>>,
  arrays: readonly ArraySpec[],
): Map<string, string> {
  const files = new Map<string, string>();
  if (format === 2) {
    const consolidated: Record<string, unknown> = {};
    const put = (path: string, doc: unknown): void => {
      files.set(path, json(doc));
      consolidated[path] = doc;
    };
    put(".zgroup", { zarr_format: 2 });
    put(".zattrs", attrs);
    for (const a of arrays) {
      put(`${a.name}/.zarray`, {
        chunks: a.chunks,
        compressor: a.compressor === "zlib" ? { id: "zlib", level: 1 } : null,
        dimension_separator: ".",
        dtype: a.dtype === "float32" ? "<f4" : "<f8",
        fill_value: FILL_VALUE,
        filters: null,
        order: "C",
        shape: a.shape,
        zarr_format: 2,
      });
      put(`${a.name}/.zattrs`, { _ARRAY_DIMENSIONS: a.dims, ...(a.attrs ?? {}) });
    }
    files.set(".zmetadata", json({ metadata: consolidated, zarr_consolidated_format: 1 }));
  } else {
    files.set("zarr.json", json({ zarr_format: 3, node_type: "group", attributes: attrs }));
    for (const a of arrays) {
      files.set(
        `${a.name}/zarr.json`,
        json({
          zarr_format: 3,
          node_type: "array",
          shape: a.shape,
          data_type: a.dtype,
          chunk_grid: { name: "regular", configuration: { chunk_shape: a.chunks } },
          chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
          fill_value: FILL_VALUE,
          codecs: [
            { name: "bytes", configuration: { endian: "little" } },
            ...(a.compressor === "zlib" ? [{ name: "gzip", configuration: { level: 1 } }] : []),
          ],
          attributes: { ...(a.attrs ?? {}) },
          dimension_names: a.dims,
        }),
      );
    }
  }
  return files;
}

/** Path of the group attributes document for a format. */
export function groupAttrsPath(format: ZarrFormat): string {
  return format === 2 ? ".zattrs" : "zarr.json";
}

function json(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + "\n";
}
