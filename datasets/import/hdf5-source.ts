/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly; reads the host file system
 * directly in Node). Datasets are named by their path ("tensor", "0000/data"). PDEBench stores
 * some problems as one group per sample ("0000/data", "0001/data", ...): such a sub-path is
 * offered once as "*\/data", read as all groups' arrays stacked in name order along a new first
 * axis. h5py's bool (an int8 enum FALSE/TRUE) reads as bool. Reads can pick one index on chosen
 * axes, done as an HDF5 hyperslab so a large file's unneeded time steps are never loaded.
 */
import { DatasetFormatError } from "../../core/index.js";
import type { RawArray, RawData, RawDType } from "./raw-array.js";
import type { ArraySource, AxisPick } from "./array-source.js";

type H5 = typeof import("h5wasm/node").default;
interface H5Dataset {
  shape: number[];
  metadata: { type: number; size: number; signed: boolean; enum_type?: { members: Record<string, number> } };
  value: unknown;
  slice(ranges: Array<[number, number] | []>): unknown;
}
interface H5Group {
  keys(): string[];
  get(path: string): unknown;
}

let h5: Promise<H5> | undefined;
async function loadH5(): Promise<H5> {
  h5 ??= import("h5wasm/node").then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return h5;
}

function dtypeOf(d: H5Dataset, name: string, file: string): RawDType {
  const m = d.metadata;
  if (m.type === 8 && m.enum_type && m.size === 1) {
    const mem = m.enum_type.members;
    if (Object.keys(mem).length === 2 && mem.FALSE === 0 && mem.TRUE === 1) return "bool";
  }
  if (m.type === 1) {
    if (m.size === 4) return "float32";
    if (m.size === 8) return "float64";
    if (m.size === 2) return "float16";
  }
  if (m.type === 0) {
    const t = ({ 1: m.signed ? "int8" : "uint8", 2: "int16", 4: "int32", 8: "int64" } as Record<number, RawDType>)[m.size];
    if (t && (m.signed || m.size === 1)) return t;
  }
  throw new DatasetFormatError(`dataset ${name} has an HDF5 type (class ${m.type}, ${m.size} bytes) that is not importable (bool, integers, floats)`, file);
}

function asRawData(v: unknown, dtype: RawDType, name: string, file: string): RawData {
  if (dtype === "bool" && v instanceof Int8Array) return new Uint8Array(v.buffer, v.byteOffset, v.length);
  if (dtype === "float16" && v instanceof Uint8Array) return new Uint16Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  const ok =
    v instanceof Float32Array || v instanceof Float64Array || v instanceof Int8Array || v instanceof Uint8Array ||
    v instanceof Int16Array || v instanceof Int32Array || v instanceof BigInt64Array;
  if (!ok) throw new DatasetFormatError(`dataset ${name} did not read as a numeric array`, file);
  return v as RawData;
}

export async function openHdf5(file: string): Promise<ArraySource> {
  const lib = await loadH5();
  let f: InstanceType<H5["File"]>;
  try {
    f = new lib.File(file, "r");
  } catch (e) {
    throw new DatasetFormatError(`HDF5 file does not open (${(e as Error).message})`, file);
  }
  const root = f as unknown as H5Group;
  const datasets: string[] = [];
  const walk = (g: H5Group, prefix: string): void => {
    for (const k of g.keys()) {
      const o = g.get(k) as { constructor: { name: string } } | null;
      const path = prefix + k;
      if (o?.constructor.name === "Dataset") datasets.push(path);
      else if (o?.constructor.name === "Group") walk(o as unknown as H5Group, path + "/");
    }
  };
  walk(root, "");
  // Sub-paths shared by numbered top-level groups ("0000/data" ...): offered as "*/<sub-path>".
  const numbered = new Map<string, string[]>();
  for (const p of datasets) {
    const m = /^(\d+)\/(.+)$/.exec(p);
    if (m) numbered.set(m[2]!, [...(numbered.get(m[2]!) ?? []), m[1]!]);
  }
  const stacked = new Map<string, string[]>();
  for (const [sub, groups] of numbered) if (groups.length > 1) stacked.set(`*/${sub}`, groups.sort().map((g) => `${g}/${sub}`));

  const readOne = (path: string, pick: AxisPick): RawArray => {
    const d = root.get(path) as H5Dataset | null;
    if (!d || !Array.isArray(d.shape)) throw new DatasetFormatError(`has no dataset ${JSON.stringify(path)}`, file);
    const dtype = dtypeOf(d, path, file);
    pick.forEach((i, a) => {
      if (i !== null && (a >= d.shape.length || i < 0 || i >= d.shape[a]!))
        throw new DatasetFormatError(`dataset ${path} [${d.shape.join(", ")}] has no index ${i} on axis ${a}`, file);
    });
    const all = pick.every((i) => i === null);
    const v = all ? d.value : d.slice(d.shape.map((_, a): [number, number] | [] => (pick[a] == null ? [] : [pick[a]!, pick[a]! + 1])));
    const shape = d.shape.filter((_, a) => pick[a] == null);
    return { file, name: path, dtype, shape, data: asRawData(v, dtype, path, file) };
  };

  return {
    file,
    format: "hdf5",
    names: () => [...datasets.filter((p) => !/^\d+\//.test(p)), ...stacked.keys()],
    shape(name: string): number[] {
      const parts = stacked.get(name);
      const d = root.get(parts ? parts[0]! : name) as H5Dataset | null;
      if (!d || !Array.isArray(d.shape)) throw new DatasetFormatError(`has no dataset ${JSON.stringify(name)}`, file);
      return parts ? [parts.length, ...d.shape] : [...d.shape];
    },
    read(name: string, pick: AxisPick = []): RawArray {
      const parts = stacked.get(name);
      if (!parts) return readOne(name, pick);
      // Stacked: axis 0 is the group; the pick of axis 0 selects one group.
      const sel = pick[0] == null ? parts : [parts[pick[0]!] ?? ""];
      const arrays = sel.map((p) => readOne(p, pick.slice(1)));
      const first = arrays[0]!;
      arrays.forEach((a) => {
        if (a.dtype !== first.dtype || a.shape.join() !== first.shape.join())
          throw new DatasetFormatError(`${a.name} is ${a.dtype} [${a.shape}], unlike ${first.name} (${first.dtype} [${first.shape}])`, file);
      });
      const per = first.data.length;
      const data = new (first.data.constructor as new (n: number) => RawData)(per * arrays.length);
      arrays.forEach((a, i) => (data as unknown as { set(x: ArrayLike<unknown>, o: number): void }).set(a.data as ArrayLike<unknown>, i * per));
      return { file, name, dtype: first.dtype, shape: pick[0] == null ? [arrays.length, ...first.shape] : first.shape, data };
    },
    close: () => f.close(),
  };
}
