/**
 * Reading PyTorch `.pt` archives as `torch.save` writes them (since torch 1.6): a zip holding
 * `<prefix>/data.pkl` (the object, pickled), `<prefix>/data/<key>` (raw storages) and optionally
 * `<prefix>/byteorder`. Tensors are rebuilt from (storage, offset, size, stride) — strided
 * views included (neuraloperator's Darcy sets are stored transposed) — into C-order arrays.
 * Only tensors and the containers around them (dict, OrderedDict, list, tuple) are read; the
 * legacy pre-1.6 format and pickled Python objects are refused with the name of what was found.
 */
import { readFileSync } from "node:fs";
import { DatasetFormatError } from "../../core/index.js";
import { PyObject, PyTuple, unpickle, type PyValue } from "./pickle.js";
import { RAW_ITEMSIZE, decodeElements, stridedToContiguous, type RawArray, type RawData, type RawDType } from "./raw-array.js";
import { isZip, openZip } from "./zip.js";

const STORAGE_DTYPES: Readonly<Record<string, RawDType>> = {
  BoolStorage: "bool",
  ByteStorage: "uint8",
  CharStorage: "int8",
  ShortStorage: "int16",
  IntStorage: "int32",
  LongStorage: "int64",
  HalfStorage: "float16",
  FloatStorage: "float32",
  DoubleStorage: "float64",
};

interface Storage {
  dtype: RawDType;
  key: string;
}

interface TensorRef {
  storage: Storage;
  offset: number;
  size: number[];
  stride: number[];
}

function intList(v: PyValue, what: string, file: string): number[] {
  const items = v instanceof PyTuple ? v.items : Array.isArray(v) ? v : undefined;
  if (!items || items.some((x) => typeof x !== "number" || !Number.isInteger(x)))
    throw new DatasetFormatError(`pickle: tensor ${what} is not a tuple of integers`, file);
  return items as number[];
}

/** Every tensor in a `.pt` file, by its path in the saved object ("x", "train/a", "0"). */
export function readTorchArchive(file: string): RawArray[] {
  const bytes = new Uint8Array(readFileSync(file));
  if (!isZip(bytes)) {
    const legacy = bytes.length > 2 && bytes[0] === 0x80;
    throw new DatasetFormatError(
      legacy
        ? "is a legacy (pre-1.6) torch file; re-save it with a current torch (torch.save(torch.load(f), f)) to import it"
        : "is not a torch archive (no zip header)",
      file,
    );
  }
  const zip = openZip(file, bytes);
  const pkl = [...zip.entries.keys()].find((k) => /^[^/]+\/data\.pkl$/.test(k));
  if (!pkl) throw new DatasetFormatError("torch archive has no <prefix>/data.pkl", file);
  const prefix = pkl.slice(0, -"data.pkl".length);
  const bo = zip.entries.has(`${prefix}byteorder`) ? new TextDecoder().decode(zip.read(`${prefix}byteorder`)).trim() : "little";
  if (bo !== "little" && bo !== "big") throw new DatasetFormatError(`torch archive byteorder is ${JSON.stringify(bo)}`, file);

  const rebuild = (args: PyValue[]): PyValue => {
    const st = args[0];
    if (!(st instanceof PyObject) || st.kind !== "storage") throw new DatasetFormatError("pickle: tensor without a storage", file);
    const offset = args[1];
    if (typeof offset !== "number") throw new DatasetFormatError("pickle: tensor storage offset is not an integer", file);
    const ref: TensorRef = { storage: st.value as Storage, offset, size: intList(args[2]!, "size", file), stride: intList(args[3]!, "stride", file) };
    return new PyObject("tensor", ref);
  };
  const value = unpickle(
    zip.read(pkl),
    {
      resolve(module, name) {
        if (module === "torch._utils" && (name === "_rebuild_tensor_v2" || name === "_rebuild_tensor")) return rebuild;
        if (module === "torch._utils" && name === "_rebuild_parameter") return (a) => a[0]!;
        if (module === "collections" && name === "OrderedDict") return () => new Map();
        if (module === "torch" && name in STORAGE_DTYPES) return new PyObject("storage-type", STORAGE_DTYPES[name]);
        if (module === "torch" && name.endsWith("Storage"))
          throw new DatasetFormatError(`holds a torch.${name} tensor; importable element types: ${Object.keys(STORAGE_DTYPES).join(", ")}`, file);
        return undefined;
      },
      persistentLoad(pid) {
        // ('storage', storage type, key, location, numel)
        const t = pid instanceof PyTuple ? pid.items : [];
        const type = t[1];
        if (t[0] !== "storage" || !(type instanceof PyObject) || type.kind !== "storage-type" || typeof t[2] !== "string")
          throw new DatasetFormatError("pickle: persistent id is not a torch storage reference", file);
        return new PyObject("storage", { dtype: type.value as RawDType, key: t[2] } satisfies Storage);
      },
    },
    file,
  );

  const storages = new Map<string, RawData>();
  const out: RawArray[] = [];
  const visit = (v: PyValue, path: string): void => {
    if (v instanceof PyObject && v.kind === "tensor") {
      const ref = v.value as TensorRef;
      const { dtype, key } = ref.storage;
      let data = storages.get(key);
      if (!data) {
        const entry = `${prefix}data/${key}`;
        const raw = zip.read(entry);
        const size = RAW_ITEMSIZE[dtype];
        if (raw.length % size !== 0) throw new DatasetFormatError(`storage ${entry} has ${raw.length} bytes, not a multiple of ${size} (${dtype})`, file);
        data = decodeElements(raw, dtype, raw.length / size, bo === "little");
        storages.set(key, data);
      }
      const n = ref.size.reduce((a, b) => a * b, 1);
      const last = ref.offset + ref.size.reduce((s, d, a) => s + (d - 1) * ref.stride[a]!, 0);
      if (n > 0 && (ref.offset < 0 || last >= data.length || ref.stride.some((s) => s < 0)))
        throw new DatasetFormatError(`tensor ${path || "(root)"} reaches outside its storage (${data.length} elements)`, file);
      out.push({ file, name: path, dtype, shape: ref.size, data: stridedToContiguous(data, ref.size, ref.stride, ref.offset) });
    } else if (v instanceof Map) for (const [k, x] of v) visit(x, path ? `${path}/${k}` : String(k));
    else if (Array.isArray(v) || v instanceof PyTuple) (Array.isArray(v) ? v : v.items).forEach((x, i) => visit(x, path ? `${path}/${i}` : String(i)));
  };
  visit(value, "");
  if (out.length === 0) throw new DatasetFormatError("torch archive holds no tensors", file);
  return out;
}
