/**
 * Mapping named arrays onto a store's `[N, ...spatial, C]` layout. Each field states its axes
 * with one letter per array axis: n (samples), t (time snapshots), c (channels), x, y, z
 * (spatial, in this order), 1 (a size-1 axis to drop). A field with a t axis contributes the
 * chosen snapshots; its channels (or 1) times the snapshots become channels, snapshot-major;
 * the fields of a side are concatenated along the channels. docs/datasets.md §Importing.
 */
import { DatasetFormatError, InvalidArgumentError } from "../../core/index.js";
import type { ArraySource, AxisPick } from "./array-source.js";
import { describeArray, rawToFloat64, type RawArray, type RawDType } from "./raw-array.js";

export type AxisLetter = "n" | "t" | "c" | "x" | "y" | "z" | "1";
const LETTERS = new Set(["n", "t", "c", "x", "y", "z", "1"]);
const SPATIAL = ["x", "y", "z"] as const;

export interface FieldSpec {
  /** Array name in the sources ("x", "tensor", "*\/data", "u" for u.npy). */
  readonly name: string;
  /** One letter per array axis, e.g. "nxy", "ntxyc". */
  readonly axes: string;
}

export interface MappedSide {
  /** Float64 `[N, ...spatial, C]`, C order. */
  readonly data: Float64Array;
  readonly n: number;
  readonly spatial: readonly number[];
  readonly channels: readonly string[];
  /** The arrays read, as read (name, dtype, shape, file). */
  readonly arrays: readonly RawArray[];
  /** Element types of the arrays read. */
  readonly dtypes: readonly RawDType[];
}

/** Parse "nxy" (or "n,x,y") into letters, validating them against the argument name. */
export function parseAxes(arg: string, text: string): AxisLetter[] {
  const letters = text.replace(/[,\s]/g, "").split("");
  const bad = letters.find((l) => !LETTERS.has(l));
  if (bad !== undefined || letters.length === 0) throw new InvalidArgumentError(arg, text, "must be axis letters from n, t, c, x, y, z, 1 (e.g. nxy, ntxyc)");
  for (const l of ["n", "t", "c", "x", "y", "z"]) if (letters.filter((x) => x === l).length > 1) throw new InvalidArgumentError(arg, text, `must name axis ${l} at most once`);
  if (!letters.includes("n")) throw new InvalidArgumentError(arg, text, "must include the sample axis n");
  const sp = SPATIAL.filter((s) => letters.includes(s));
  if (sp.length === 0 || sp.some((s, i) => s !== SPATIAL[i])) throw new InvalidArgumentError(arg, text, "must name spatial axes x, then y, then z");
  return letters as AxisLetter[];
}

/** The source holding `name` (exactly one of them must). */
export function findArray(sources: readonly ArraySource[], name: string, what = "field"): ArraySource {
  const has = sources.filter((s) => s.names().includes(name));
  if (has.length === 1) return has[0]!;
  if (has.length > 1) throw new InvalidArgumentError(what, name, `must be in one file only; it is in ${has.map((s) => s.file).join(", ")}`);
  const all = sources.map((s) => `${s.file}: ${s.names().join(", ")}`).join("; ");
  throw new InvalidArgumentError(what, name, `must be one of the arrays in the files (${all})`);
}

/** Resolve snapshot indices (negative from the end) against a time axis of length T. */
function resolveTimes(times: readonly number[], T: number, field: string, file: string): number[] {
  return times.map((t) => {
    const i = t < 0 ? T + t : t;
    if (!Number.isInteger(t) || i < 0 || i >= T) throw new DatasetFormatError(`field ${field} has ${T} time snapshots; there is no snapshot ${t}`, file);
    return i;
  });
}

/** Read and lay out one side (inputs or outputs). `times` applies to fields with a t axis. */
export function mapSide(
  side: "input" | "output",
  sources: readonly ArraySource[],
  fields: readonly FieldSpec[],
  times: readonly number[],
  samples?: { start: number; end?: number },
): MappedSide {
  if (fields.length === 0) throw new InvalidArgumentError(`--${side}`, fields, "must name at least one field");
  const parts: Array<{ values: Float64Array; n: number; spatial: number[]; channels: string[] }> = [];
  const arrays: RawArray[] = [];
  for (const f of fields) {
    const src = findArray(sources, f.name, `${side} field`);
    const axes = parseAxes(`axes of ${side} field ${f.name}`, f.axes);
    const shape = src.shape(f.name);
    if (shape.length !== axes.length)
      throw new DatasetFormatError(`field ${f.name} [${shape.join(", ")}] has ${shape.length} axes but axes "${f.axes}" name ${axes.length}`, src.file);
    axes.forEach((l, a) => {
      if (l === "1" && shape[a] !== 1) throw new DatasetFormatError(`field ${f.name} [${shape.join(", ")}] axis ${a} has size ${shape[a]}, not 1`, src.file);
    });
    const tAxis = axes.indexOf("t");
    const tIdx = tAxis >= 0 ? resolveTimes(times, shape[tAxis]!, f.name, src.file) : [0];
    // One snapshot is picked while reading (an HDF5 hyperslab: the other steps are never loaded).
    const single = tAxis >= 0 && tIdx.length === 1;
    const raw = single ? src.read(f.name, timePick(shape.length, tAxis, tIdx[0]!)) : src.read(f.name);
    const ax: AxisLetter[] = single ? axes.filter((l) => l !== "t") : axes;
    const tStride = (l: number) => (single ? 0 : l);
    arrays.push(raw);
    const strides: number[] = [];
    let acc = 1;
    for (let a = raw.shape.length - 1; a >= 0; a--) (strides[a] = acc), (acc *= raw.shape[a]!);
    const size = (l: AxisLetter) => (ax.includes(l) ? raw.shape[ax.indexOf(l)]! : 1);
    const stride = (l: AxisLetter) => (ax.includes(l) ? strides[ax.indexOf(l)]! : 0);
    const nAll = size("n");
    const s0 = samples?.start ?? 0;
    const s1 = samples?.end ?? nAll;
    if (!(s0 >= 0 && s1 <= nAll && s0 < s1)) throw new InvalidArgumentError("--samples", `${s0}:${s1}`, `must lie within the ${nAll} samples of ${f.name}`);
    const spatial = SPATIAL.filter((l) => ax.includes(l)).map((l) => size(l));
    const C = size("c");
    const channels: string[] = [];
    for (const t of tIdx) for (let c = 0; c < C; c++) channels.push(`${f.name}${tAxis >= 0 ? `@t${t}` : ""}${C > 1 ? `[${c}]` : ""}`);
    const v = rawToFloat64(raw);
    const n = s1 - s0;
    const P = spatial.reduce((a, b) => a * b, 1);
    const K = channels.length;
    const out = new Float64Array(n * P * K);
    const spStr = SPATIAL.filter((l) => ax.includes(l)).map((l) => stride(l));
    const off = new Int32Array(P);
    const idx = new Array<number>(spatial.length).fill(0);
    for (let p = 0; p < P; p++) {
      off[p] = idx.reduce((s, i, a) => s + i * spStr[a]!, 0);
      for (let a = spatial.length - 1; a >= 0; a--) {
        if (++idx[a]! < spatial[a]!) break;
        idx[a] = 0;
      }
    }
    const chOff = new Int32Array(K);
    tIdx.forEach((t, ti) => {
      for (let c = 0; c < C; c++) chOff[ti * C + c] = tStride(t) * stride("t") + c * stride("c");
    });
    const sn = stride("n");
    for (let i = 0; i < n; i++) {
      const base = (s0 + i) * sn;
      for (let p = 0; p < P; p++) for (let k = 0; k < K; k++) out[(i * P + p) * K + k] = v[base + off[p]! + chOff[k]!]!;
    }
    parts.push({ values: out, n, spatial, channels });
  }
  const first = parts[0]!;
  parts.forEach((p, k) => {
    if (p.n !== first.n || p.spatial.join() !== first.spatial.join())
      throw new DatasetFormatError(
        `${side} field ${fields[k]!.name} has ${p.n} samples on [${p.spatial.join(", ")}], unlike ${fields[0]!.name} (${first.n} on [${first.spatial.join(", ")}])`,
        arrays[k]!.file,
      );
  });
  const P = first.spatial.reduce((a, b) => a * b, 1);
  const K = parts.reduce((s, p) => s + p.channels.length, 0);
  const data = new Float64Array(first.n * P * K);
  let k0 = 0;
  for (const p of parts) {
    const kp = p.channels.length;
    for (let q = 0; q < first.n * P; q++) for (let k = 0; k < kp; k++) data[q * K + k0 + k] = p.values[q * kp + k]!;
    k0 += kp;
  }
  return { data, n: first.n, spatial: first.spatial, channels: parts.flatMap((p) => p.channels), arrays, dtypes: arrays.map((a) => a.dtype) };
}

/** Pick argument for reading only snapshot `t` of a field whose axis `tAxis` is time. */
export function timePick(rank: number, tAxis: number, t: number): AxisPick {
  return Array.from({ length: rank }, (_, a) => (a === tAxis ? t : null));
}
